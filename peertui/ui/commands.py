"""Command palette entries: each screen lists its main actions in PALETTE."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class MeetingCommands(Provider):
    """Offers the actions the current screen declares, so every main action is searchable."""

    def _entries(self) -> list[tuple[str, str, str]]:
        return list(getattr(self.screen, "PALETTE", []))

    async def discover(self) -> Hits:
        for title, action, help_text in self._entries():
            yield DiscoveryHit(title, partial(self.screen.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.screen.run_action, action),
                          help=help_text)
