"""Sharing: the read-only .ics feed server (`feed`) and two-way CalDAV sync (`sync`).

May import: `agenda.core` and `agenda.ics` (its facade), the standard library, and caldav
(optional, loaded only by a sync). Never the CLI or the UI.
"""
