from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import corpus_dir


@pytest.fixture(scope="session")
def need_corpus() -> Path:
    return corpus_dir()
