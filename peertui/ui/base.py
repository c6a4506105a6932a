"""Typed access to the app for screens, modal dialogs and widgets.

Textual types ``self.app`` as ``App[Any]``.  ``peer`` is the same app as a PeerApp (Textual's
``getters.app`` checks that at run time), and ``store``, ``time``, ``today`` and ``group``
read through it with their types.  The current group lives in one place, the app's
``group`` reactive: a screen showing it reads ``self.group`` and, if it must follow a switch
or a save while shown, watches it (``watch_group``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from textual import getters
from textual.dom import DOMNode
from textual.screen import ModalScreen

from peertui.domain.models import Group
from peertui.domain.timesource import TimeSource
from peertui.store import Store
from peertui.ui.app import PeerApp
from peertui.ui.overlap_screen import OverlapScreen

ResultT = TypeVar("ResultT")


class PeerNode(DOMNode):
    """Mixed into the screens and widgets of the PeerApp (see PeerScreen, PeerModal)."""

    peer = getters.app(PeerApp)

    @property
    def store(self) -> Store:
        return self.peer.store

    @property
    def time(self) -> TimeSource:
        return self.peer.time

    @property
    def today(self) -> date:
        return self.peer.today

    @property
    def group(self) -> Group | None:
        """The group the app shows (None only before one exists: the welcome screen)."""
        return self.peer.group

    def require_group(self) -> Group:
        """The group, where one must be open: every screen but the welcome screen opens
        only once there is one."""
        group = self.peer.group
        if group is None:
            raise LookupError("No group is open.")
        return group

    def watch_group(self, callback: Callable[[Group | None], None]) -> None:
        """Call *callback* with the group whenever it changes: switched, or saved and
        re-read (PeerApp.reload_group)."""
        self.watch(self.peer, "group", callback, init=False)


class PeerScreen(OverlapScreen[ResultT], PeerNode):
    """A screen of the PeerApp (painted by the OverlapCompositor: overlap_screen.py)."""


class PeerModal(ModalScreen[ResultT], PeerNode):
    """A modal dialog of the PeerApp."""
