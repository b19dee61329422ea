"""The Textual UI: the timeline in four zooms, the detail pane, forms and dialogs, search and
filters, undo, and the review screen of an article.

Owns every widget and screen; `app.AgendaApp` is the one part that reads and writes the store
(its bases `editing.Editing` and `finding.Finding` add the writes and the filters), the panes
answer with messages (`messages`). May import the core, `agenda.ics` (export), `agenda.extract`
(the review) and Textual/Rich; imported only by `agenda tui` (agenda/cli/tui.py) and the tests,
an import contract in pyproject.toml keeps it so: Textual is heavy.
"""

from __future__ import annotations

from agenda.ui.app import AgendaApp, make_app

__all__ = ["AgendaApp", "make_app"]
