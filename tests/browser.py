"""Headless Chromium from the system's packages, for the report tests and benchmark.

Nothing is downloaded: the browser is whatever ``chromium`` (or Chrome) is on PATH, and a test
that finds none skips. The browser runs in a session of its own, is asked by the kernel to die
with the process that started it (``PR_SET_PDEATHSIG``, so a ``kill -9`` of pytest takes it
along), and its whole process group is killed when the call returns.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SKIP_REASON = (
    "no headless Chromium on PATH (install the system package, e.g. apt-get install chromium)"
)


def find_chromium() -> str | None:
    override = os.environ.get("EED_CHROMIUM")
    if override:
        return override if shutil.which(override) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG


def run_chromium(
    browser: str,
    url: str,
    extra: Sequence[str],
    *,
    profile: Path,
    timeout: float = 120.0,
) -> tuple[str, float]:
    """Run headless Chromium on ``url``; returns its stdout and the wall seconds it took."""
    args = [
        browser,
        "--headless",
        "--no-sandbox",  # containers run as root, where Chromium's sandbox will not start
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *extra,
        url,
    ]
    start = time.perf_counter()
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return out, time.perf_counter() - start


def with_script(html: str, script: str) -> str:
    """The page with a script of the test's own run after the page's."""
    cut = html.rindex("</body>")
    return html[:cut] + f"<script>{script}</script>" + html[cut:]
