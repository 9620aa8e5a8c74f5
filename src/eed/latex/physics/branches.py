"""The last step of a rewrite: one reading per sign of ``\\pm``.

- ``pm_branches``: ``\\pm``/``\\mp`` give two readings, with every ``\\pm`` taking the same
  sign and every ``\\mp`` the other (``a \\pm b`` is ``a + b`` and ``a - b``). The signs are
  tied, so there are never more than ``MAX_BRANCHES`` readings.
"""

from __future__ import annotations

from ..tokens import Kind, Token, is_cmd

__all__ = ["MAX_BRANCHES", "pm_branches"]

# The tie of all \pm signs means two readings at most.
MAX_BRANCHES = 2


def pm_branches(tokens: list[Token]) -> list[list[Token]]:
    """``\\pm``/``\\mp`` as two readings, signs tied: every ``\\pm`` is ``+`` in the first and
    ``-`` in the second, every ``\\mp`` the opposite."""
    if not any(is_cmd(t, "\\pm", "\\mp") for t in tokens):
        return [list(tokens)]
    branches: list[list[Token]] = []
    for sign in ("+", "-"):
        other = "-" if sign == "+" else "+"
        branches.append(
            [
                Token(Kind.CHAR, sign)
                if is_cmd(t, "\\pm")
                else Token(Kind.CHAR, other)
                if is_cmd(t, "\\mp")
                else t
                for t in tokens
            ]
        )
    return branches[:MAX_BRANCHES]
