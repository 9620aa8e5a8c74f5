"""Build hook for the optional compiled tree-distance core (metadata lives in pyproject.toml).

``eed._zs`` is optional: without a C compiler the build still succeeds and `eed.distance` falls
back to pure Python. Set ``EED_NO_EXTENSIONS=1`` to skip building it on purpose.
"""

from __future__ import annotations

import os

from setuptools import Extension, setup


def _ext_modules() -> list[Extension]:
    if os.environ.get("EED_NO_EXTENSIONS", "").strip().lower() not in ("", "0", "false", "no"):
        return []
    # optional=True turns a failed compile into a warning instead of a failed install.
    return [Extension("eed._zs", ["src/eed/_zs.c"], optional=True)]


setup(
    ext_modules=_ext_modules(),
    # The C source reaches the sdist through MANIFEST.in; installed packages do not need it.
    exclude_package_data={"eed": ["*.c"]},
)
