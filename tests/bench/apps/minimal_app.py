"""The start-up baseline: the smallest real Textual app (Header, Footer, one Static).

With --timer it also updates the Static once a second: the idle-CPU baseline.
"""

from __future__ import annotations

import sys
import time

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

MARKER = "minimal-app-ready"


class MinimalApp(App[None]):
    def __init__(self, timer: bool) -> None:
        super().__init__()
        self.timer = timer

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER, id="body")
        yield Footer()

    def on_mount(self) -> None:
        if self.timer:
            self.set_interval(1.0, self.tick)

    def tick(self) -> None:
        self.query_one("#body", Static).update(f"{MARKER} {time.strftime('%H:%M:%S')}")


if __name__ == "__main__":
    MinimalApp(timer="--timer" in sys.argv).run()
