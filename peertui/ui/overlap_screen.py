"""A screen whose partial updates ask only the widgets they overlap for lines.

Textual's compositor, to repaint part of a screen, asks every widget whose clip (its
container's area) overlaps that part for its lines, and then keeps only the cells inside it.
On the live screen the countdown's three rows, once a second, asked fifteen widgets (the
header, the footer, the side panel among them) for lines that were all cut away again: most
of what a running meeting costs when nobody touches it (tests/bench bar 8).  Here only a
widget whose visible area overlaps the update is asked.  Nothing else can show in an
update: the compositor writes to the terminal only the cells of the changed regions, and a
widget that paints none of them gives none of them.

It relies on Compositor._get_renders, Textual's own, unchanged since 0.x; Textual is pinned
to a minor series, and tests/ui/test_overlap_screen.py compares this screen's frames with
Textual's own after every kind of update.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual._compositor import Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip

ResultT = TypeVar("ResultT")


class OverlapCompositor(Compositor):
    """Textual's compositor, asking only the widgets that overlap a partial update."""

    def _get_renders(self, crop: Region | None = None
                     ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:  # the whole screen: every widget, as Textual does
            yield from super()._get_renders(crop)
            return
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not shown or not crop.overlaps(shown):
                continue
            yield region, clip, widget.render_lines(
                Region(shown.x - region.x, shown.y - region.y, shown.width, shown.height))


class OverlapScreen(Screen[ResultT]):
    """A Screen painted by the OverlapCompositor."""

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._compositor = OverlapCompositor()
