"""Pilot tests of the review screen: the seed article beside its five proposals; decide, edit, save."""

from __future__ import annotations

import asyncio
import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from agenda.core.clock import fixed_clock
from agenda.core.config import Settings
from agenda.core.store import EventStore
from agenda.ui import AgendaApp, make_app
from agenda.ui.review import Article, ArticleView, ProposalForm, ReviewScreen, load_article
from tests.ui.conftest import NOW, bundled_store

SEED = Path(__file__).resolve().parents[1] / "extract" / "seed" / "000_4def8f73dd042f53.txt"
HOSTILE = (
    "date 2021-09-14\n"
    "President of Kyrgyzstan Sadyr Japarov will pay a working visit to Dushanbe on "
    "September 15-17 [bold red]BOOM[/bold red] \x1b[31mred\x1b[0m.\n\n"
    "The [link=http://x]Summit of Bishkek[/link] of the CSTO will take place on September 16 "
    "in Dushanbe."
)


@pytest.fixture(scope="module")
def seed() -> Article:
    return load_article(str(SEED), None)


def empty_store() -> EventStore:
    return EventStore(":memory:", clock=fixed_clock(NOW))


def review_app(article: Article, store: EventStore | None = None) -> AgendaApp:
    settings = Settings(viewer_tz="Europe/Berlin")
    return make_app(store or empty_store(), settings, fixed_clock(NOW), review=article)


def run(app: AgendaApp, scenario, size: tuple[int, int] = (120, 40)) -> None:  # type: ignore[no-untyped-def]
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def plain(renderable: Any) -> str:
    """What a Rich renderable shows, as text (80 columns)."""
    console = Console(width=80, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def detail(app: AgendaApp) -> str:
    return plain(screen(app).query_one("#review-detail", Static).content)


def screen(app: AgendaApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen), app.screen
    return app.screen


def lit(app: AgendaApp) -> list[str]:
    return screen(app).query_one(ArticleView).highlighted_text()


def test_seed_review_reject_edit_save(seed: Article) -> None:
    store = empty_store()

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        review = screen(app)
        listing = review.query_one("#review-list", OptionList)
        assert listing.option_count == 5
        assert [i.proposal.kind for i in review.items] == [
            "visit",
            "summit",
            "summit",
            "meeting",
            "bilateral",
        ]
        # the evidence highlight follows the selection
        assert lit(app) == [
            "President of Kyrgyzstan Sadyr Japarov will pay a working visit to Dushanbe on "
            "September 15-17."
        ]
        await pilot.press("down")
        assert review.index == 1
        assert any(s.startswith("Dushanbe will host a regular session") for s in lit(app))
        assert not any("working visit" in s for s in lit(app))
        # the article pane scrolls to the sentence with the date, and back
        view = review.query_one(ArticleView)
        assert view.scroll_y == 0
        await pilot.press("down")
        await pilot.pause()
        assert any("September 17" in s for s in lit(app))
        assert view.scroll_y > 0
        await pilot.press("up", "up")
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("down", "down")
        # reject the joint meeting
        await pilot.press("down", "r")
        assert review.items[3].accepted is False
        assert detail(app).count("rejected") == 1
        # edit the bilateral meetings with the event form of the UI
        await pilot.press("down", "space")
        assert review.items[4].accepted is False
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ProposalForm)
        title = form.query_one("#f-title", Input)
        assert title.value == "Bilateral meetings on the sidelines of the summits"
        title.value = "Bilateral talks of Japarov in Dushanbe"
        form.query_one("#f-notes").load_text("asked for a slot")  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen(app).items[4].edited is not None
        assert review.items[4].accepted is True  # editing accepts
        assert store.count() == 0  # nothing written before `s`
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        rows = {r.title: r for r in store.window(None, None)}
        assert sorted(rows) == [
            "Bilateral talks of Japarov in Dushanbe",
            "CSTO Collective Security Council session",
            "SCO Council of Heads of State meeting",
            "Working visit of President Sadyr Japarov of Kyrgyzstan to Dushanbe",
        ]
        visit = rows["Working visit of President Sadyr Japarov of Kyrgyzstan to Dushanbe"]
        talks = store.get(rows["Bilateral talks of Japarov in Dushanbe"].id)
        assert talks.parent_id == visit.id and talks.notes == "asked for a slot"
        csto = store.get(rows["CSTO Collective Security Council session"].id)
        assert csto.chair == "Tajikistan" and csto.parent_id == visit.id
        quotes = [s.quote or "" for s in csto.sources]
        assert any(q.startswith("Dushanbe will host a regular session") for q in quotes)
        assert all(
            s.published is not None and s.published.isoformat() == "2021-09-14"
            for s in csto.sources
        )
        # back on the timeline, on a saved event; u takes the whole save back
        assert app.selected in {r.id for r in rows.values()}
        await pilot.press("u")
        await pilot.pause()
        assert store.count() == 0

    run(review_app(seed, store), scenario)


def test_save_merges_with_the_bundled_entries(seed: Article) -> None:
    store = bundled_store()
    before = store.count()

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)

    run(review_app(seed, store), scenario)
    assert store.count() == before  # the same five events: merged, not duplicated


def test_save_message_tells_what_was_done(seed: Article) -> None:
    """The second save of one article adds nothing: the message says so, as the CLI's does."""
    store = empty_store()
    notes: list[str] = []

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)

    run(review_app(seed, store), scenario)
    assert notes[-1].startswith("saved 5 new events (u undoes)"), notes
    run(review_app(seed, store), scenario)
    assert store.count() == 5
    assert "added the article as a source" not in notes[-1], notes
    assert notes[-1].startswith(
        "saved 0 new events, 5 already stored from this article: nothing new added"
    ), notes


def test_R_dates_an_article_by_its_yearless_dateline(tmp_path: Path) -> None:
    """An article whose only date is "DUSHANBE, Sep 14 (Reuters) -" needs no date typed: the
    year is the App's today's (the clock is 2021-09-16)."""
    wire = tmp_path / "wire.txt"
    wire.write_text(
        "DUSHANBE, Sep 14 (Reuters) - President of Kyrgyzstan Sadyr Japarov will pay a working "
        "visit to Dushanbe on September 15-17, his office said.\n"
    )

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("R")
        await pilot.press(*str(wire), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        review = screen(app)
        assert review.article.published == date(2021, 9, 14)
        assert [i.proposal.kind for i in review.items] == ["visit"]

    run(make_app(empty_store(), Settings(viewer_tz="Europe/Berlin"), fixed_clock(NOW)), scenario)


def test_escape_warns_once_then_leaves_without_saving(seed: Article) -> None:
    store = empty_store()

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("r", "escape")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, ReviewScreen)
        # the timeline's keys work again once the review is gone, and did not act during it
        assert app.check_action("add", ()) is True

    run(review_app(seed, store), scenario)
    assert store.count() == 0


def test_timeline_keys_are_off_on_the_review_screen(seed: Article) -> None:
    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("d", "slash", "x", "a")
        assert isinstance(app.screen, ReviewScreen)
        assert app.check_action("delete", ()) is False

    run(review_app(seed), scenario)


def test_R_asks_for_an_article_and_opens_the_review(tmp_path: Path) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text(re.sub(r"^\s*date\s+\S+\s*", "", SEED.read_text()))

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        await pilot.press("R")
        await pilot.press(*str(undated), "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        error = str(app.screen.query_one("#article-error").render())
        assert "no `date YYYY-MM-DD` line" in error
        app.screen.query_one("#article-date", Input).value = "2021-09-14"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(screen(app).items) == 5

    run(make_app(empty_store(), Settings(viewer_tz="Europe/Berlin"), fixed_clock(NOW)), scenario)


def test_hostile_article_text_is_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE)
    article = load_article(str(path), None)
    article.proposals[0] = replace(article.proposals[0], title="[b]Fake[/b] \x1b[2J visit")

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        review = screen(app)
        view = review.query_one(ArticleView)
        shown = "\n".join(str(p.render()) for p in view.query(".article-para"))
        assert "[bold red]BOOM[/bold red]" in shown
        assert "[link=http://x]Summit of Bishkek[/link]" in shown
        assert "\x1b" not in shown and "[31m" not in shown
        prompt = review.query_one("#review-list", OptionList).get_option_at_index(0).prompt
        cells = plain(prompt)
        assert "[b]Fake[/b]" in cells and "\x1b" not in cells
        assert "[b]Fake[/b]  visit" in detail(app)
        await pilot.press("down")
        assert any("[link=http://x]" in s for s in lit(app))

    run(review_app(article), scenario)


def test_extract_review_opens_the_app_on_the_review_screen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from agenda import cli

    opened: list[AgendaApp] = []
    monkeypatch.setattr(AgendaApp, "run", lambda self, *a, **k: opened.append(self))
    monkeypatch.setenv("AGENDA_STORE", str(tmp_path / "store.db"))
    monkeypatch.setenv("AGENDA_CONFIG", str(tmp_path / "none.toml"))
    assert cli.main(["extract", str(SEED), "--review"]) == 0
    assert len(opened) == 1
    review = opened[0].initial_review
    assert review is not None and len(review.proposals) == 5
    assert review.body.startswith("President of Kyrgyzstan")


def test_snapshot_review_screen_120x40(snap_compare, seed: Article) -> None:  # type: ignore[no-untyped-def]
    async def select_csto_and_reject_the_meeting(pilot: Pilot[None]) -> None:
        await pilot.press("down", "down", "down", "r", "up", "up")
        await pilot.pause()

    assert snap_compare(
        review_app(seed), run_before=select_csto_and_reject_the_meeting, terminal_size=(120, 40)
    )


PROGRAMME = (
    Path(__file__).resolve().parents[1] / "extract" / "programme" / "state_visit_timetable.txt"
)


def test_review_shows_the_nesting_and_A_accepts_a_parent_with_its_children() -> None:
    article = load_article(str(PROGRAMME), None)
    store = empty_store()

    async def scenario(app: AgendaApp, pilot: Pilot[None]) -> None:
        review = screen(app)
        depths = [(i.depth, i.proposal.kind) for i in review.items]
        # the visit, then its leg and its programme items, indented under it
        assert depths[0] == (0, "visit")
        assert all(d == 1 for d, _ in depths[1:])
        assert len(depths) == 6
        listing = review.query_one("#review-list", OptionList)
        second = plain(listing.get_option_at_index(1).prompt)
        assert second.startswith("✓   └ Visit of President Ilham Aliyev to Almaty")
        # reject everything under the visit with R, then take it all back with A
        await pilot.press("R")
        assert not any(i.accepted for i in review.items)
        await pilot.press("down", "A")  # on a child: only that child (it has none of its own)
        assert [i.accepted for i in review.items] == [False, True, False, False, False, False]
        await pilot.press("up", "A")
        assert all(i.accepted for i in review.items)
        await pilot.press("s")
        await pilot.pause()
        assert store.count() == 6
        rows = list(store.window(None, None))
        [visit] = [r for r in rows if r.parent_id is None]
        assert all(r.parent_id == visit.id for r in rows if r is not visit)

    run(review_app(article, store), scenario)
