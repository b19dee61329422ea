"""The Textual UI (issue 3). Imported only by `agenda tui` and the tests: Textual is heavy."""

from __future__ import annotations

from agenda.ui.app import AgendaApp, make_app

__all__ = ["AgendaApp", "make_app"]
