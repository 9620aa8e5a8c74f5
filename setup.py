"""Build hook for the optional compiled tree-distance core (metadata lives in pyproject.toml)."""

from setuptools import setup

setup()
