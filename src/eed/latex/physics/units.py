"""Rules for numbers and units: thousands separators, decimal commas, scientific
notation, degrees; and the reading of a number's unit, which ``text_units`` removes and
``elements`` reports.

- ``numbers``: a thousands separator inside a number (``1{,}000``, ``1,000``, ``1\\,000``,
  ``1 000``: a group of exactly three digits, after a first group that is not ``0``) is
  removed; ``3{,}5`` and ``0{,}125`` are decimal commas; ``1.6e-19`` is scientific notation.
  Other commas are kept: they separate the elements of a tuple (``0,111`` is two numbers). ``2
  3`` and ``1 00`` are not numbers written with separators and are left alone.
- ``percent_words``: ``28 percent`` (or ``percentage``, ``\\text{ percent}``) after a number is
  ``28\\%``, which latex2sympy reads as ``28/100``.
- ``degrees``: ``30^\\circ`` (and ``30°``, ``30^{\\circ}``, ``30\\degree``, siunitx's
  ``\\ang{30}``) becomes radians, ``\\frac{30 \\pi}{180}``. (``25^\\circ C`` is a temperature:
  ``text_units`` took its unit.)
- ``marked_number``: the number of an answer that is one number with a degree or percent mark
  (``45^\\circ`` gives ``45``, ``1.3\\%`` gives ``1.3``), which the scoring step lets a
  prediction give without the mark when the ground truth has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from ..tokens import (
    RBRACE,
    SPACE,
    Kind,
    Token,
    depths,
    detokenize,
    in_braces,
    is_char,
    is_cmd,
    is_int,
    is_tuple_separator,
    make_cmd,
    match_group_back,
    next_nonspace,
    prev_nonspace,
    read_argument,
    strip_spaces,
    token_at,
    tokenize,
)
from .words import (
    BARE_LETTER_UNITS,
    BRACKETS,
    GREEK,
    SAFE_BARE_UNITS,
    TEXT_FONTS,
    UNIT_WORD_RE,
    is_relation,
    is_unit_text,
    unit_source,
)

__all__ = [
    "degrees",
    "juxtaposed_numbers",
    "marked_number",
    "numbers",
    "numeric_end",
    "numeric_tokens",
    "percent_words",
    "remove_units",
    "repeating_decimals",
    "unit_start",
    "unit_tail",
]


def juxtaposed_numbers(tokens: list[Token]) -> list[Token]:
    """Two numbers side by side with only space between them, that no rule joined into one
    number (``2 3``, ``1 00``), multiply, as juxtaposition does in TeX: latex2sympy would add
    them, as if ``2 3`` were a mixed number, and make ``2 3`` equal ``5``. Numbers in an
    exponent or an index are left alone. An answer that is nothing but a whole number and a
    proper fraction (``1 1/2``, ``-2 3/4``) is the mixed number, as word problems write it."""
    mixed = _mixed_number(tokens)
    if mixed is not None:
        return mixed
    out: list[Token] = []
    for tok in tokens:
        if tok.kind is Kind.NUMBER and out:
            j = len(out) - 1
            while j >= 0 and out[j].kind is Kind.SPACE:
                j -= 1
            before = out[j - 1] if j >= 1 else None
            if (
                j < len(out) - 1
                and j >= 0
                and out[j].kind is Kind.NUMBER
                and not is_char(before, "^", "_")
            ):
                out.append(make_cmd("\\cdot"))
        out.append(tok)
    return out


def _mixed_number(tokens: list[Token]) -> list[Token] | None:
    """``a b/c`` (``b < c``, all whole numbers) as the tokens of ``(a + b/c)``, or of
    ``-(a + b/c)`` after a minus; None for anything else."""
    solid = [i for i, t in enumerate(tokens) if t.kind is not Kind.SPACE]
    sign = solid[:1] if solid and is_char(tokens[solid[0]], "-") else []
    rest = solid[len(sign) :]
    if len(rest) != 4 or not all(is_int(tokens[rest[i]]) for i in (0, 1, 3)):
        return None
    whole, numerator, slash, denominator = (tokens[i] for i in rest)
    if not is_char(slash, "/") or not 0 < int(numerator.text) < int(denominator.text):
        return None
    if rest[1] == rest[0] + 1:
        return None  # no space between them: ``11/2`` is a fraction
    signs = [tokens[i] for i in sign]
    text = f"({whole.text} + \\frac{{{numerator.text}}}{{{denominator.text}}})"
    return [*signs, *tokenize(text)]


def _thousands_group(tok: Token | None) -> bool:
    """Exactly three digits, optionally with decimals after them (the last group)."""
    if tok is None or tok.kind is not Kind.NUMBER:
        return False
    return len(tok.text.split(".")[0]) == 3


def _separator_width(tokens: Sequence[Token], i: int) -> int:
    """Width of a digit-group separator at i: ``,`` (1), ``,\\!`` (2, or 3 with a space after
    it), ``\\,`` (1) or ``{,}`` (3); else 0."""
    tok = token_at(tokens, i)
    if is_char(tok, ","):
        # ``11,\!111`` (the MATH dataset's thousands): a comma pulled tight to its digits,
        # maybe with a space after the ``\!``.
        tight = token_at(tokens, i + 1)
        if tight is not None and tight.kind is Kind.CONTROL and tight.text == "\\!":
            after = token_at(tokens, i + 2)
            return 3 if after is not None and after.kind is Kind.SPACE else 2
        return 1
    if tok is not None and tok.kind is Kind.CONTROL and tok.text in ("\\,", "\\ "):
        return 1
    if tok is not None and tok.kind is Kind.SPACE:
        return 1  # ``1 000``: SI writes thousands apart with a space
    if (
        tok is not None
        and tok.kind is Kind.BEGIN
        and is_char(token_at(tokens, i + 1), ",")
        and token_at(tokens, i + 2) == RBRACE
    ):
        return 3
    return 0


def numbers(tokens: list[Token]) -> list[Token]:
    """Join digit groups (1,000 / 1{,}000 / 1\\,000), read 3{,}5 as 3.5 and 1.6e-19 as
    1.6\\times 10^{-19}."""
    out: list[Token] = []
    inside = _inside_brackets(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        prev = token_at(tokens, i - 1)
        fresh = is_int(tok) and not (
            prev is not None and (prev.kind is Kind.NUMBER or is_char(prev, "."))
        )
        before = token_at(tokens, prev_nonspace(tokens, i - 1))
        # ``2^3 000`` is no number written apart, and ``12 345 678`` starts at 12.
        starts_number = fresh and not (
            is_char(before, "^", "_") or (before is not None and before.kind is Kind.NUMBER)
        )
        # No number starts with a lone 0 before a thousands separator: ``0{,}125`` is a decimal
        # comma (below), and ``0,111`` is no 111.
        if starts_number and 1 <= len(tok.text) <= 3 and tok.text != "0":
            text = tok.text
            j = i + 1
            while True:
                w = _separator_width(tokens, j)
                if w == 1 and inside[j] and is_char(tokens[j], ","):
                    break  # ``(3,331)`` is a pair: a bare comma in brackets separates elements
                if w and _thousands_group(token_at(tokens, j + w)) and "." not in text:
                    text += tokens[j + w].text
                    j += w + 1
                else:
                    break
            if j > i + 1:
                out.append(Token(Kind.NUMBER, text))
                i = j
                continue
        braced_comma = _separator_width(tokens, i + 1) == 3 and tokens[i + 1].kind is Kind.BEGIN
        if is_int(tok) and braced_comma:
            nxt = token_at(tokens, i + 4)
            if nxt is not None and is_int(nxt) and (len(nxt.text) != 3 or tok.text == "0"):
                out.append(Token(Kind.NUMBER, tok.text + "." + nxt.text))
                i += 5
                continue
        if tok.kind is Kind.NUMBER:
            sci = _scientific(tokens, i)
            if sci is not None:
                out.extend(sci[0])
                i = sci[1]
                continue
        out.append(tok)
        i += 1
    return out


_OPENERS = frozenset(BRACKETS)
_CLOSERS = frozenset(BRACKETS.values())


def _inside_brackets(tokens: Sequence[Token]) -> list[bool]:
    """Whether each token stands inside round, square or curly (``\\{``) brackets."""
    out = []
    depth = 0
    for tok in tokens:
        if tok.text in _CLOSERS:
            depth = max(0, depth - 1)
        out.append(depth > 0)
        if tok.text in _OPENERS:
            depth += 1
    return out


def _scientific(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """``1.6e-19`` (no spaces) as ``1.6\\times 10^{-19}``."""
    e = token_at(tokens, i + 1)
    if e is None or e.kind is not Kind.LETTER or e.text not in "eE":
        return None
    j = i + 2
    sign = ""
    if is_char(token_at(tokens, j), "-", "+"):
        sign = "-" if tokens[j].text == "-" else ""
        j += 1
    exp = token_at(tokens, j)
    if exp is None or not is_int(exp):
        return None
    after = token_at(tokens, j + 1)
    if after is not None and after.kind in (Kind.LETTER, Kind.NUMBER):
        return None
    text = f"{tokens[i].text}\\times 10^{{{sign}{exp.text}}}"
    return tokenize(text), j + 1


def _numeric_item_end(tokens: Sequence[Token], k: int, stop: int) -> int:
    """End of one numeric item at k (a number, \\pi, a numeric \\frac or \\sqrt), or k."""
    tok = token_at(tokens, k)
    if tok is None or k >= stop:
        return k
    if tok.kind is Kind.NUMBER or is_cmd(tok, "\\pi"):
        return k + 1
    if is_cmd(tok, "\\frac", "\\dfrac", "\\tfrac", "\\cfrac", "\\sqrt"):
        j = k + 1
        for _ in range(1 if tok.text == "\\sqrt" else 2):
            arg = read_argument(tokens, j)
            if arg is None or not numeric_tokens(arg[0]):
                return k
            j = arg[1]
        return j if j <= stop else k
    return k


def numeric_tokens(tokens: Sequence[Token]) -> bool:
    toks = strip_spaces(tokens)
    if is_char(token_at(toks, 0), "-", "+"):
        toks = toks[1:]
    return bool(toks) and numeric_end(toks, 0, len(toks)) == len(toks)


def numeric_end(tokens: Sequence[Token], k: int, stop: int) -> int:
    """End of the numeric run at k: ``6.02\\times 10^{23}``, ``\\frac{3}{2}``, ``2\\pi``."""
    end = _numeric_item_end(tokens, k, stop)
    if end == k:
        return k
    while True:
        j = next_nonspace(tokens, end)
        tok = token_at(tokens, j)
        if j >= stop or tok is None:
            return end
        if is_char(tok, "^"):
            arg = read_argument(tokens, j + 1)
            if arg is None or arg[2] or not numeric_tokens(arg[0]) or arg[1] > stop:
                return end
            end = arg[1]
        elif is_cmd(tok, "\\times", "\\cdot") or is_char(tok, "*"):
            nxt = _numeric_item_end(tokens, next_nonspace(tokens, j + 1), stop)
            if nxt == next_nonspace(tokens, j + 1):
                return end
            end = nxt
        else:
            nxt = _numeric_item_end(tokens, j, stop)
            if nxt == j:
                return end
            end = nxt


def _tail_has_font(tail: Sequence[Token]) -> bool:
    return any(is_cmd(t, *TEXT_FONTS) for t in tail)


def unit_tail(tail: Sequence[Token], number: Sequence[Token]) -> bool:
    """Whether the tokens after a number are its unit."""
    text = detokenize(tail)
    if not strip_spaces(tail) or not is_unit_text(text):
        return False
    if _tail_has_font(tail) or "/" in text:
        return True
    words = UNIT_WORD_RE.findall(unit_source(text))
    if any(w.replace("µ", "μ") in SAFE_BARE_UNITS for w in words):
        return True
    if any(len(w) >= 4 for w in words):
        return True  # a unit spelled out: 2.2 microseconds
    decimal = any(t.kind is Kind.NUMBER and "." in t.text for t in number) or any(
        is_cmd(t, "\\times", "\\cdot") for t in number
    )
    return decimal and len(words) == 1 and words[0] in BARE_LETTER_UNITS


def _trailing_unit_start(tokens: Sequence[Token], a: int, b: int) -> int:
    """Start of a unit in text commands ending the segment [a, b) after a space, or b."""
    i = b
    start = b
    saw_font = False
    while i > a:
        j = i - 1
        tok = tokens[j]
        if tok.kind is Kind.SPACE or is_char(tok, "/") or is_cmd(tok, "\\cdot"):
            i = j
            continue
        if tok.kind is Kind.END:
            o = match_group_back(tokens, j)
            if o < 0:
                break
            owner = prev_nonspace(tokens, o - 1)
            if owner >= a and is_cmd(tokens[owner], *TEXT_FONTS):
                i = start = owner
                saw_font = True
                continue
            if owner >= a and is_char(tokens[owner], "^"):
                i = owner
                continue
            break
        if is_char(token_at(tokens, j - 1), "^") and tok.kind is Kind.NUMBER:
            i = j - 1
            continue
        break
    if not saw_font or start <= a:
        return b
    before = token_at(tokens, start - 1)
    if before is None or before.kind is not Kind.SPACE or prev_nonspace(tokens, start - 1) < a:
        return b
    text = detokenize(tokens[start:b])
    words = UNIT_WORD_RE.findall(unit_source(text))
    compound = "/" in text or "^" in text or len(words) > 1 or any(len(w) > 1 for w in words)
    return start if compound and is_unit_text(text) else b


def unit_start(tokens: Sequence[Token], a: int, b: int) -> int:
    """Where the unit of the segment [a, b) starts (after its number, or a unit-like text ending
    it), or b when it has none."""
    k = next_nonspace(tokens, a)
    if is_char(token_at(tokens, k), "-", "+"):
        k = next_nonspace(tokens, k + 1)
    end = numeric_end(tokens, k, b)
    if end > k and unit_tail(tokens[end:b], tokens[k:end]):
        return end
    return _trailing_unit_start(tokens, a, b)


def remove_units(tokens: list[Token]) -> list[Token]:
    levels = depths(tokens)
    bounds = [
        i
        for i, t in enumerate(tokens)
        if levels[i] == 0 and (is_tuple_separator(t) or is_relation(t))
    ]
    keep = [True] * len(tokens)
    starts = [0, *(i + 1 for i in bounds)]
    ends = [*bounds, len(tokens)]
    for a, b in zip(starts, ends, strict=True):
        for j in range(unit_start(tokens, a, b), b):
            keep[j] = False
    return [t for t, k in zip(tokens, keep, strict=True) if k]


def _degree_mark(tokens: Sequence[Token], i: int) -> int:
    """Index after a degree mark at i (``^\\circ``, ``^{\\circ}``, ``\\degree``), or -1."""
    tok = tokens[i]
    if is_cmd(tok, "\\degree"):
        return i + 1
    if is_char(tok, "^"):
        arg = read_argument(tokens, i + 1)
        if arg is not None and [t.text for t in strip_spaces(arg[0])] in (
            ["\\circ"],
            ["\\degree"],
        ):
            return arg[1]
    return -1


def _base_start(tokens: Sequence[Token], p: int) -> int:
    """Start of the item that ends at p (a number, symbol, or bracketed group), or -1."""
    tok = token_at(tokens, p)
    if tok is None:
        return -1
    if tok.kind in (Kind.NUMBER, Kind.LETTER, Kind.SYMBOL) or is_cmd(tok, *GREEK):
        return p
    if tok.kind in (Kind.END, Kind.BRACKET) and tok.text in ("}", ")"):
        return match_group_back(tokens, p)
    return -1


def degrees(tokens: list[Token]) -> list[Token]:
    """An angle in degrees becomes radians: ``30^\\circ`` (``\\ang{30}``) is
    ``\\frac{30\\pi}{180}``."""
    tokens = _ang(list(tokens))
    i = 0
    while i < len(tokens):
        end = _degree_mark(tokens, i)
        if end > 0:
            p = prev_nonspace(tokens, i - 1)
            start = _base_start(tokens, p)
            if start >= 0:
                base = tokens[start : p + 1]
                pi_part = [SPACE, make_cmd("\\pi")]
                new = [
                    make_cmd("\\frac"),
                    *in_braces([*base, *pi_part]),
                    *in_braces([Token(Kind.NUMBER, "180")]),
                ]
                tokens[start:end] = new
                i = start + len(new)
                continue
        i += 1
    return tokens


_PERCENT_WORDS = frozenset({"percent", "percentage", "pct"})
PERCENT = Token(Kind.CONTROL, "\\%")


def _letters_at(tokens: Sequence[Token], i: int) -> tuple[str, int]:
    """The word spelled by the letters at i, and the index after it."""
    j = i
    while j < len(tokens) and tokens[j].kind is Kind.LETTER:
        j += 1
    return "".join(t.text for t in tokens[i:j]), j


def _percent_word_end(tokens: Sequence[Token], i: int) -> int:
    """Index after a percent word at i (``percent``, ``\\text{ percent}``), or -1."""
    word, end = _letters_at(tokens, i)
    if word.lower() in _PERCENT_WORDS:
        return end
    if is_char(token_at(tokens, i), "%"):
        # A bare ``%`` in an answer field is a percent sign: nobody ends an answer with a
        # LaTeX comment.
        return i + 1
    if is_cmd(token_at(tokens, i), *TEXT_FONTS):
        arg = read_argument(tokens, i + 1)
        if arg is not None and not arg[2]:
            inner = detokenize(arg[0]).strip().lower()
            if inner in _PERCENT_WORDS or inner in ("%", "\\%"):
                return arg[1]
    return -1


def percent_words(tokens: list[Token]) -> list[Token]:
    """``28 percent`` (``percentage``, ``pct``, ``\\text{ percent}``, a bare ``%``) after a
    number is ``28\\%``."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        out.append(tok)
        i += 1
        if tok.kind is not Kind.NUMBER:
            continue
        j = next_nonspace(tokens, i)
        end = _percent_word_end(tokens, j)
        if end > 0:
            out.append(PERCENT)
            i = end
    return out


def _ang(tokens: list[Token]) -> list[Token]:
    """siunitx's ``\\ang{30}`` is ``30^{\\circ}``; ``\\ang{1;30;0}`` is degrees, minutes and
    seconds."""
    i = 0
    while i < len(tokens):
        if is_cmd(tokens[i], "\\ang"):
            arg = read_argument(tokens, i + 1)
            if arg is not None and not arg[2]:
                parts = detokenize(arg[0]).split(";")
                if len(parts) == 1 and numeric_tokens(arg[0]):
                    value = strip_spaces(arg[0])
                    new = [*value, *tokenize("^{\\circ}")]
                    tokens = [*tokens[:i], *new, *tokens[arg[1] :]]
                    i += len(new)
                    continue
                if len(parts) == 1:
                    value = arg[0]
                elif len(parts) <= 3:
                    terms = [p.strip() or "0" for p in parts]
                    scales = ("", "/60", "/3600")
                    value = tokenize(
                        "(" + "+".join(f"{t}{s}" for t, s in zip(terms, scales, strict=False)) + ")"
                    )
                else:
                    i += 1
                    continue
                new = [*in_braces(list(value)), *tokenize("^{\\circ}")]
                tokens = [*tokens[:i], *new, *tokens[arg[1] :]]
                i += len(new)
                continue
        i += 1
    return tokens


def marked_number(tokens: Sequence[Token]) -> tuple[list[Token], str] | None:
    """The number of an answer that is one number and a degree or percent mark (``45^\\circ``,
    ``1.3\\%``, ``\\ang{45}``), and the mark's unit (``degree``, ``percent``); or None.
    ``25^\\circ C`` is a temperature, not an angle."""
    toks = strip_spaces(_ang(list(tokens)))
    k = 1 if is_char(token_at(toks, 0), "-", "+") else 0
    end = numeric_end(toks, k, len(toks))
    if end == k:
        return None
    rest = strip_spaces(toks[end:])
    if len(rest) == 1 and rest[0] == PERCENT:
        return toks[:end], "percent"
    if rest and _degree_mark(rest, 0) == len(rest):
        return toks[:end], "degree"
    return None


def repeating_decimals(tokens: list[Token]) -> list[Token]:
    """``0.\\overline{3}`` (a bar over the digits that repeat) is the fraction it names,
    ``\\frac{1}{3}``; ``1.2\\overline{34}`` is ``\\frac{611}{495}``. A bar over anything but
    the digits right after a decimal number keeps its meaning."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        found = _repeating(tokens, i) if tok.kind is Kind.NUMBER else None
        if found is None:
            out.append(tok)
            i += 1
            continue
        value, i = found
        out.extend(tokenize(f"{{\\frac{{{value.numerator}}}{{{value.denominator}}}}}"))
    return out


def _repeating(tokens: list[Token], i: int) -> tuple[Fraction, int] | None:
    """The value of a repeating decimal starting at ``i`` and the index after it."""
    text, j = tokens[i].text, i + 1
    if "." not in text and is_char(token_at(tokens, j), "."):
        text, j = text + ".", j + 1
    whole, dot, fixed = text.partition(".")
    if not dot or not whole.isdigit() or (fixed and not fixed.isdigit()):
        return None
    if not is_cmd(token_at(tokens, j), "\\overline", "\\bar"):
        return None
    arg = read_argument(tokens, j + 1)
    if arg is None or arg[2]:
        return None
    digits = detokenize(strip_spaces(arg[0]))
    if not digits.isdigit():
        return None
    scale = 10 ** len(fixed)
    start = Fraction(int(whole + fixed), scale)
    return start + Fraction(int(digits), scale * (10 ** len(digits) - 1)), arg[1]
