"""The agenda down the side: each segment's planned and actual time, the current one marked."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from peertui.domain.clock import ClockState, SlotState, format_clock


def _segments(state: ClockState) -> list[tuple[str, str, list[SlotState]]]:
    groups: list[tuple[str, str, list[SlotState]]] = []
    for slot in state.slots:
        if groups and groups[-1][0] == slot.slot.segment_key:
            groups[-1][2].append(slot)
        else:
            groups.append((slot.slot.segment_key, slot.slot.segment_title, [slot]))
    return groups


class AgendaRail(Static):
    state: reactive[ClockState | None] = reactive(None, layout=False)

    def watch_state(self, state: ClockState | None) -> None:
        if state is not None:
            self.update(self.build(state))

    def build(self, state: ClockState) -> Table:
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(width=1)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(justify="right", width=7)
        table.add_column(justify="right", width=7)
        table.add_row("", Text("segment", style="dim"), Text("plan", style="dim"),
                      Text("actual", style="dim"))
        current_index = state.index if state.status != "setup" else -1
        for _key, title, slots in _segments(state):
            planned = sum(s.allowed for s in slots)
            actual = sum(s.elapsed for s in slots)
            is_current = any(s.index == current_index for s in slots)
            over = actual > planned
            mark = "▶" if is_current else ("✓" if all(s.visited for s in slots)
                                           and not is_current else " ")
            style = "bold reverse" if is_current else ("dim" if mark == "✓" else "")
            table.add_row(mark, Text(title, style=style), format_clock(planned),
                          Text(format_clock(actual) if actual else "",
                               style="red" if over else ""))
            if is_current and len(slots) > 1:
                for slot in slots:
                    here = slot.index == current_index
                    table.add_row("", Text(("› " if here else "  ") + slot.slot.title,
                                           style="bold" if here else "dim"),
                                  format_clock(slot.allowed),
                                  Text(format_clock(slot.elapsed) if slot.elapsed else "",
                                       style="red" if slot.overtime else ""))
        return table
