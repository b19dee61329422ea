"""Following: the subscriptions refreshed on a timer while the UI is open, and the one line in the
header that says when a refresh failed.

`Following` is a base class of `AgendaApp`. Every SUBSCRIPTION_CHECK_SECONDS (and once at start)
it asks the store which subscriptions are due (one small query on the UI's thread); when any
are, a thread worker fetches and stores them on a connection of its own (the download never
blocks the UI, and the worker's transaction is never the UI's), and the App's live refresh
(`poll_store`) shows the new events once that connection commits. The outcome comes back to the
UI's thread: a failure puts "⚠ NAME: why" after the title in the header until a later refresh
of that subscription works. `fetcher` is the download function (tests give a fake one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from agenda.core.errors import AgendaError
from agenda.core.store import subscription_table

if TYPE_CHECKING:
    from agenda.core.store import EventStore
    from agenda.share.subscriptions.refresh import Fetcher, Outcome

SUBSCRIPTION_CHECK_SECONDS = 60.0
"""How often the UI looks for subscriptions that are due (each has its own `--every`)."""


HEADER_ERROR = 40
"""Characters of a failed refresh's reason shown in the header (the rest: `agenda subscriptions`)."""


class Following(App[None]):
    """The App's timer, worker and header line for subscriptions."""

    if TYPE_CHECKING:
        # kept by AgendaApp
        store: EventStore

    fetcher: Fetcher | None = None
    """The download function the refresh worker uses (None: the real one, imported when a
    refresh first runs: http.client and ssl are not worth loading at start)."""
    base_title = "agenda"
    """The title without a failure line (AgendaApp sets it from the store's name)."""
    subscription_failures: dict[str, str]
    """Subscription name -> why its last refresh here failed (shown in the header)."""
    _refreshing = False

    def start_following(self) -> None:
        """Called by on_mount: look now, then on the timer."""
        self.subscription_failures = {}
        self.base_title = self.title
        self._show_failures_from_store()
        self.set_interval(SUBSCRIPTION_CHECK_SECONDS, self.refresh_subscriptions)
        self.call_later(self.refresh_subscriptions)

    def _show_failures_from_store(self) -> None:
        try:
            subs = subscription_table.every_one(self.store)
        except AgendaError:
            return
        for sub in subs:
            if sub.last_error:
                self.subscription_failures[sub.name] = sub.last_error
        self._header()

    def refresh_subscriptions(self) -> None:
        """Start a worker for the subscriptions that are due (none running already)."""
        if self._refreshing:
            return
        now = self.store.clock()
        try:
            due = [s.name for s in subscription_table.every_one(self.store) if s.is_due(now)]
        except AgendaError:
            return
        if not due:
            return
        self._refreshing = True
        path = self.store.path
        self.run_worker(
            lambda: self._refresh_in_thread(path, due),
            thread=True,
            group="subscriptions",
            exit_on_error=False,
        )

    def _refresh_in_thread(self, path: str, names: list[str]) -> None:
        from agenda.core.store import EventStore
        from agenda.share.subscriptions.fetch import fetch
        from agenda.share.subscriptions.refresh import Outcome, refresh_due

        fetcher = self.fetcher or fetch
        outcomes: list[Outcome] = []
        try:
            if path == ":memory:":  # an in-memory store has no other connection (tests)
                outcomes = refresh_due(self.store, names, fetcher=fetcher)
            else:
                with EventStore(path, clock=self.store.clock) as own:
                    outcomes = refresh_due(own, names, fetcher=fetcher)
        except AgendaError as exc:
            outcomes = [Outcome(n, "failed", error=str(exc).splitlines()[0]) for n in names]
        finally:
            self.call_from_thread(self.subscriptions_refreshed, outcomes)

    def subscriptions_refreshed(self, outcomes: list[Outcome]) -> None:
        """On the UI's thread: keep or clear each subscription's failure line."""
        self._refreshing = False
        for outcome in outcomes:
            if outcome.status == "failed":
                self.subscription_failures[outcome.name] = outcome.error or "failed"
            else:
                self.subscription_failures.pop(outcome.name, None)
        self._header()

    def _header(self) -> None:
        if not self.subscription_failures:
            self.title = self.base_title
            return
        name, error = next(iter(sorted(self.subscription_failures.items())))
        more = len(self.subscription_failures) - 1
        also = f" (+{more} more)" if more else ""
        why = header_reason(error)
        self.title = f"{self.base_title} · ⚠ {name}: {why}{also}"


def header_reason(error: str) -> str:
    """The reason a refresh failed as the header shows it: no URL, no explanation in brackets
    when long, at most HEADER_ERROR characters (the period must still fit at 80 columns)."""
    why = short_error(error)
    if len(why) > HEADER_ERROR and why.endswith(")") and " (" in why:
        why = why[: why.rindex(" (")]  # "HTTP 500 Internal Server Error (the server failed)"
    if len(why) > HEADER_ERROR:
        why = why[: HEADER_ERROR - 1] + "…"
    return why


def short_error(error: str) -> str:
    """The error without the URL it starts with (the header has one line for it)."""
    head, sep, rest = error.partition(": ")
    if sep and "://" in head:
        return rest
    return error
