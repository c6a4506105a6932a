"""A widget drawn line by line that reads its own style once a frame, not once a line.

Widget.rich_style walks every ancestor to find the background; a widget whose render_line
asks for it each line paid that walk 28 times a second on the projector's big digits and
three times a line on the live feed (tests/bench bars 7 and 8).
"""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class FrameStyle(Widget):
    """A base whose render_line uses ``line_style``.  Beside another widget class, list it
    second (``class T(DataTable, FrameStyle)``): Textual takes CSS and component classes
    from the first base only."""

    _frame_style: Style | None = None  # set only while a frame is being rendered

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    @property
    def in_frame(self) -> bool:
        return self._frame_style is not None

    @property
    def line_style(self) -> Style:
        """The widget's style: the frame's, or read now outside a frame."""
        return self.rich_style if self._frame_style is None else self._frame_style
