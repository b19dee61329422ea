"""The one door from the CLI to the Textual UI: `agenda` / `agenda tui` and `extract --review`.

Textual is heavy, so it is imported here, when one of these commands runs, and nowhere else in
the CLI (the import contract in pyproject.toml allows `agenda.ui` to be imported only from here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agenda.core import paths
from agenda.ui import make_app
from agenda.ui.proposals import Article

if TYPE_CHECKING:
    from agenda.cli.context import Context
    from agenda.extract import Proposal


def run_tui(ctx: Context) -> int:
    """`agenda` / `agenda tui`: the App on the store."""
    store = ctx.store  # opened first: it may be created now (ctx.created)
    app = make_app(store, ctx.settings, ctx.clock, config_path=paths.config_path())
    app.created_store = ctx.created
    app.run()
    return 0


def run_review(ctx: Context, body: str, proposals: list[Proposal], name: str = "article") -> int:
    """`agenda extract FILE --review`: the App, opened on the review screen of the article."""
    published = proposals[0].published if proposals else ctx.today
    article = Article(name, body, published, proposals)
    app = make_app(
        ctx.store, ctx.settings, ctx.clock, review=article, config_path=paths.config_path()
    )
    app.run()
    return 0
