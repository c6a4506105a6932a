"""What a meeting file's bytes must hold for a search to find anything in it: tests on
the bytes, before any decoding, so a first search reads many files but decodes few.

Each is a necessary condition only (a file that passes may still hold no hit), and never
fails a file that holds one: the property test (tests/review/test_search_lean.py) checks
the search against a plain loop over the store's whole read.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from peertui.store.search_codec import kind_records

Needle = tuple[bytes, ...]  # any one of these must be in the file's bytes
#: A search's words and filters, as MeetingEntry.matches and may_hold_hit take them.
Query = tuple[list[str], str | None, str | None, bool]


def _plain_ascii(text: str) -> bool:
    return text.isascii() and '"' not in text and "\\" not in text


#: The only characters whose lowercase (str.lower) holds an ASCII letter: the Kelvin sign
#: (to 'k') and the dotted capital I (to 'i' and a combining dot, so only a word ending in
#: 'i' can match across it), in UTF-8 or escaped (json.dumps writes \u212a).  A file
#: holding one may hold an ASCII word its ASCII-lowercased bytes do not show.
_KELVIN = (b"\xe2\x84\xaa", b"\\u212a", b"\\u212A")
_DOTTED_I = (b"\xc4\xb0", b"\\u0130")


def _fold_safe(raw: bytes, words: Collection[str]) -> bool:
    """Whether ASCII words found in no case in the file's bytes are in none of its texts
    (each look costs as much as the search itself, so only where a word needs it)."""
    return not (any("k" in w for w in words) and any(c in raw for c in _KELVIN)) and \
        not (any(w.endswith("i") for w in words) and any(c in raw for c in _DOTTED_I))


@dataclass(frozen=True)
class RawFilter:
    """What an unread meeting file must contain for any item of it to match.

    Only plain ASCII qualifies: the file is UTF-8 JSON written without escaping non-ASCII
    text, so an ASCII word absent from its ASCII-lowercased bytes is in no item (`folded`;
    but for two characters, see _fold_safe).
    A member filter needs the member's id in the file as it is, a kind filter its "kind"
    field (`exact`): looked for first, as they need no lowercased copy of the file.
    """

    exact: tuple[Needle, ...] = ()
    folded: tuple[Needle, ...] = ()
    words: tuple[str, ...] = ()  # the folded needles' words

    def __bool__(self) -> bool:
        return bool(self.exact or self.folded)

    def passes(self, raw: bytes) -> bool:
        if any(all(alt not in raw for alt in needle) for needle in self.exact):
            return False
        if not self.folded or not _fold_safe(raw, self.words):
            return True
        # A file holding the member or kind asked for likely holds the words as typed: a
        # look for them as they are spares lowercasing it.  Otherwise that look would
        # mostly be wasted (a rare word is in no case in most files): lowercase at once.
        missing = [n for n in self.folded if all(alt not in raw for alt in n)] \
            if self.exact else self.folded
        if not missing:
            return True
        lowered = raw.lower()  # ASCII only: bytes.translate with a table is slower still
        return all(any(alt in lowered for alt in needle) for needle in missing)


def kind_verdict(raw: bytes, query: Query) -> bool | None:
    """Whether any item of the query's kind in a file may match, told from its bytes
    (store/search_codec.kind_records) without decoding it; None when that cannot be told.
    Like may_hold_hit, never False where an item matches."""
    words, member_id, kind, include_private = query
    if kind is None or (member_id is not None and not _plain_ascii(member_id)):
        return None
    if words and not (all(_plain_ascii(w) and w.isprintable() for w in words)
                      and _fold_safe(raw, words)):
        return None
    records = kind_records(raw, kind)
    if records is None:
        return None
    named = f'"{member_id}"'.encode("ascii") if member_id else None
    for record in records:
        if record.private and not include_private:
            continue
        if member_id is not None and (named is None or named not in record.names):
            continue
        if words:  # an ASCII word with no quote or backslash is in the JSON as in the text
            text = record.text.lower()
            if any(w.encode("ascii") not in text for w in words):
                continue
        return True
    return False


def raw_filter(words: list[str], member_id: str | None = None,
               kind: str | None = None) -> RawFilter:
    """The RawFilter of a query's words and filters."""
    folded: list[Needle] = []
    exact: list[Needle] = []
    if words and all(_plain_ascii(w) for w in words):
        folded += [(w.encode("ascii"),) for w in words]
    if member_id and _plain_ascii(member_id):
        exact.append((member_id.encode("ascii"),))
    if kind and _plain_ascii(kind):
        exact.append((f'"kind":"{kind}"'.encode("ascii"), f'"kind": "{kind}"'.encode("ascii")))
    return RawFilter(tuple(exact), tuple(folded), tuple(words) if folded else ())
