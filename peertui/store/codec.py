"""Typed records in and out of the store's files: the one place raw JSON becomes records.

Reads decode a file's bytes straight into its record types (msgspec validates while it
parses); anything of another shape is a StoreError naming the file, the record and the field,
worded for the person at the keyboard.  Every string read is also made safe to draw here,
once for every screen, the projector and the command line: a control character (ESC, BEL,
a C1 CSI...) in a hand-edited or imported file becomes U+FFFD in the record (see
domain/text.neutral), while the file itself is left as it is.  Writes turn records back
into the plain JSON TinyDB keeps, checking them against the same types first, so nothing
unreadable is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from peertui.domain.records import Item, Meeting, MeetingFile
from peertui.domain.text import clean_text, neutral

from .errors import CORRUPT_ADVICE, StoreError, shape_error

T = TypeVar("T")

_TYPE_WORDS = {
    "str": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
    "array": "a list", "object": "a record", "null": "null", "number": "a number",
}
_EXPECTED = re.compile(r"Expected `(?P<want>[^`]+)`, got `(?P<got>[^`]+)`")
_SURROGATE = re.compile("[\ud800-\udfff]")  # in a str, a surrogate is always a lone half
#: What a file holding a control character must contain: an escape for one (\u0000-\u001f,
#: \u007f-\u009f, \b, \f, \r), a raw DEL, or a raw C1 character (UTF-8 \xc2\x80-\x9f).
#: Raw C0 bytes are not valid JSON (msgspec refuses them).  A newline or tab escape is text,
#: so it does not count; a false hit (an escaped backslash before a 'b') only costs the slow
#: path.  Each is looked for on its own: a pattern starting with a literal, or one byte,
#: is searched at memchr speed (about 50 us for 100 kB, where one alternation took 450).
_CONTROL_ESCAPE = re.compile(rb"\\(?:u00[0189]|u007[fF]|[bfr])")
_RAW_C1 = re.compile(rb"\xc2[\x80-\x9f]")
#: One JSON escape or raw control character, for neutral_json; an escaped backslash is
#: matched as a whole, so the 'b' of '\\b' is never read as a backspace.
_ESCAPE_OR_CONTROL = re.compile(
    rb"\\(?:\\|u00[0189][0-9a-fA-F]|u007[fF]|[bfr])|\x7f|\xc2[\x80-\x9f]")
_MISSING = re.compile(r"Object missing required field `(?P<field>[^`]+)`")
_AT = re.compile(r" - at `\$(?P<path>[^`]*)`$")


def _words(kind: str) -> str:
    parts = [p.strip() for p in kind.split("|")]
    return " or ".join(_TYPE_WORDS.get(p, p) for p in parts)


def explain(error: msgspec.ValidationError, record: str = "") -> str:
    """msgspec's message in words: "item 3 (id 7f2c): field 'text' should be text, not a
    whole number"."""
    message = str(error)
    path = ""
    at = _AT.search(message)
    if at is not None:
        message = message[: at.start()]
        path = at["path"].replace("[...]", "").lstrip(".")
    expected = _EXPECTED.match(message)
    missing = _MISSING.match(message)
    if missing is not None:
        field = f"{path}.{missing['field']}" if path else missing["field"]
        text = f"field '{field}' is missing"
    else:
        if expected is not None:
            message = f"should be {_words(expected['want'])}, not {_words(expected['got'])}"
        elif message.startswith("Invalid enum value"):
            message = "has a value peertui does not know " + message.removeprefix(
                "Invalid enum value").strip()
        text = f"field '{path}' {message}" if path else message
    shown = " ".join(clean_text(text).split())[:200]  # a hand-edited file may hold escapes
    return f"{record}: {shown}" if record else shown


def _records(raw: bytes, table: str) -> dict[str, msgspec.Raw]:
    """One table's records, each still undecoded, to find which one is malformed."""
    tables = msgspec.json.decode(raw, type=dict[str, dict[str, msgspec.Raw]])
    return tables.get(table, {})


def _describe_doc(doc_id: str, raw: msgspec.Raw, what: str) -> str:
    ident = msgspec.json.decode(raw, type=dict[str, Any]).get("id") if raw else None
    named = f" (id {clean_text(ident)[:40]})" if isinstance(ident, str) and ident else ""
    return f"{what} {doc_id}{named}"


def locate(raw: bytes, path: Path, tables: dict[str, tuple[str, type[Any]]],
           error: msgspec.ValidationError) -> StoreError:
    """Find the first malformed record of a file that failed to decode, and say which."""
    try:
        for table, (what, kind) in tables.items():
            for doc_id, doc in _records(raw, table).items():
                try:
                    msgspec.json.decode(doc, type=kind)
                except msgspec.ValidationError as found:
                    return shape_error(path, explain(found, _describe_doc(doc_id, doc, what)))
    except (msgspec.DecodeError, msgspec.ValidationError):
        pass
    return shape_error(path, explain(error))


def check_bytes(raw: bytes, path: Path) -> None:
    """Empty and non-UTF-8 files get their own words (a crash, a foreign file)."""
    if not raw:
        raise StoreError(path, "it is empty (zero bytes), probably cut short by a crash")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreError(path, "it is not UTF-8 text (damaged?)", CORRUPT_ADVICE) from None


def _without_surrogates(value: object) -> object:
    """The same JSON value with each lone surrogate (half of a UTF-16 pair, not a character)
    replaced by U+FFFD, the replacement character."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def without_surrogates(value: object) -> object:
    """Public name for the writers (atomic.encode_tables, the meeting encoder)."""
    return _without_surrogates(value)


def may_hold_controls(raw: bytes) -> bool:
    """Whether a file's bytes can hold a control character (see _CONTROL_ESCAPE)."""
    return (b"\x7f" in raw
            or (b"\\" in raw and _CONTROL_ESCAPE.search(raw) is not None)
            or (b"\xc2" in raw and _RAW_C1.search(raw) is not None))


def _neutral_match(match: re.Match[bytes]) -> bytes:
    """One escape or control character as neutral() shows it, written back as JSON."""
    found = match.group()
    if found == b"\\\\":
        return found
    char = msgspec.json.decode(b'"' + found + b'"', type=str)
    return msgspec.json.encode(neutral(char))[1:-1]


def neutral_json(raw: bytes) -> bytes:
    """The same JSON with every string as neutral() makes it (only escapes and control
    characters change; they can only sit inside strings)."""
    return _ESCAPE_OR_CONTROL.sub(_neutral_match, raw)


def drawable(raw: bytes) -> bytes:
    """A file's bytes with every string made safe to draw (neutral_json), scanned first so
    that most files, holding no control character, cost nothing more."""
    return neutral_json(raw) if may_hold_controls(raw) else raw


def _escaped_surrogates(raw: bytes, kind: type[T]) -> T | None:
    """A file holding a lone surrogate (written \\ud800-style, the only way JSON can hold
    one) is valid JSON that msgspec's parser refuses: read it the slow way, with each such
    half-character shown as U+FFFD.  Nothing else in the file is changed."""
    import json

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return msgspec.json.decode(msgspec.json.encode(_without_surrogates(data)), type=kind)


def decode(raw: bytes, kind: type[T], path: Path,
           tables: dict[str, tuple[str, type[Any]]]) -> T:
    """A whole file as its record type; every kind of damage is a StoreError.

    Its strings are made safe to draw first, on the bytes (neutral_json), and only when a
    scan of the bytes finds something to neutralise: most files cost nothing more.
    """
    safe = drawable(raw)
    try:
        try:
            return msgspec.json.decode(safe, type=kind)
        except msgspec.DecodeError:
            check_bytes(raw, path)
            found = _escaped_surrogates(safe, kind) if b"\\ud" in safe.lower() else None
            if found is None:
                raise
            return found
    except msgspec.ValidationError as error:
        check_bytes(raw, path)
        raise locate(raw, path, tables, error) from None
    except msgspec.DecodeError:
        raise StoreError(path, "it is not valid JSON (truncated?)", CORRUPT_ADVICE) from None


def decode_record(raw: bytes, kind: type[T]) -> T:
    """One small record (a lease file) with its strings safe to draw; msgspec's
    DecodeError or ValidationError for the caller to judge."""
    return msgspec.json.decode(drawable(raw), type=kind)


MEETING_TABLES: dict[str, tuple[str, type[Any]]] = {
    "meeting": ("meeting record", Meeting), "items": ("item", Item)}


def decode_meeting(raw: bytes, path: Path) -> tuple[Meeting, tuple[Item, ...]]:
    """A meeting file: its one meeting record and its items in the order they were saved."""
    found = decode(raw, MeetingFile, path, MEETING_TABLES)
    if len(found.meeting) != 1:
        raise shape_error(path, f"expected one meeting record, found {len(found.meeting)}")
    meeting = next(iter(found.meeting.values()))
    if path.stem != meeting.id:
        raise shape_error(path, f"the meeting record's id {meeting.id!r} is not the file's name")
    try:
        order = sorted(found.items, key=int)
    except ValueError:
        raise shape_error(path, "an item's record number is not a number") from None
    return meeting, tuple(found.items[doc] for doc in order)


def plain(record: msgspec.Struct) -> dict[str, Any]:
    """A record as the JSON object TinyDB stores."""
    data = msgspec.to_builtins(record)
    assert isinstance(data, dict)
    return data


def encode_meeting(meeting: Meeting, items: tuple[Item, ...]) -> bytes:
    """A meeting file as TinyDB lays it out: one meeting record, items numbered 1, 2, ..."""
    tables = {
        "meeting": {"1": checked(meeting, Meeting, f"meeting {meeting.id}")},
        "items": {str(n): checked(item, Item, f"item {item.id}")
                  for n, item in enumerate(items, 1)},
    }
    try:
        return msgspec.json.encode(tables)
    except (msgspec.EncodeError, UnicodeEncodeError):  # a lone surrogate: not text, so U+FFFD
        return msgspec.json.encode(without_surrogates(tables))


def checked(record: T, kind: type[T], what: str) -> dict[str, Any]:
    """A record about to be written, as plain JSON, after checking it against its type: a
    caller's mistake (a number where text belongs) fails here, not at the next read."""
    data = msgspec.to_builtins(record)
    try:
        msgspec.convert(data, type=kind)
    except msgspec.ValidationError as error:
        raise ValueError(f"{what} is malformed: {explain(error)}") from None
    assert isinstance(data, dict)
    return data
