"""`python -m tracker.cli`: the same as the `tracker` command."""

from .main import main

raise SystemExit(main())
