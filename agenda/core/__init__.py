"""The core: the model and everything that needs neither a terminal nor a foreign format.

Owns the event model and its validation (`models`), the organizations registry, zones, the
injected clock, where files live (`paths`), the settings (`config`), the one error family
(`errors`); the SQLite store and the TOML/JSON data files; the three-way merge of an event
edited on an old copy (`merge`); and the pure queries and text shared by the CLI and the UI
(`schedule`, `format`, `eventview`).

May import: the standard library, pydantic, platformdirs, tzdata, tomli-w. Never Textual,
icalendar, caldav or dateparser, and nothing else of agenda's (checked by import-linter).
"""
