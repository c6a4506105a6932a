"""A tiny terminal emulator: enough of VT100/xterm to read what Textual drew on a pty.

The crash test must know what the *screen* showed before a kill, not what the process meant
to do.  Textual repaints by absolute cursor moves (CSI row;col H) followed by styled text, so a
character grid that honours cursor moves, erases and printable text reproduces the screen.
Colours, modes and queries are parsed and ignored.
"""

from __future__ import annotations

import unicodedata


def _width(ch: str) -> int:
    """Cells a character takes: wide East Asian and most emoji take two, combining marks none."""
    if unicodedata.combining(ch) or ch in "\u200d\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


class Screen:
    """A character grid fed with the raw bytes a program writes to its terminal."""

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self.grid = [[" "] * columns for _ in range(rows)]
        self.x = 0
        self.y = 0
        self._pending = ""  # an escape sequence split across reads

    def feed(self, data: str) -> None:
        text = self._pending + data
        self._pending = ""
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\x1b":
                end = self._escape(text, i)
                if end is None:  # incomplete: keep it for the next read
                    self._pending = text[i:]
                    return
                i = end
                continue
            if ch == "\r":
                self.x = 0
            elif ch == "\n":
                self.y = min(self.y + 1, self.rows - 1)
            elif ch == "\b":
                self.x = max(0, self.x - 1)
            elif ch >= " " and ch != "\x7f":
                self._put(ch)
            i += 1

    def _put(self, ch: str) -> None:
        width = _width(ch)
        if width == 0:
            return
        if 0 <= self.y < self.rows and 0 <= self.x < self.columns:
            self.grid[self.y][self.x] = ch
            if width == 2 and self.x + 1 < self.columns:
                self.grid[self.y][self.x + 1] = ""
        self.x += width

    def _escape(self, text: str, i: int) -> int | None:
        """Apply the escape sequence at *i*; return the index after it, or None if cut short."""
        if i + 1 >= len(text):
            return None
        kind = text[i + 1]
        if kind == "[":
            j = i + 2
            while j < len(text) and not ("@" <= text[j] <= "~"):
                j += 1
            if j >= len(text):
                return None
            self._csi(text[i + 2:j], text[j])
            return j + 1
        if kind in "]PX^_":  # OSC / DCS / SOS / PM / APC: up to BEL or ST
            j = i + 2
            while j < len(text):
                if text[j] == "\x07":
                    return j + 1
                if text[j] == "\x1b" and j + 1 < len(text) and text[j + 1] == "\\":
                    return j + 2
                j += 1
            return None
        if kind in "()*+#%":  # charset designations take one more character
            return i + 3 if i + 2 < len(text) else None
        return i + 2

    def _csi(self, params: str, final: str) -> None:
        if params[:1] in "?<>=":  # private modes and queries: nothing to draw
            return
        try:
            nums = [int(p) if p else 0 for p in params.split(";")] if params else []
        except ValueError:
            return
        first = nums[0] if nums else 0
        if final in "Hf":
            row = (nums[0] if len(nums) > 0 and nums[0] else 1) - 1
            col = (nums[1] if len(nums) > 1 and nums[1] else 1) - 1
            self.y, self.x = min(max(row, 0), self.rows - 1), max(col, 0)
        elif final == "G":
            self.x = max((first or 1) - 1, 0)
        elif final == "A":
            self.y = max(self.y - (first or 1), 0)
        elif final == "B":
            self.y = min(self.y + (first or 1), self.rows - 1)
        elif final == "C":
            self.x += first or 1
        elif final == "D":
            self.x = max(self.x - (first or 1), 0)
        elif final == "K":
            row = self.grid[self.y]
            spans = {0: (self.x, self.columns), 1: (0, self.x + 1)}
            start, stop = spans.get(first, (0, self.columns))
            for col in range(max(start, 0), min(stop, self.columns)):
                row[col] = " "
        elif final == "J":
            if first == 2 or first == 3:
                self.grid = [[" "] * self.columns for _ in range(self.rows)]
            elif first == 0:
                self.grid[self.y][self.x:] = [" "] * (self.columns - min(self.x, self.columns))
                for row in range(self.y + 1, self.rows):
                    self.grid[row] = [" "] * self.columns

    def lines(self) -> list[str]:
        """The screen as text, one string per row."""
        return ["".join(row) for row in self.grid]

    def text(self) -> str:
        return "\n".join(self.lines())
