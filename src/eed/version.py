"""The version of eed (kept equal to pyproject.toml's by a test)."""

__version__ = "0.4.5"
