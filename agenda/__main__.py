"""Run agenda as `python -m agenda`."""

from agenda.cli import main

raise SystemExit(main())
