"""Rules that name symbols: fonts, subscripted and decorated letters, and ``e``.

- ``fonts``: a text or font command around one word becomes one symbol (``\\mathrm{Re}``,
  ``\\text{max}``); around one letter, that letter (``\\mathbf{F}`` is ``F``); around math, its
  content; an upright ``\\mathrm{e}`` is Euler's number; ``\\mathcal{E}`` is a symbol
  ``mathcal{E}``.
- ``symbols``: a letter, Greek letter, decorated letter (``\\vec v``, ``\\hat x``) or braced
  letter (``{E}_0``) with a subscript, primes (``'``, ``^{\\prime}``), a star/dagger or a charge
  (``\\pi^+``, ``e^-``) becomes one symbol named ``base_sub`` plus its marks (``v_0``,
  ``eta'``, ``f''``, ``v_max``, ``p*``, ``pi^+``): primes are never dropped. A nuclide
  (``^{235}U``, ``{}^4He``) is one symbol. ``I`` is a symbol, not the imaginary unit. Variant
  Greek letters are one letter (``\\varepsilon`` is ``\\epsilon``, ``\\varphi`` is ``\\phi``...),
  ``\\hslash`` is ``\\hbar``. A ``d`` before a letter is the symbol ``d`` (``d\\sin\\theta``),
  except in a derivative ``\\frac{d..}{d..}``. ``\\infty`` (read as ``oo``), ``\\hbar`` (a symbol
  ``hbar``), ``\\times`` and ``\\cdot`` (multiplication) are left to latex2sympy, which
  already reads them that way. After parsing, ``k_B`` is Boltzmann's ``k`` when the answer
  has no other ``k``.
- ``e_charge`` (switch ``e_as_charge``): the letter ``e`` is the elementary charge, a symbol
  ``e``, except as the base of a power whose exponent is not a positive integer literal:
  ``e^{-t/\\tau}``, ``e^{i\\omega t}``, ``e^x``, ``e^{-1}`` are exponentials, while ``e``,
  ``e^2`` and ``e^{3}`` are charges (so ``N Z e^3`` has the charge cubed, whatever its
  neighbours). ``\\mathrm{e}``, ``\\exp`` and ``\\exponentialE`` are always Euler's number.
  With the switch off, a bare ``e`` is left to latex2sympy, which reads it as Euler's number.
  A subscripted ``e`` (``e_0``) is a symbol either way (``symbols``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..tokens import (
    Kind,
    Token,
    depths,
    in_braces,
    is_char,
    is_cmd,
    is_int,
    make_cmd,
    match_group,
    next_nonspace,
    plain_text,
    read_argument,
    strip_spaces,
    token_at,
)
from .words import (
    ALPHABETS,
    DECORATIONS,
    GREEK,
    GREEK_VARIANTS,
    OTHER_SYMBOLS,
    TEXT_FONTS,
    is_relation,
)

__all__ = ["e_charge", "fonts", "symbols"]


_UPRIGHT_FONTS = frozenset(
    {"\\mathrm", "\\text", "\\textrm", "\\textup", "\\textnormal", "\\mbox", "\\symrm"}
)
_EULER = make_cmd("\\exponentialE")


def fonts(tokens: list[Token]) -> list[Token]:
    """Text and font commands: a word is one symbol, a letter is that letter (upright ``e`` is
    Euler's number), math inside is kept; ``\\mathcal{E}`` is a symbol of its own."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_cmd(tok, *TEXT_FONTS, *ALPHABETS):
            arg = read_argument(tokens, i + 1)
            if arg is None:
                i += 1
                continue
            content = strip_spaces(arg[0])
            i = arg[1]
            if arg[2]:  # \mathbf12: only the 1 is in the font
                tokens = [*arg[2], *tokens[i:]]
                i = 0
            if not content:
                continue
            word = plain_text(content)
            if tok.text in ALPHABETS:
                out.append(Token(Kind.SYMBOL, f"{tok.text[1:]}{{{word}}}"))
            elif len(content) == 1 and content[0].kind is Kind.LETTER:
                euler = content[0].text == "e" and tok.text in _UPRIGHT_FONTS
                out.append(_EULER if euler else content[0])
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]*\.?", word) and all(
                t.kind in (Kind.LETTER, Kind.NUMBER) or is_char(t, ".") for t in content
            ):
                out.append(Token(Kind.SYMBOL, word.rstrip(".")))  # \text{const.} is const
            else:
                out.extend(fonts(content))
            continue
        out.append(tok)
        i += 1
    return out


_STARS = {"*": "*", "\\ast": "*", "\\star": "*", "\\dagger": "†", "\\dag": "†"}


def _name_part(tokens: Sequence[Token]) -> str:
    """A subscript or decorated letter as part of a symbol's name."""
    parts: list[str] = []
    for t in tokens:
        if t.kind in (Kind.SPACE, Kind.BEGIN, Kind.END) or is_cmd(t, *TEXT_FONTS):
            continue
        if t == _EULER:
            parts.append("e")
        elif t.kind is Kind.COMMAND:
            parts.append(t.text[1:])
        else:
            parts.append(t.text)
    return "".join(parts)


def _base(tokens: Sequence[Token], i: int) -> tuple[str, int, bool] | None:
    """The base of a symbol at i: (name, index after, whether it is a plain letter that
    latex2sympy names well by itself)."""
    tok = tokens[i]
    if tok.kind is Kind.BEGIN:
        # {E}_0 is E_0 in TeX; the braces only matter when marks follow.
        end = match_group(tokens, i)
        inner = strip_spaces(tokens[i + 1 : end]) if end > 0 else []
        follower = token_at(tokens, end + 1)
        if (
            len(inner) == 1
            and follower is not None
            and (is_char(follower, "_") or follower.kind is Kind.PRIME)
        ):
            base = _base(inner, 0)
            if base is not None and base[1] == 1:
                return base[0], end + 1, False
        return None
    if tok.kind is Kind.LETTER:
        return tok.text, i + 1, tok.text != "I"
    if tok.kind is Kind.SYMBOL:
        return tok.text, i + 1, False
    if is_cmd(tok, *GREEK, *OTHER_SYMBOLS):
        return tok.text[1:], i + 1, True
    if is_cmd(tok, *DECORATIONS):
        arg = read_argument(tokens, i + 1)
        if arg is None or arg[2]:
            return None
        inner = arg[0]
        name = _name_part(inner)
        if not name:
            return None
        # A decorated symbol takes its own decorations' names: \dot{\theta}_0 is dot{theta}_0.
        return f"{tok.text[1:]}{{{name}}}", arg[1], False
    return None


def _marks(arg: Sequence[Token]) -> tuple[int, str, list[Token]]:
    """Primes and stars opening a superscript: (number of primes, star, the rest)."""
    toks = strip_spaces(arg)
    primes = 0
    star = ""
    k = 0
    while k < len(toks):
        t = toks[k]
        if is_cmd(t, "\\prime") or t.kind is Kind.PRIME:
            primes += 1
        elif (t.kind is Kind.COMMAND or is_char(t, "*")) and t.text in _STARS and not star:
            star = _STARS[t.text]
        elif t.kind is not Kind.SPACE:
            break
        k += 1
    rest = strip_spaces(toks[k:])
    if rest and all(is_char(t, "+", "-") for t in rest) and len(rest) <= 2:
        # A charge, as on a particle: \pi^+, e^-, \Delta^{++}.
        star += "^" + "".join(t.text for t in rest)
        rest = []
    return primes, star, rest


def _symbol_at(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """A symbol with a subscript, primes or a star at i, as one SYMBOL token (and the power
    that follows it, if any); None if there is none."""
    base = _base(tokens, i)
    if base is None:
        return None
    name, j, plain = base
    sub: str | None = None
    primes = 0
    star = ""
    power: list[Token] = []
    while j < len(tokens):
        tok = tokens[j]
        if tok.kind is Kind.PRIME:
            primes += 1
            j += 1
        elif is_char(tok, "_") and sub is None:
            k = next_nonspace(tokens, j + 1)
            if token_at(tokens, k) is not None and tokens[k].kind is Kind.NUMBER:
                sub, j = tokens[k].text, k + 1  # x_12 is x_{12}, as people mean it
                continue
            arg = read_argument(tokens, j + 1)
            if arg is None:
                break
            sub, j = _name_part(arg[0]), arg[1]
        elif is_char(tok, "^") and not power:
            arg = read_argument(tokens, j + 1)
            if arg is None:
                break
            p, s, rest = _marks(arg[0])
            if p or s:
                primes += p
                star = star or s
                j = arg[1]
                if rest:
                    power = [Token(Kind.CHAR, "^"), *in_braces(rest)]
                continue
            if sub is None and is_char(token_at(tokens, next_nonspace(tokens, arg[1])), "_"):
                # x^2_1: the power waits until the subscript is read.
                power = [Token(Kind.CHAR, "^"), *in_braces(arg[0]), *arg[2]]
                j = arg[1]
                continue
            break
        else:
            break
    if plain and sub is None and not primes and not star:
        return None
    if sub is not None and sub:
        name += f"_{sub}" if len(sub) == 1 else f"_{{{sub}}}"
    name += "'" * primes + star
    return [Token(Kind.SYMBOL, name), *power], j


def _differential_ds(tokens: Sequence[Token]) -> set[int]:
    """Indices of the ``d`` letters of derivatives, ``\\frac{d..}{d..}``."""
    found: set[int] = set()
    for i, tok in enumerate(tokens):
        if not is_cmd(tok, "\\frac"):
            continue
        num = read_argument(tokens, i + 1)
        if num is None:
            continue
        den = read_argument(tokens, num[1])
        if den is None:
            continue
        n0 = next_nonspace(tokens, i + 2)
        d0 = next_nonspace(tokens, num[1] + 1)
        if token_at(tokens, n0) == Token(Kind.LETTER, "d") and token_at(tokens, d0) == Token(
            Kind.LETTER, "d"
        ):
            found.update({n0, d0})
    return found


def _integral_ds(tokens: Sequence[Token]) -> set[int]:
    """Indices of the ``d`` letters after an ``\\int`` at its level or deeper, up to the
    relation, comma or closing group that ends it: ``dr`` in ``\\int_a^b \\frac{Q}{r^2} dr``
    is the integral's differential (read as a product, the integral runs over nothing and may
    diverge)."""
    levels = depths(tokens)
    found: set[int] = set()
    for i, tok in enumerate(tokens):
        if not is_cmd(tok, "\\int", "\\iint", "\\iiint", "\\oint"):
            continue
        for j in range(i + 1, len(tokens)):
            if levels[j] < levels[i] or (
                levels[j] == levels[i] and (is_relation(tokens[j]) or is_char(tokens[j], ","))
            ):
                break
            if tokens[j] == Token(Kind.LETTER, "d"):
                found.add(j)
    return found


def _isotope_at(tokens: Sequence[Token], i: int, out: list[Token]) -> tuple[Token, int] | None:
    """A nuclide in isotope notation at i, ``^{235}U`` or ``{}^4_2He``, as one symbol; the
    superscript has no base of its own (it follows nothing, an operator or an empty group)."""
    if not is_char(tokens[i], "^"):
        return None
    p = len(out) - 1
    while p >= 0 and out[p].kind is Kind.SPACE:
        p -= 1
    empty_group = p >= 1 and out[p].kind is Kind.END and out[p - 1].kind is Kind.BEGIN
    prev = out[p] if p >= 0 else None
    if not (
        prev is None
        or empty_group
        or is_char(prev, "+", "-", ",", "=")
        or (prev.kind is Kind.BRACKET and prev.text in "([")
        or is_relation(prev)
    ):
        return None
    mass = read_argument(tokens, i + 1)
    if mass is None or mass[2] or not all(t.kind is Kind.NUMBER for t in strip_spaces(mass[0])):
        return None
    j = mass[1]
    if is_char(token_at(tokens, next_nonspace(tokens, j)), "_"):
        charge = read_argument(tokens, next_nonspace(tokens, j) + 1)
        if charge is None:
            return None
        j = charge[1]
    j = next_nonspace(tokens, j)
    element = token_at(tokens, j)
    if element is None:
        return None
    if element.kind is Kind.SYMBOL and re.fullmatch(r"[A-Z][a-z]{0,2}", element.text):
        name, j = element.text, j + 1
    elif element.kind is Kind.LETTER and element.text.isupper():
        name, j = element.text, j + 1
        while (
            len(name) < 3
            and token_at(tokens, j) is not None
            and tokens[j].kind is Kind.LETTER
            and tokens[j].text.islower()
        ):
            name += tokens[j].text
            j += 1
    else:
        return None
    if empty_group:
        del out[p - 1 :]
    return Token(Kind.SYMBOL, f"^{{{plain_text(mass[0])}}}{name}"), j


def symbols(tokens: list[Token]) -> list[Token]:
    """Subscripted, primed and starred letters become one symbol each; variant Greek letters
    are one letter; ``I`` is a symbol; a ``d`` before a letter is a symbol, not a
    differential, outside ``\\frac{d..}{d..}`` and the integrand of an ``\\int``."""
    tokens = [
        make_cmd(GREEK_VARIANTS[t.text])
        if t.kind is Kind.COMMAND and t.text in GREEK_VARIANTS
        else t
        for t in tokens
    ]
    differentials = _differential_ds(tokens) | _integral_ds(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        isotope = _isotope_at(tokens, i, out)
        if isotope is not None:
            out.append(isotope[0])
            i = isotope[1]
            continue
        found = _symbol_at(tokens, i)
        if found is not None:
            out.extend(found[0])
            i = found[1]
            continue
        tok = tokens[i]
        if tok == Token(Kind.LETTER, "d") and i not in differentials:
            nxt = token_at(tokens, next_nonspace(tokens, i + 1))
            if nxt is not None and nxt.kind in (Kind.LETTER, Kind.COMMAND, Kind.SYMBOL):
                # latex2sympy would read `d x` or `d\sin` as a differential.
                out.extend(in_braces([tok]))
                i += 1
                continue
        if is_cmd(tok, "\\ast"):
            tok = Token(Kind.CHAR, "*")
        out.append(tok)
        i += 1
    return out


def _euler_power(tokens: Sequence[Token], i: int) -> bool:
    """Whether the ``e`` at i is the base of a power whose exponent is not a positive integer
    literal (``e^{-t/\\tau}``, ``e^x``, ``e^{-1}``: Euler; ``e^2``, ``e^{3}``: charge)."""
    j = next_nonspace(tokens, i + 1)
    if not is_char(token_at(tokens, j), "^"):
        return False
    arg = read_argument(tokens, j + 1)
    if arg is None:
        return False
    exponent = strip_spaces(arg[0])
    positive_integer = len(exponent) == 1 and is_int(exponent[0]) and int(exponent[0].text) > 0
    return not positive_integer


def e_charge(tokens: list[Token], enabled: bool = True) -> list[Token]:
    """The letter ``e`` is the elementary charge unless it is the base of a non-integer power."""
    if not enabled:
        return list(tokens)
    return [
        Token(Kind.SYMBOL, "e")
        if tok == Token(Kind.LETTER, "e") and not _euler_power(tokens, i)
        else tok
        for i, tok in enumerate(tokens)
    ]
