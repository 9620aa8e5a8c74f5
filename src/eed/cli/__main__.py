"""``python -m eed.cli``: the eed-score command."""

from __future__ import annotations

from . import main

raise SystemExit(main())
