"""The official PHYBench preprocessing, reproduced quirk for quirk.

This dialect exists so that the ``phybench`` profile gives the official numbers. Every rule here
is a plain string rewrite, applied in the official order, with the official edge cases (which
are bugs more often than not: see docs/profiles.md). Do not "fix" anything in this module; fixes
belong to the ``physics`` dialect.
"""

from __future__ import annotations

import re

__all__ = ["preprocess", "stage_one", "stage_two"]

# Relations, in the order the official code tries them. The last one present wins, and the text
# kept starts one character after it (so ``\approx 3`` keeps ``approx 3``).
_RELATIONS = (
    "=",
    "\\approx",
    "\\ge",
    "\\geq",
    "\\leq",
    "<",
    ">",
    "\\sim",
    "\\simeq",
    "\\propto",
    "\\cong",
    "\\equiv",
    "\\neq",
)

_DROP_WITH_ARGUMENT = ("\\begin", "\\end")
_UNWRAP = (
    "\\text",
    "\\mathbf",
    "\\mathrm",
    "\\pmb",
    "\\hat",
    "\\overline",
    "\\boldsymbol",
    "\\mathbb",
    "\\mathcal",
    "\\mathfrak",
    "\\mathit",
)
_DELETE = (
    "\\,",
    "\\;",
    "\\!",
    "\r",
    "\t",
    ".%",
    "$",
    ",",
    "`",
    "latex",
    "\\left",
    "\\right",
    "\\text",
    "\\mathrm",
    "\\Bigr",
    "\\Bigl",
    "\n",
    "\\]",
    "\\[",
    "\\Big",
    "\\bigl",
    "\\bigr",
    "\\biggl",
    "\\biggr",
    "\\displaystyle",
    "\\boldsymbol",
    "\\(",
    "\\)",
    "\\langle",
    "\\rangle",
)
_REPLACE = (
    ("\\operatorname{asin}", "\\asin"),
    ("\\operatorname{sech}", "\\sech"),
    ("\\operatorname{acos}", "\\acos"),
    ("\\operatorname{sinh}", "\\sinh"),
    ("\\dfrac", "\\frac"),
    ("\\tfrac", "\\frac"),
    ("\\Exp", "\\exp"),
    ("\\times", "\\bar{times}"),
    ("\\partial", "\\bar{partial}"),
    ("\\perp", "\\bar{perp}"),
    ("\\epsilon", "\\varepsilon"),
    ("\\varOmega", "\\Omega"),
    ("I", "\\bar{I}"),
    ("_e", "_{e}"),
    ("e_", "\\bar{e}_"),
    ("E_", "\\bar{E}_"),
    ("\\pm", "+"),
    ("\\mp", "-"),
    ("{+}", "{p}"),
    ("{-}", "{m}"),
    ("_+", "_p"),
    ("_-", "_m"),
    ("\\infty", "f"),
)

_FRAC_ARG = r"(?:\\[a-zA-Z]+|\d|[a-zA-Z]|{[^{}]*})"
_SHORT_FRAC = re.compile(r"\\frac(" + _FRAC_ARG + ")(" + _FRAC_ARG + ")")
_VEC_SUBSCRIPT = re.compile(r"\\vec\{([^{}]+)_{([^{}]+)}\}")
_VEC_BARE = re.compile(r"\\vec(\s*)(\\?[a-zA-Zα-ωΑ-Ω]+)")

# The official loops stop after this many rounds.
_MAX_BRACE_ROUNDS = 10
_MAX_ROUNDS = 100


def _drop_command(s: str, command: str, keep_inside: bool) -> str:
    """Remove every ``command{...}``, keeping the argument's text when asked.

    Official edge cases kept: a command with no brace after it swallows the next character, an
    unclosed brace runs to the end, and the name matches as a prefix (``\\text`` in ``\\textbf``).
    """
    while True:
        pos = s.find(command)
        if pos < 0:
            return s
        start = pos + len(command)
        close = start
        if start < len(s) and s[start] == "{":
            depth = 0
            while close < len(s):
                if s[close] == "{":
                    depth += 1
                elif s[close] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                close += 1
        inner = s[start + 1 : close] if keep_inside else ""
        s = s[:pos] + inner + s[close + 1 :]
        if command not in s:
            return s


def _first_open_brace(s: str) -> int:
    escaped = False
    for i, c in enumerate(s):
        if c == "\\" and not escaped:
            escaped = True
            continue
        if c == "{" and not escaped:
            return i
        escaped = False
    return -1


def _brace_owner(s: str, brace: int) -> str | None:
    """The command (or ``^``/``_``) that a brace belongs to, as the official scan finds it."""
    i = brace - 1
    in_option = False
    while i >= 0:
        c = s[i]
        if not in_option and c in "^_":
            return c
        if not in_option and c not in " \t[]":
            break
        if c == "]":
            in_option = True
        if c == "[" and in_option:
            in_option = False
        i -= 1
    if i < 0 or s[i] == "\\":
        return None
    end = i
    i -= 1
    while i >= 0 and s[i].isalpha():
        i -= 1
    # At i == -1 the official code looks at the last character of the string.
    if s[i] != "\\":
        return None
    return s[i + 1 : end + 1]


def _group_from(s: str, brace: int) -> tuple[str | None, int]:
    """Text of the group opened at ``brace`` and the index of its closing brace."""
    out: list[str] = []
    escaped = False
    depth = 0
    for i in range(brace + 1, len(s)):
        c = s[i]
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return "".join(out), i
            depth -= 1
        out.append(c)
    return None, -1


def _unwrap_outer_braces_once(s: str) -> tuple[str, bool]:
    brace = _first_open_brace(s)
    if brace == -1 or _brace_owner(s, brace):
        return s, False
    content, close = _group_from(s, brace)
    # Official quirk: text before the brace, and text after it with no closing brace, is lost.
    if content is not None and (close == len(s) - 1 or "}" not in s[close + 1 :]):
        return content, True
    return s, False


def _unwrap_outer_braces(s: str) -> str:
    for _ in range(_MAX_BRACE_ROUNDS):
        s, changed = _unwrap_outer_braces_once(s)
        if not changed:
            break
    return s


def _after_last_relation(s: str) -> str:
    kept = s
    for rel in _RELATIONS:
        at = s.rfind(rel)
        if at != -1:
            kept = s[at + 1 :]
    return kept.strip()


def stage_one(s: str) -> str:
    """Unwrap ``\\boxed``, strip outer braces, cut at ``\\quad``, keep the last relation's RHS."""
    s = s.replace("\\{", "(").replace("\\}", ")")
    s = _drop_command(s, "\\boxed", keep_inside=True)
    s = _unwrap_outer_braces(s)
    if "\\quad" in s:
        s = s.split("\\quad")[0]
    s = _after_last_relation(s)
    return _unwrap_outer_braces(s)


def _brace_short_fraction(m: re.Match[str]) -> str:
    parts = []
    for arg in (m.group(1), m.group(2)):
        parts.append(arg if arg.startswith("{") and arg.endswith("}") else "{" + arg + "}")
    return "\\frac" + parts[0] + parts[1]


def _find_all(s: str, sub: str) -> list[int]:
    found: list[int] = []
    start = 0
    while len(found) < _MAX_ROUNDS:
        at = s.find(sub, start)
        if at == -1:
            break
        found.append(at)
        start = at + 1
    return found


def _no_bar_inside_vec(s: str) -> str:
    count = len(_find_all(s, "\\vec{"))
    for k in range(count):
        # Positions are looked up afresh each round, as the official code does; an IndexError
        # here is an official parse failure too.
        brace = _find_all(s, "\\vec{")[k] + 4
        close = brace
        depth = 0
        while close < len(s):
            if s[close] == "{":
                depth += 1
            if s[close] == "}":
                depth -= 1
                if depth == 0:
                    break
            close += 1
        inner = _drop_command(s[brace + 1 : close], "\\bar", keep_inside=True)
        s = s[: brace + 1] + inner + s[close:]
    return s


def _wrap_exponent_fraction_once(s: str) -> str:
    at = s.find("^\\frac") + 1
    if at == 0:
        return s
    groups = 0
    depth = 0
    i = at
    while i < len(s):
        if s[i] == "{":
            depth += 1
        elif s[i] == "}":
            depth -= 1
            if depth == 0:
                groups += 1
                if groups == 2:
                    break
        i += 1
    return s[:at] + "{" + s[at:i] + "}" + s[i:]


def _wrap_exponent_fractions(s: str) -> str:
    nxt = _wrap_exponent_fraction_once(s)
    rounds = 0
    while nxt != s and rounds < _MAX_ROUNDS:
        rounds += 1
        s = nxt
        nxt = _wrap_exponent_fraction_once(s)
    return s


def stage_two(s: str) -> str:
    """Drop formatting, rename symbols and normalise fractions and vectors."""
    for cmd in _DROP_WITH_ARGUMENT:
        s = _drop_command(s, cmd, keep_inside=False)
    for cmd in _UNWRAP:
        s = _drop_command(s, cmd, keep_inside=True)
    for junk in _DELETE:
        s = s.replace(junk, "")
    for old, new in _REPLACE:
        s = s.replace(old, new)
    s = _SHORT_FRAC.sub(_brace_short_fraction, s)
    s = _no_bar_inside_vec(s)
    s = _VEC_SUBSCRIPT.sub(r"\\vec{\1}_{\2}", s)
    s = _VEC_BARE.sub(r"\\vec{\2}", s)
    s = _wrap_exponent_fractions(s)
    if s.endswith("."):
        s = s[:-1]
    return s


def preprocess(s: str) -> str:
    """The official two-stage preprocessing, ready for latex2sympy."""
    return stage_two(stage_one(s))
