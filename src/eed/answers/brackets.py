"""The outer brackets of an answer as written, once decorations (``\\left``, ``\\Big``, ``$``,
``\\displaystyle``, spaces, one ``\\boxed``) are stripped."""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["braced_list", "depth_dips", "outer_brackets", "strip_decor"]

# Outer decorations that do not belong to an interval's brackets.
_DECOR = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])|\$|\\displaystyle|\s")
_BOXED = re.compile(r"^\\boxed\{(.*)\}$", re.S)


def outer_brackets(latex: str) -> str | None:
    """The brackets around a whole list answer: "()", "[]", "{}", "<>" (``\\langle``), or None
    when it is bare."""
    text = strip_decor(latex)
    openers = ("\\{", "\\lbrace", "\\langle", "(", "[")
    opener = next((o for o in openers if text.startswith(o)), None)
    if opener is None:
        return None
    closer = {"\\{": "\\}", "\\lbrace": "\\rbrace", "\\langle": "\\rangle", "(": ")", "[": "]"}[
        opener
    ]
    inner = text[len(opener) : -len(closer)]
    if not text.endswith(closer) or depth_dips(inner):
        return None
    if opener == "\\langle":
        return None if "\\rangle" in inner else "<>"
    return "{}" if opener in ("\\{", "\\lbrace") else opener + closer


def braced_list(text: str) -> bool:
    """Plain braces around the whole text, holding a comma and no relation outside any inner
    bracket (``{x, x - 1}``, not ``{x = 1, y = 2}``)."""
    if not (text.startswith("{") and text.endswith("}")) or text.startswith("{}"):
        return False
    inner = text[1:-1]
    if depth_dips(inner):
        return False
    top = [c for c, depth in _depths(inner) if depth == 0]
    # ``{x = 1, y = 2}``: named values, not the elements of a set.
    return "," in top and not set(top) & set("=<>")


def strip_decor(latex: str) -> str:
    """The text without outer decorations and without one enclosing ``\\boxed``."""
    text = _DECOR.sub("", latex)
    boxed = _BOXED.match(text)
    return boxed.group(1) if boxed else text


def depth_dips(text: str) -> bool:
    """True when the brackets of ``text`` close below its start (so the outer pair was not one)."""
    return any(depth < 0 for _, depth in _depths(text))


def _depths(text: str) -> Iterator[tuple[str, int]]:
    """Each character of ``text`` with the bracket depth after it."""
    depth = 0
    for c in text:
        depth += c in "([{"
        depth -= c in ")]}"
        yield c, depth
