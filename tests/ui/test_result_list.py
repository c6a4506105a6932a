"""The search results list: drawn line by line, moved by keys and clicks, never unescaped."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult

import peertui.ui
from peertui.ui.widgets.result_list import Column, ResultList, Row, printable

APP_CSS = Path(peertui.ui.__file__).parent / "app.tcss"
COLUMNS = (Column("Date", 10), Column("Segment", 12, hide_below=60), Column("Text"))


class ListApp(App[None]):
    CSS_PATH = APP_CSS  # the app's own styles: the list's cursor, stripes and marks

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield ResultList(COLUMNS)

    def on_result_list_selected(self, event: ResultList.Selected) -> None:
        self.chosen.append(event.index)


def rows(count: int) -> list[Row]:
    texts = [f"note number {n} about the budget" for n in range(count)]
    return [Row(("2026-09-18", "Deep dive", text), ((text.find("budget"), len(text)),))
            for text in texts]


def line(results: ResultList, y: int) -> str:
    return results.render_line(y).text


async def test_header_rows_and_the_text_column_taking_the_width() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 10)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows(rows(3))
        await pilot.pause()
        assert line(results, 0).split() == ["Date", "Segment", "Text"]
        first = line(results, 1)
        assert first.startswith(" 2026-09-18  Deep dive     note number 0 about the budget")
        assert len(first) == 80
        assert line(results, 4).strip() == ""  # below the last row
        assert results.row_count == 3
        assert results.get_row_at(2)[2] == "note number 2 about the budget"


async def test_long_text_ends_in_an_ellipsis_and_narrow_lists_drop_a_column() -> None:
    app = ListApp()
    async with app.run_test(size=(50, 10)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows([Row(("2026-09-18", "Deep dive", "word " * 40))])
        await pilot.pause()
        assert "Segment" not in line(results, 0)  # narrower than 60: the text keeps its room
        first = line(results, 1)
        assert len(first) == 50
        assert first.rstrip().endswith("…")
        assert "Deep dive" not in first


async def test_matched_words_are_marked() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 10)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows(rows(2))
        await pilot.pause()
        strip = results.render_line(2)  # not the cursor row
        marked = [s.text for s in strip if s.style is not None and s.style.reverse]
        assert marked == ["budget"]


async def test_keys_move_the_cursor_and_enter_chooses() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 10)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows(rows(30))
        results.focus()
        await pilot.press("down", "down", "enter")
        assert app.chosen == [2]
        await pilot.press("end")
        assert results.cursor_row == 29
        assert results.scroll_offset.y > 0  # the last row is in view
        assert "note number 29" in "".join(line(results, y) for y in range(10))
        await pilot.press("home", "up")
        assert results.cursor_row == 0
        await pilot.press("pagedown")
        assert results.cursor_row == 8  # a screenful less the header and one of context
        results.set_rows(rows(2))  # a new search: back to the top
        assert results.cursor_row == 0
        assert results.scroll_offset.y == 0


async def test_a_click_chooses_the_row_under_it() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 10)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows(rows(5))
        await pilot.pause()
        await pilot.click(ResultList, offset=(20, 3))
        assert app.chosen == [2]
        await pilot.click(ResultList, offset=(20, 0))  # the header chooses nothing
        assert app.chosen == [2]


async def test_stored_control_characters_never_reach_the_terminal() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 10)) as pilot:
        results = app.query_one(ResultList)
        results.set_rows([Row(("2026-09-18", "x\x07", "\x1b]0;owned\x07 two\nlines [red]"),
                              ((18, 23),))])
        await pilot.pause()
        shown = line(results, 1)
        assert "\x1b" not in shown and "\x07" not in shown and "\n" not in shown
        assert "\ufffd]0;owned\ufffd two lines [red]" in shown  # markup shows as typed
    assert printable("a\tb\x9bc") == "a b\ufffdc"
