"""The documentation site builds with no warnings (`mkdocs build --strict`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(
    shutil.which("mkdocs") is None and not (Path(sys.executable).parent / "mkdocs").exists(),
    reason="mkdocs not installed (pip install 'eed[docs]')",
)
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "mkdocs"
    cmd = [
        str(exe) if exe.exists() else "mkdocs",
        "build",
        "--strict",
        "-q",
        "-d",
        str(tmp_path / "site"),
    ]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert (tmp_path / "site" / "index.html").exists()
