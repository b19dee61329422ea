"""The review screen: an article beside the events it proposes; accept, reject, edit, then save.

The article pane shows the text literally (rich `Text`, `agenda.core.format.clean`; rule 9) with the
evidence sentences of the selected proposal highlighted. The proposals list marks each one
accepted (✓, the default) or rejected (✗); `e` opens the event form of the rest of the UI on it
(`ProposalForm` only redirects its result here). `s` saves the accepted ones through
`agenda.extract.save.plan`, the merge path of `agenda extract --save`, in one transaction. The
screen owns the proposals and is the one place of the review that writes the store (rule 2); it
dismisses with a `ReviewResult` so that the App can reload, select and offer undo.

`ArticlePrompt` asks for an article path (and a date when the article has none) and runs the
extraction in a thread. The review's data (the article, the proposals as a tree, what saving did,
`load_article`: the shared reader of the App key and `--review`) is `agenda.ui.proposals`.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from agenda.core.errors import AgendaError
from agenda.core.format import clean
from agenda.ui.forms import EventForm
from agenda.ui.proposals import (
    Article,
    Item,
    ReviewResult,
    edited_proposal,
    load_article,
    nested,
    proposal_event,
    when_text,
)

if TYPE_CHECKING:
    from agenda.core.models import Event
    from agenda.core.store import EventStore
    from agenda.extract import Proposal


NARROW = 100
"""Below this many columns the proposal's fields get fewer lines (the list needs them)."""


# -- widgets -------------------------------------------------------------------------------


class ArticleView(VerticalScroll):
    """The article, one paragraph a block; the evidence spans it is given are highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"article--evidence", "article--title"}

    def __init__(self, body: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.body = body
        self.paragraphs: list[tuple[int, int]] = []
        pos = 0
        for chunk in body.split("\n\n"):
            start, end = pos, pos + len(chunk)
            pos = end + 2
            if chunk.strip():
                self.paragraphs.append((start, end))
        self.spans: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        for n, _ in enumerate(self.paragraphs):
            yield Static(id=f"para-{n}", classes="article-para")

    def on_mount(self) -> None:
        self.highlight([])

    def _text(self, start: int, end: int) -> Text:
        style = self.get_component_rich_style("article--evidence", partial=True)
        text = Text()
        cuts = sorted(
            {start, end} | {max(start, min(end, x)) for s, e in self.spans for x in (s, e)}
        )
        for a, b in pairwise(cuts):
            lit = any(s <= a and b <= e for s, e in self.spans)
            # clean() piece by piece, so that offsets of the evidence stay where they were
            text.append(clean(self.body[a:b]), style if lit else Style())
        return text

    def highlight(self, spans: list[tuple[int, int]], lead: int | None = None) -> None:
        """Highlight `spans` (offsets in the body); bring offset `lead` (or the first) into view."""
        self.spans = []
        for start, end in sorted(spans):
            # sentences next to each other light up as one passage, the space between included
            gap = self.body[self.spans[-1][1] : start] if self.spans else "x"
            if self.spans and (not gap or (gap.isspace() and "\n\n" not in gap)):
                self.spans[-1] = (self.spans[-1][0], max(end, self.spans[-1][1]))
            else:
                self.spans.append((start, end))
        for n, (start, end) in enumerate(self.paragraphs):
            self.query_one(f"#para-{n}", Static).update(self._text(start, end))
        if self.spans:
            self.call_after_refresh(
                self._bring_into_view, self.spans[0][0] if lead is None else lead
            )

    def highlighted_text(self) -> list[str]:
        """The highlighted pieces as shown (for tests)."""
        return [clean(self.body[s:e]) for s, e in self.spans]

    def _bring_into_view(self, offset: int) -> None:
        for n, (start, end) in enumerate(self.paragraphs):
            if start <= offset <= end:
                para = self.query_one(f"#para-{n}", Static)
                line = _line_of(self._text(start, end), offset - start, para, self)
                y = para.virtual_region.y + line
                # leave it where it is in the upper part of the view; else bring it to the top
                upper = self.scrollable_content_region.height * 2 // 3
                if not (self.scroll_y <= y < self.scroll_y + upper):
                    top = para.virtual_region.y
                    self.scroll_to(y=top if y - top <= 3 else y - 1, animate=False)
                return


def _line_of(text: Text, offset: int, para: Static, view: ArticleView) -> int:
    """The wrapped line of `para` on which character `offset` of its text falls."""
    width = para.content_region.width
    if width <= 0:
        return 0
    plain = text.plain
    pos, found = 0, 0
    for n, line in enumerate(text.wrap(view.app.console, width)):
        piece = line.plain.strip()
        if not piece:
            continue
        at = plain.find(piece, pos)
        if at < 0:
            break
        if at > offset:
            break
        found, pos = n, at + len(piece)
    return found


class ProposalForm(EventForm):
    """The event form of the UI, answering the review screen instead of saving to the store."""

    @on(EventForm.Submitted)
    def _to_review(self, message: EventForm.Submitted) -> None:
        message.stop()
        self.dismiss(message.event)  # type: ignore[arg-type]


# -- the screen ----------------------------------------------------------------------------


class ReviewScreen(Screen[ReviewResult | None]):
    """Article | proposals: accept, reject or edit each; save the accepted ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "decide", "Accept/reject"),
        Binding("a", "accept", "Accept", show=False),
        Binding("r", "reject", "Reject", show=False),
        Binding("A", "accept_all", "Accept with children"),
        Binding("R", "reject_all", "Reject with children", show=False),
        Binding("e", "edit", "Edit"),
        Binding("s", "save", "Save"),
        Binding("tab", "switch", "Article/list", show=False),
        Binding("escape", "leave", "Leave"),
        Binding("j", "move(1)", "Next", show=False),
        Binding("k", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, article: Article, store: EventStore) -> None:
        super().__init__()
        self.article = article
        self.store = store
        self.items = [Item(p, depth=d) for p, d in nested(article.proposals)]
        from agenda.core.models import new_id

        self.ids: dict[str, str] = {}
        for p in article.proposals:
            day = p.start or p.published
            self.ids[p.key] = new_id(p.title, day.date() if isinstance(day, datetime) else day)
        self.keys = {v: k for k, v in self.ids.items()}
        self._warned = False

    def compose(self) -> ComposeResult:
        a = self.article
        head = Text("Review ", style="bold")
        head.append(clean(Path(a.name).name, one_line=True))
        head.append(f" · published {a.published.isoformat()} · {len(self.items)} proposed", "dim")
        yield Static(head, id="review-head")
        with Horizontal(id="review-main"):
            yield ArticleView(a.body, id="review-article")
            with Vertical(id="review-side"):
                yield OptionList(*self._options(), id="review-list")
                yield Static(id="review-detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        self.query_one("#review-article").border_title = "Article (evidence highlighted)"
        listing = self.query_one("#review-list", OptionList)
        listing.border_title = "Proposed entries (✓ accepted, ✗ rejected)"
        listing.highlighted = 0
        listing.focus()
        self._show(0)

    # -- what is shown ---------------------------------------------------------------------

    def _prompt(self, item: Item) -> Table:
        p = self._proposal(item)
        mark = Text("✓", "bold green") if item.accepted else Text("✗", "bold red")
        indent = "  " * item.depth + ("└ " if item.depth else "")
        title = Text(indent, "dim")
        title.append(clean(p.title, one_line=True), "bold" if item.accepted else "strike dim")
        meta = Text(" " * len(indent) + f"{p.kind} · {when_text(p)}", "dim")
        if p.status != "announced":
            meta.append(f" · {p.status}", "yellow")
        if item.edited is not None:
            meta.append(" · edited", "italic")
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1)
        grid.add_column(ratio=1)
        grid.add_row(mark, title)
        grid.add_row("", meta)
        return grid

    def _options(self) -> list[Option]:
        return [Option(self._prompt(item), id=item.proposal.key) for item in self.items]

    def _proposal(self, item: Item) -> Proposal:
        if item.edited is None:
            return item.proposal
        return edited_proposal(item.proposal, item.edited, self.keys)

    @property
    def index(self) -> int:
        return self.query_one("#review-list", OptionList).highlighted or 0

    @property
    def current(self) -> Item:
        return self.items[self.index]

    def _refresh_item(self, index: int) -> None:
        listing = self.query_one("#review-list", OptionList)
        listing.replace_option_prompt_at_index(index, self._prompt(self.items[index]))
        self._show(index)

    def _show(self, index: int) -> None:
        item = self.items[index]
        p = self._proposal(item)
        text = Text()
        text.append(clean(p.title, one_line=True), "bold")
        rows: list[tuple[str, str]] = [
            ("decision", "accepted" if item.accepted else "rejected"),
            ("when", f"{when_text(p)} ({p.precision.replace('_', ' ')})"),
        ]
        if p.parent:
            parent = next((i for i in self.items if i.proposal.key == p.parent), None)
            if parent is not None:
                rows.append(("part of", self._proposal(parent).title))
        if p.location:
            rows.append(
                (
                    "where",
                    ", ".join(x for x in (p.location.get(k) for k in ("city", "country")) if x),
                )
            )
        if p.organizations:
            rows.append(("orgs", ", ".join(p.organizations)))
        if p.chair:
            rows.append(("chair", p.chair))
        for person in p.participants:
            rows.append(
                ("with", ", ".join(x for x in (person.get("name"), person.get("role")) if x))
            )
        if p.agenda:
            rows.append(("agenda", f"{len(p.agenda)} item(s)"))
        if p.outcomes:
            rows.append(("outcomes", f"{len(p.outcomes)}"))
        rows.append(("evidence", f"{len(p.evidence)} sentence(s), highlighted"))
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=8, style="dim")
        grid.add_column(ratio=1)
        for label, value in rows:
            grid.add_row(label, Text(clean(value, one_line=True)))
        self.query_one("#review-detail", Static).update(Group(text, grid))
        evidence = item.proposal.evidence
        # bring the sentence that gives the date into view (the first one may be a summary)
        lead = next((e for e in evidence if "dates" in e.fields), evidence[0] if evidence else None)
        self.query_one("#review-article", ArticleView).highlight(
            [(e.start, e.end) for e in evidence], lead=lead.start if lead else None
        )

    @on(OptionList.OptionHighlighted, "#review-list")
    def _highlighted(self, message: OptionList.OptionHighlighted) -> None:
        self._show(message.option_index)

    @on(OptionList.OptionSelected, "#review-list")
    def _selected(self, message: OptionList.OptionSelected) -> None:
        self.action_decide()

    # -- actions ---------------------------------------------------------------------------

    def _decide(self, accepted: bool | None) -> None:
        item = self.current
        item.accepted = (not item.accepted) if accepted is None else accepted
        self._refresh_item(self.index)

    def action_decide(self) -> None:
        self._decide(None)

    def action_move(self, step: int) -> None:
        listing = self.query_one("#review-list", OptionList)
        listing.action_cursor_down() if step > 0 else listing.action_cursor_up()

    def action_accept(self) -> None:
        self._decide(True)

    def action_reject(self) -> None:
        self._decide(False)

    def _decide_tree(self, accepted: bool) -> None:
        """The selected entry and everything under it (a trip's legs and their items)."""
        start = self.index
        depth = self.items[start].depth
        end = start + 1
        while end < len(self.items) and self.items[end].depth > depth:
            end += 1
        listing = self.query_one("#review-list", OptionList)
        for i in range(start, end):
            self.items[i].accepted = accepted
            listing.replace_option_prompt_at_index(i, self._prompt(self.items[i]))
        self._show(start)

    def action_accept_all(self) -> None:
        self._decide_tree(True)

    def action_reject_all(self) -> None:
        self._decide_tree(False)

    def action_switch(self) -> None:
        listing = self.query_one("#review-list", OptionList)
        if listing.has_focus:
            self.query_one("#review-article", ArticleView).focus()
        else:
            listing.focus()

    def action_edit(self) -> None:
        index = self.index
        item = self.items[index]
        event = item.edited or proposal_event(item.proposal, self.ids)
        day = item.proposal.start or item.proposal.published
        today = day.date() if isinstance(day, datetime) else day

        def done(result: Event | None) -> None:
            if result is not None:
                item.edited = result
                item.accepted = True
                self._refresh_item(index)

        self.app.push_screen(ProposalForm(event, today), done)  # type: ignore[arg-type]

    def plan(self) -> tuple[list[Event], ReviewResult]:
        """The events saving would write, and what it would do (nothing written)."""
        from agenda.extract.save import plan

        chosen = [i for i in self.items if i.accepted]
        proposals = [self._proposal(i) for i in chosen]
        result = plan(self.store, proposals)
        # fields the proposal has no room for (description, notes, tags, an outside parent);
        # plan() returns one event per dated proposal, in order
        dated = [i for i in chosen if self._proposal(i).start is not None]
        events: list[Event] = []
        for i, e in zip(dated, result.events, strict=True):
            ev = i.edited
            if ev is not None and i.proposal.key not in result.merged:
                more: dict[str, Any] = {
                    k: getattr(ev, k) for k in ("description", "notes", "tags") if getattr(ev, k)
                }
                if ev.parent_id and ev.parent_id not in self.keys:
                    more["parent_id"] = ev.parent_id
                e = e.model_copy(update=more)
            events.append(e)
        merged = list(result.merged.values())
        out = ReviewResult(
            added=[e.id for e in events if e.id not in merged],
            merged=merged,
            skipped=list(result.skipped),
            enriched=[result.merged[k] for k in result.enriched],
            unchanged=[result.merged[k] for k in result.unchanged],
        )
        return events, out

    def action_save(self) -> None:
        if not any(i.accepted for i in self.items):
            self.notify(
                "nothing accepted: accept a proposal (space) or leave (esc)", severity="warning"
            )
            return
        try:
            with self.store.transaction():  # planned and written under one write lock
                events, result = self.plan()
                result.before = self.store.get_many(result.merged)
                self.store.put_many(events)
        except AgendaError as exc:
            self.notify(f"nothing saved: {exc}", severity="error", markup=False, timeout=10)
            return
        self.dismiss(result)

    def action_leave(self) -> None:
        changed = any(not i.accepted or i.edited is not None for i in self.items)
        if changed and not self._warned:
            self._warned = True
            self.notify("your decisions are not saved: s saves, esc again leaves without saving")
            return
        self.dismiss(None)


class ArticlePrompt(ModalScreen[Article | None]):
    """Ask for the path of an article (and its date when it has no date line); extract it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="goto-box"):
            yield Label("Review an article: path of a plain-text file (enter opens, esc cancels)")
            yield Input(id="article-path", placeholder="~/articles/summit.txt")
            yield Label("Published (when the article has no `date YYYY-MM-DD` line)")
            yield Input(id="article-date", placeholder="2021-09-14")
            yield Label("", id="article-error", classes="error")

    def on_mount(self) -> None:
        self.query_one("#article-path", Input).focus()

    def _error(self, message: str) -> None:
        label = self.query_one("#article-error", Label)
        label.update(Text(f"✗ {clean(message)}"))
        label.set_class(bool(message), "-shown")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        path = self.query_one("#article-path", Input).value.strip()
        raw_day = self.query_one("#article-date", Input).value.strip()
        if not path:
            self._error("give the path of the article")
            return
        day = None
        if raw_day:
            try:
                day = date.fromisoformat(raw_day)
            except ValueError:
                self._error(f"{raw_day!r} is not a date (YYYY-MM-DD)")
                return
        self._error("")
        label = self.query_one("#article-error", Label)
        label.update(Text("reading the article…"))
        label.add_class("-shown")
        self._load(path, day, getattr(self.app, "today", None))

    @work(thread=True, exclusive=True)
    def _load(self, path: str, day: date | None, today: date | None = None) -> None:
        try:
            article = load_article(path, day, today)
        except AgendaError as exc:
            self.app.call_from_thread(self._error, str(exc))
            return
        self.app.call_from_thread(self.dismiss, article)

    def action_cancel(self) -> None:
        self.dismiss(None)
