"""``python -m eed``: the eed-score command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
