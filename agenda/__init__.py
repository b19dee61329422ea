"""agenda: a terminal agenda for summits, state visits and diplomatic meetings.

This module holds the version only and imports nothing, so that `agenda list` stays cheap.
"""

__version__ = "0.1.0"
