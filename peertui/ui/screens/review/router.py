"""Opening the review views by name: how home and the review screens open one another.

The views import one another only through here, and only when one is opened: home starts
without any of them (README, Performance: each screen's imports wait until it is opened),
and the meeting detail and search, which open each other, need no import of each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen


def open_view(app: App[Any], view: str, **kwargs: Any) -> None:
    """Open a review view: 'past', 'search', 'actions' or 'meeting' (meeting_id, item_id)."""
    # Imported when a view is first opened, not with home (start-up time, tests/bench).
    from peertui.ui.screens.review.actions import ActionsScreen
    from peertui.ui.screens.review.meeting import MeetingDetailScreen
    from peertui.ui.screens.review.past import ReviewScreen
    from peertui.ui.screens.review.search import SearchScreen

    screens: dict[str, Callable[..., Screen[Any]]] = {
        "past": ReviewScreen, "search": SearchScreen, "actions": ActionsScreen,
        "meeting": MeetingDetailScreen,
    }
    app.push_screen(screens[view](**kwargs))
