"""The physics dialect: LaTeX answers read the way a physicist writes them.

The answer is tokenized (see ``tokens``) and passed through named rules, each a small pure
function from a token list to a token list, in this order (each rule relies on the ones before
it: units are removed before relations are split, relations before symbols are named...):

1. ``wrappers``: ``$..$``, ``\\[..\\]``, ``\\(..\\)``, ``\\boxed{..}``, ``\\displaystyle``,
   display environments (``align``, ``equation``, ``array``...), outer braces, trailing
   ``.``/``,``/``;`` and a ``}`` that closes nothing are removed, and a brace left open at the
   end (a truncated answer) is closed. Outside a matrix, ``&`` goes and
   ``\\\\`` separates elements. A ``cases`` environment that is the whole answer (or the right-hand
   side ending it) becomes the list of its values, conditions dropped.
2. ``unicode``: unicode Greek letters (``α``..``ω``, ``Α``..``Ω``), ``×``, ``·``, ``−``,
   ``√``, ``∞``, ``±``, ``≈``, ``≤``, ``°``, ``′``, superscript digits... become LaTeX, and the
   escapes ``\\_`` and ``\\*`` are ``_`` and ``*``.
3. ``backslashes``: a command written as a bare word gets its backslash back: ``frac{a}{b}``,
   ``vec{v}``, ``sin(x)``, ``omega_0``.
4. ``numbers``: a thousands separator inside a number (``1{,}000``, ``1,000``, ``1\\,000``: a
   group of exactly three digits) is removed; ``3{,}5`` is a decimal comma; ``1.6e-19`` is
   scientific notation. Other commas are kept: they separate the elements of a tuple.
5. ``spacing``: ``\\,``, ``\\;``, ``~``, ``\\ ``... become space tokens (which keep their
   text); ``\\hspace{..}``, ``\\phantom{..}`` and ``\\ldots`` go, and so does a condition
   closing the answer: the range of an integer index (``, n = 0, \\pm 1, \\ldots`` or
   ``n \\in \\mathbb{Z}``) or a domain in parentheses (``\\quad (r_2 > r > r_1)``).
6. ``sizing``: ``\\left``, ``\\right``, ``\\bigl``, ``\\Big``... are dropped; ``\\left|``
   and ``\\right|`` become ``\\lvert``/``\\rvert`` (which latex2sympy reads as Abs) and
   ``\\left.``/``\\right.`` vanish.
7. ``text_units``: units after a number are removed (``9.8\\,\\mathrm{m/s^2}``,
   ``3\\text{ m/s}``, ``\\text{5 kg}``, ``278.5 K``, ``25^\\circ C``), and so is a unit-like text
   at the end of an expression after a space (``\\sqrt{2gh}\\ \\mathrm{m/s}``). A bare unit (not
   in a text command) is only removed when it cannot be read as a product of variables:
   ``2 mg`` stays ``2mg`` and ``2\\,m`` stays ``2m``, but ``5 kg``, ``9.8 m/s^2``, ``278.5 K``
   and ``2.2 microseconds`` lose their units. Prose in text commands (``\\text{(a)}``,
   ``\\text{ (upward)}``) and labels (``a)``, ``(ii)``, ``(a):``) are removed, a condition
   (``\\text{if}``, ``\\text{for}``, ``\\text{where}``...) is removed with the rest of its
   element, and ``\\text{and}``/``\\text{or}`` become commas. An answer that is nothing but
   words becomes one symbol named by its words, quoted and in lower case (``\\text{No
   Violation}`` is ``"no violation"``), so that two verbal answers compare as equal or
   different instead of as products of letters.
8. ``separators``: ``;``, ``\\quad``, ``\\qquad`` and ``\\\\`` at top level become ``,``, empty
   elements are dropped, and the brackets around a whole tuple (``(a, b)``) go.
9. ``relations``: in each element, the chosen side of the last top-level relation chain is
   kept (see ``choose_side``): the last side, except that when it is a bare number (its unit
   already gone) and an earlier side other than the first is symbolic, the last symbolic side
   wins: ``T = 2\\pi\\sqrt{L/g} \\approx 2.0\\,\\mathrm{s}`` is ``2\\pi\\sqrt{L/g}``. The first side
   is what the answer defines (``v`` in ``v = 3``) and is only kept when it is all there is.
   ``\\Rightarrow``, ``\\implies`` and ``\\iff`` start a new chain.
10. ``functions``: ``\\dfrac``/``\\tfrac``/``\\cfrac`` become ``\\frac``; ``\\operatorname{asin}``
    and ``\\mathrm{sinh}`` become commands latex2sympy knows; ``\\sech``, ``\\csch`` and
    ``\\coth`` become reciprocals of ``\\cosh``, ``\\sinh`` and ``\\tanh``; ``\\log`` without a
    base is the natural logarithm (as physics texts and SymPy's printer write it; latex2sympy
    would read base 10); shorthand arguments get braces (``\\frac12``, ``\\sqrt x``,
    ``x^\\frac{1}{2}``).
11. ``fonts``: a text or font command around one word becomes one symbol (``\\mathrm{Re}``,
    ``\\text{max}``); around one letter, that letter (``\\mathbf{F}`` is ``F``); around math, its
    content; an upright ``\\mathrm{e}`` is Euler's number; ``\\mathcal{E}`` is a symbol
    ``mathcal{E}``.
12. ``delimiters``: ``[..]`` and ``\\{..\\}`` used for grouping become ``(..)`` (not the
    ``[n]`` of ``\\sqrt[n]``); ``\\langle x\\rangle`` becomes one symbol named ``<x>`` (an
    expectation value is a quantity of its own, not ``x``), and so do a ket ``|a\\rangle`` and
    a bra ``\\langle a|``. ``|x|`` and ``\\lvert x\\rvert`` are left as latex2sympy reads them,
    Abs.
13. ``degrees``: ``30^\\circ`` (and ``30°``, ``30^{\\circ}``, ``30\\degree``) becomes radians,
    ``\\frac{30 \\pi}{180}``. (``25^\\circ C`` is a temperature: rule 7 took its unit.)
14. ``symbols``: a letter, Greek letter, decorated letter (``\\vec v``, ``\\hat x``) or braced
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
15. ``e_charge`` (switch ``e_as_charge``): the letter ``e`` is the elementary charge, a symbol
    ``e``, except as the base of a power whose exponent is not a positive integer literal:
    ``e^{-t/\\tau}``, ``e^{i\\omega t}``, ``e^x``, ``e^{-1}`` are exponentials, while ``e``,
    ``e^2`` and ``e^{3}`` are charges (so ``N Z e^3`` has the charge cubed, whatever its
    neighbours). ``\\mathrm{e}``, ``\\exp`` and ``\\exponentialE`` are always Euler's number.
    With the switch off, a bare ``e`` is left to latex2sympy, which reads it as Euler's number.
    A subscripted ``e`` (``e_0``) is a symbol either way (rule 14).
16. ``pm_branches``: ``\\pm``/``\\mp`` give two readings, with every ``\\pm`` taking the same
    sign and every ``\\mp`` the other (``a \\pm b`` is ``a + b`` and ``a - b``). The signs are
    tied, so there are never more than ``MAX_BRANCHES`` readings.

Symbols that latex2sympy would mangle (primes, subscripts, ``e``, ``<x>``) are written into the
text as placeholders, ``\\mathit{<PREFIX><letters>}``, which latex2sympy reads as one Symbol;
``Reading.renames`` maps each placeholder to the final name, and ``parse`` applies it with
``xreplace``. A tuple (top-level commas in the reading) is parsed element by element into a
``sympy.Tuple``, in order (latex2sympy alone would give an unordered set or an interval).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from ..errors import ParseError, describe
from .tokens import (
    Kind,
    Token,
    depths,
    detokenize,
    is_cmd,
    is_tuple_separator,
    match_group,
    match_group_back,
    next_nonspace,
    prev_nonspace,
    read_argument,
    split_top_level,
    strip_spaces,
    tokenize,
)

__all__ = [
    "EQUALITY_RELATIONS",
    "MAX_BRANCHES",
    "RULES",
    "UNREADABLE",
    "Element",
    "Reading",
    "backslashes",
    "choose_side",
    "degrees",
    "delimiters",
    "e_charge",
    "elements",
    "fonts",
    "functions",
    "numbers",
    "parse",
    "pm_branches",
    "relation_sides",
    "relations",
    "rewrite",
    "separators",
    "sizing",
    "spacing",
    "split_elements",
    "symbols",
    "text_units",
    "unicode",
    "wrappers",
]

logger = logging.getLogger(__name__)

Rule = Callable[[list[Token]], list[Token]]

# The tie of all \pm signs means two readings at most.
MAX_BRANCHES = 2


@dataclass(frozen=True)
class Reading:
    """One way to read an answer: the text latex2sympy is given, and how to finish it."""

    text: str  # what latex2sympy is given
    renames: tuple[tuple[str, str], ...]  # placeholder symbol name -> final symbol name
    rules: tuple[str, ...]  # names of the rules that changed something, for explanations


# --------------------------------------------------------------------------------------------
# Small token helpers


def _cmd(name: str) -> Token:
    return Token(Kind.COMMAND, name)


_COMMA = Token(Kind.CHAR, ",")
_SPACE = Token(Kind.SPACE, " ")
_LBRACE = Token(Kind.BEGIN, "{")
_RBRACE = Token(Kind.END, "}")
_LPAREN = Token(Kind.BRACKET, "(")
_RPAREN = Token(Kind.BRACKET, ")")


def _braced(inner: Sequence[Token]) -> list[Token]:
    return [_LBRACE, *inner, _RBRACE]


def _is_char(tok: Token | None, *chars: str) -> bool:
    return tok is not None and tok.kind is Kind.CHAR and tok.text in chars


def _at(tokens: Sequence[Token], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _plain(tokens: Sequence[Token]) -> str:
    """Source text of tokens with spaces dropped, for names and vocabulary checks."""
    return "".join(t.text for t in tokens if t.kind is not Kind.SPACE)


# --------------------------------------------------------------------------------------------
# Vocabulary


def _words(text: str) -> list[str]:
    """A vocabulary table written as one string of space-separated words."""
    return text.split()


def _commands(text: str) -> frozenset[str]:
    return frozenset("\\" + w for w in _words(text))


GREEK = _commands(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi"
    " omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega"
    " Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
# Letter-like commands latex2sympy reads as symbols.
OTHER_SYMBOLS = _commands("hbar ell nabla imath jmath wp mho")
DECORATIONS = _commands(
    "vec hat widehat bar overline underline tilde widetilde dot ddot dddot check breve acute"
    " grave mathring overrightarrow"
)
# Font commands whose argument is text or a symbol's name.
TEXT_FONTS = _commands(
    "text textrm textit textbf textsf texttt textnormal textup emph mbox mathrm mathit mathbf"
    " mathsf mathtt mathnormal boldsymbol bm pmb mathbfit symbf symrm"
)
# Alphabets that make a different letter: \mathcal{E} is not E.
ALPHABETS = _commands("mathcal mathscr mathfrak mathbb")
# Old-style font switches inside a group: {\rm MeV}.
FONT_SWITCHES = {"\\rm": "\\mathrm", "\\bf": "\\mathbf", "\\it": "\\mathit", "\\sf": "\\mathsf"}

# One letter in two shapes is one letter: a physicist's \varepsilon_0 is \epsilon_0.
GREEK_VARIANTS = {
    "\\" + variant: "\\" + base
    for variant, base in (
        ("varepsilon", "epsilon"),
        ("vartheta", "theta"),
        ("varphi", "phi"),
        ("varrho", "rho"),
        ("varsigma", "sigma"),
        ("varkappa", "kappa"),
        ("varOmega", "Omega"),
        ("varGamma", "Gamma"),
        ("varDelta", "Delta"),
        ("varTheta", "Theta"),
        ("varLambda", "Lambda"),
        ("varPhi", "Phi"),
        ("varPsi", "Psi"),
        ("hslash", "hbar"),
        ("upmu", "mu"),
    )
}

RELATION_CHARS = frozenset({"=", "<", ">"})
RELATION_COMMANDS = _commands(
    "approx simeq sim ge geq geqslant le leq leqslant propto equiv neq ne to rightarrow"
    " longrightarrow cong gtrsim lesssim approxeq doteq ll gg lt gt coloneqq eqqcolon mapsto"
    " Rightarrow Longrightarrow implies iff Leftrightarrow"
)
# These end one chain of relations and start another: in `a = b \Rightarrow c = d` the last
# chain is `c = d`.
CHAIN_BREAKERS = _commands("Rightarrow Longrightarrow implies iff Leftrightarrow")

# Functions latex2sympy knows, by the names people write in \operatorname or \mathrm.
FUNCTION_NAMES = {
    name: "\\" + name
    for name in _words(
        "sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan arccot arcsec arccsc"
        " arcsinh arccosh arctanh arsinh arcosh artanh ln log exp sech csch coth"
    )
}
FUNCTION_NAMES.update(
    {
        "asin": "\\arcsin",
        "acos": "\\arccos",
        "atan": "\\arctan",
        "acot": "\\arccot",
        "asinh": "\\arcsinh",
        "acosh": "\\arccosh",
        "atanh": "\\arctanh",
        "cosec": "\\csc",
    }
)
# Hyperbolic functions latex2sympy lacks, as reciprocals of ones it has.
RECIPROCALS = {"\\sech": "\\cosh", "\\csch": "\\sinh", "\\coth": "\\tanh", "\\cosec": "\\sin"}
# Commands whose arguments a rule may need to brace, with their number of arguments.
ARITY = {
    "\\frac": 2,
    "\\binom": 2,
    "\\sqrt": 1,
    **{c: 1 for c in TEXT_FONTS | ALPHABETS | DECORATIONS},
}

# A text that starts with one of these words is a condition on the answer, not the answer.
CONDITION_WORDS = frozenset(
    _words(
        "if for when where with while whenever since because provided assuming given unless"
        " otherwise at as i.e. e.g. so hence thus"
    )
)

# --- units

_UNIT_SYMBOLS = frozenset(
    _words(
        "m s g N J W V A K Hz eV Pa C T Ω ohm mol cd rad sr L l min h hr yr day d sec atm bar"
        " Torr torr mmHg cal erg dyn dyne G Gs Wb F H S Bq Ci Gy Sv lm lx u amu Da AU au ly pc"
        " Å °C °F °K deg arcsec arcmin rpm c b barn fermi"
    )
)
# A prefix never goes on these: `md` is not a milli-day.
_UNPREFIXED = frozenset(_words("d l u"))
_UNIT_WORDS = frozenset(
    _words(
        "meter meters metre metres second seconds gram grams newton newtons joule joules watt"
        " watts volt volts ampere amperes amp amps kelvin hertz electronvolt electronvolts"
        " pascal pascals coulomb coulombs tesla teslas gauss ohms mole moles radian radians"
        " liter liters litre litres calorie calories hour hours minute minutes days year years"
        " degree degrees angstrom angstroms barns parsec parsecs lightyear lightyears"
        " farad farads henry henries weber webers siemens becquerel curie"
    )
)
_PREFIX_SYMBOLS = tuple(_words("da Y Z E P T G M k h d c m μ u n p f a"))
_PREFIX_WORDS = tuple(_words("kilo mega giga tera milli micro nano pico femto centi deci"))
# Multi-letter units that no product of one-letter physics variables is written as (so not
# mg, ms, mA, mV: m is a mass too); a bare (non-\text) unit tail needs one of these, a unit
# spelled out, or a `/`, to be dropped.
_SAFE_BARE_UNITS = frozenset(
    _words(
        "eV meV keV MeV GeV TeV Hz kHz MHz GHz THz kg cm mm km nm μm fm pm mol mmol kmol rad"
        " Pa kPa MPa GPa hPa atm cal kcal erg dyn min hr yr sec arcsec arcmin Torr mmHg ly pc"
        " kpc Mpc AU Å Ω kΩ MΩ °C °F rpm ns μs ps fs μA kV kW MW GW kJ MJ Wb Bq Ci Gy Sv"
        " amu barn μT nT μF nF pF μH kN"
    )
)
# One-letter units that may follow a decimal or scientific number bare: 278.5 K.
_BARE_LETTER_UNITS = frozenset(_words("K s m N J W V A C T L"))

_UNIT_WORD_RE = re.compile(r"[A-Za-zμµΩÅ°]+")
_EXPONENT_RE = re.compile(r"\^\s*\{?\s*[-+−]?\s*\d+(?:\.\d+)?\s*\}?")
_UNIT_CHARS_RE = re.compile(r"[A-Za-zμµΩÅ°\s/·*.()\-^]*")


def _is_unit_word(word: str) -> bool:
    word = word.replace("µ", "μ")
    if word in _UNIT_SYMBOLS or word.lower() in _UNIT_WORDS:
        return True
    for prefix in _PREFIX_SYMBOLS:
        if word.startswith(prefix) and word[len(prefix) :] in _UNIT_SYMBOLS - _UNPREFIXED:
            return True
    low = word.lower()
    for prefix in _PREFIX_WORDS:
        if low.startswith(prefix) and low[len(prefix) :] in _UNIT_WORDS:
            return True
    return False


def _unit_source(text: str) -> str:
    """Normalise the text of a unit for ``is_unit_text``."""
    for old, new in (
        ("\\mu", "μ"),
        ("\\Omega", "Ω"),
        ("\\AA", "Å"),
        ("\\circ", "°"),
        ("\\degree", "°"),
        ("\\cdot", "·"),
        ("\\,", " "),
        ("\\;", " "),
        ("\\:", " "),
        ("\\!", ""),
        ("\\ ", " "),
        ("~", " "),
    ):
        text = text.replace(old, new)
    # Font commands go (their braces go next); any other command is not part of a unit.
    text = re.sub(r"\\[A-Za-z]+", lambda m: " " if m.group(0) in TEXT_FONTS else "#", text)
    text = text.replace("{", " ").replace("}", " ")
    text = re.sub(r"\^\s*°", "°", text)
    return re.sub(r"°\s*([CFK])(?![A-Za-z])", r"°\1", text)  # ^{\circ}\mathrm{C} is °C


def is_unit_text(text: str) -> bool:
    """Whether ``text`` (LaTeX or plain) is a unit expression: ``m/s^2``, ``kg\\,m\\,s^{-1}``,
    ``MeV``, ``^{\\circ}C``. A lone ``°`` is an angle, not a unit."""
    src = _unit_source(text)
    src = _EXPONENT_RE.sub(" ", src.replace("{", "").replace("}", ""))
    if not _UNIT_CHARS_RE.fullmatch(src):
        return False
    words = _UNIT_WORD_RE.findall(src)
    return bool(words) and all(_is_unit_word(w) for w in words)


# --------------------------------------------------------------------------------------------
# Rule 1: wrappers

_DISPLAY_ENVS = frozenset(
    _words(
        "equation equation* align align* aligned alignat alignat* gather gather* gathered split"
        " multline multline* displaymath math array eqnarray eqnarray*"
    )
)
_DROP_COMMANDS = _commands("displaystyle textstyle scriptstyle nonumber notag noindent")
_DROP_WITH_ARGUMENT = _commands("label tag")
_BOXES = _commands("boxed fbox framebox bbox")


def _env_name(tokens: Sequence[Token], i: int) -> tuple[str, int] | None:
    """After ``\\begin``/``\\end`` at i: the environment's name and the index after it."""
    j = next_nonspace(tokens, i + 1)
    if j < len(tokens) and tokens[j].kind is Kind.BEGIN:
        end = match_group(tokens, j)
        if end > 0:
            return _plain(tokens[j + 1 : end]), end + 1
    return None


def wrappers(tokens: list[Token]) -> list[Token]:
    """Remove math delimiters, boxes, display environments, outer braces and final punctuation."""
    tokens = _close_open_groups(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _is_char(tok, "$") or (
            tok.kind is Kind.CONTROL and tok.text in ("\\[", "\\]", "\\(", "\\)")
        ):
            i += 1
            continue
        if is_cmd(tok, *_DROP_COMMANDS):
            i += 1
            continue
        if is_cmd(tok, *_DROP_WITH_ARGUMENT):
            arg = read_argument(tokens, i + 1)
            i = arg[1] if arg is not None else i + 1
            continue
        if is_cmd(tok, *_BOXES):
            j = next_nonspace(tokens, i + 1)
            if j < len(tokens) and tokens[j].kind is Kind.BEGIN:
                end = match_group(tokens, j)
                if end > 0:
                    # The box's content is rewritten in place; its braces go.
                    tokens = [*tokens[:i], *tokens[j + 1 : end], *tokens[end + 1 :]]
                    continue
            i += 1
            continue
        if is_cmd(tok, "\\begin") and _env_name(tokens, i) is not None:
            cases = _cases(
                tokens, i, next((t for t in reversed(out) if t.kind is not Kind.SPACE), None)
            )
            if cases is not None:
                tokens = [*tokens[:i], *cases[0], *tokens[cases[1] :]]
                i += len(cases[0])
                out.extend(cases[0])
                continue
        if is_cmd(tok, "\\begin", "\\end"):
            env = _env_name(tokens, i)
            if env is not None and env[0] in _DISPLAY_ENVS:
                i = env[1]
                if env[0] == "array" and tok.text == "\\begin":
                    spec = read_argument(tokens, i)  # the column spec, {ll}
                    if spec is not None:
                        i = spec[1]
                continue
        out.append(tok)
        i += 1
    if not any(is_cmd(t, "\\begin") for t in out):
        # Outside a matrix, alignment marks go and line breaks separate elements.
        out = _line_breaks(out)
    return _trim_outer(_drop_unmatched_closers(out))


def _line_breaks(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if _is_char(tok, "&"):
            i += 1
            continue
        if _is_backslash_break(tok):
            out.append(Token(Kind.CHAR, ";"))
            j = next_nonspace(tokens, i + 1)
            if _at(tokens, j) is not None and tokens[j].text == "[":
                end = match_group(tokens, j)  # \\[6pt]: a spacing argument
                if end > 0:
                    i = end + 1
                    continue
            i += 1
            continue
        out.append(tok)
        i += 1
    return out


def _close_open_groups(tokens: list[Token]) -> list[Token]:
    """A brace group left open at the end (a truncated answer, ``\\frac{a}{\\sqrt{b}``) is
    closed there, as a reader would close it."""
    depth = 0
    for tok in tokens:
        if tok.kind is Kind.BEGIN:
            depth += 1
        elif tok.kind is Kind.END and depth > 0:
            depth -= 1
    return [*tokens, *([_RBRACE] * depth)] if depth else tokens


def _drop_unmatched_closers(tokens: list[Token]) -> list[Token]:
    """A ``}`` that closes nothing (a typo, as in ``\\boxed{x}}``) is dropped."""
    out: list[Token] = []
    depth = 0
    for tok in tokens:
        if tok.kind is Kind.BEGIN:
            depth += 1
        elif tok.kind is Kind.END:
            if depth == 0:
                continue
            depth -= 1
        out.append(tok)
    return out


def _cases(tokens: Sequence[Token], i: int, before: Token | None) -> tuple[list[Token], int] | None:
    """A ``cases`` environment at i that is a whole answer, or the right-hand side that ends it,
    as the list of its values (conditions dropped): ``a, & r<R \\\\ b, & r>R`` is ``a; b``.
    ``before`` is the token kept before it."""
    env = _env_name(tokens, i)
    if env is None or env[0] != "cases":
        return None
    depth = 0
    j = env[1]
    while j < len(tokens):
        if is_cmd(tokens[j], "\\begin"):
            depth += 1
        elif is_cmd(tokens[j], "\\end"):
            if depth == 0:
                break
            depth -= 1
        j += 1
    end = _env_name(tokens, j) if j < len(tokens) else None
    if end is None or end[0] != "cases":
        return None
    after = _at(tokens, next_nonspace(tokens, end[1]))
    alone_before = before is None or _is_relation(before) or before.kind is Kind.BEGIN
    alone_after = (
        after is None
        or _is_char(after, ".", ",", "$")
        or after.kind is Kind.END
        or after.text in ("\\]", "\\)")
    )
    if not (alone_before and alone_after):
        return None  # a piecewise factor inside an expression: no honest reading
    rows = split_top_level(tokens[env[1] : j], _is_backslash_break)
    values: list[list[Token]] = []
    for row in rows:
        value = strip_spaces(split_top_level(row, lambda t: _is_char(t, "&"))[0])
        while value and _is_char(value[-1], ",", ";", "."):
            value = strip_spaces(value[:-1])
        if value:
            values.append(value)
    out: list[Token] = []
    for n, value in enumerate(values):
        if n:
            out.extend([Token(Kind.CHAR, ";"), _SPACE])
        out.extend(value)
    return out, end[1]


def _trim_outer(tokens: list[Token]) -> list[Token]:
    while True:
        before = len(tokens)
        tokens = strip_spaces(tokens)
        while tokens and (_is_char(tokens[-1], ".", ",", ";") or _is_backslash_break(tokens[-1])):
            tokens = strip_spaces(tokens[:-1])
        while tokens and (_is_char(tokens[0], ",", ";") or _is_backslash_break(tokens[0])):
            tokens = strip_spaces(tokens[1:])
        if tokens and tokens[0].kind is Kind.BEGIN and match_group(tokens, 0) == len(tokens) - 1:
            tokens = tokens[1:-1]
        if len(tokens) == before:
            return tokens


def _is_backslash_break(tok: Token) -> bool:
    return tok.kind is Kind.CONTROL and tok.text == "\\\\"


# --------------------------------------------------------------------------------------------
# Rule 2: unicode

_UNICODE_GREEK = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψωϵϑϕϱςϖ",
        _words(
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi"
            " rho sigma tau upsilon phi chi psi omega epsilon theta phi rho sigma varpi"
        ),
        strict=True,
    )
)
_UNICODE_CAPITALS = dict(
    zip(
        "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ",
        _words(
            "A B \\Gamma \\Delta E Z H \\Theta I K \\Lambda M N \\Xi O \\Pi P \\Sigma T"
            " \\Upsilon \\Phi X \\Psi \\Omega"
        ),
        strict=True,
    )
)
_UNICODE: dict[str, str] = {
    **{k: "\\" + v for k, v in _UNICODE_GREEK.items()},
    **_UNICODE_CAPITALS,
    "µ": "\\mu",
    "ħ": "\\hbar",
    "ℏ": "\\hbar",
    "×": "\\times",
    "·": "\\cdot",
    "⋅": "\\cdot",
    "∙": "\\cdot",
    "•": "\\cdot",
    "∗": "*",
    "Ω": "\\Omega",
    "−": "-",
    "–": "-",
    "‐": "-",
    "÷": "\\div",
    "√": "\\sqrt",
    "∛": "\\sqrt[3]",
    "∞": "\\infty",
    "±": "\\pm",
    "∓": "\\mp",
    "≈": "\\approx",
    "≃": "\\simeq",
    "≅": "\\cong",
    "∼": "\\sim",
    "≤": "\\le",
    "⩽": "\\le",
    "≥": "\\ge",
    "⩾": "\\ge",
    "≠": "\\neq",
    "≡": "\\equiv",
    "∝": "\\propto",
    "→": "\\to",
    "⟶": "\\to",
    "⇒": "\\Rightarrow",
    "⟹": "\\Rightarrow",
    "≪": "\\ll",
    "≫": "\\gg",
    "⟨": "\\langle",
    "⟩": "\\rangle",
    "°": "^{\\circ}",
    "′": "'",
    "″": "''",
    "‴": "'''",
    "∂": "\\partial",
    "∇": "\\nabla",
    "∑": "\\sum",
    "∫": "\\int",
    "…": "\\ldots",
    "⋯": "\\cdots",
}
_SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-", strict=True))
_SUBSCRIPTS = dict(zip("₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+-", strict=True))


_ASCII_RELATIONS = {"<": "\\leq", ">": "\\geq", "!": "\\neq"}


def unicode(tokens: list[Token]) -> list[Token]:
    """Read unicode math characters as their LaTeX equivalents."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.CHAR and (tok.text in _SUPERSCRIPTS or tok.text in _SUBSCRIPTS):
            table, mark = (_SUPERSCRIPTS, "^") if tok.text in _SUPERSCRIPTS else (_SUBSCRIPTS, "_")
            j = i
            digits = ""
            while j < len(tokens) and tokens[j].kind is Kind.CHAR and tokens[j].text in table:
                digits += table[tokens[j].text]
                j += 1
            out.extend(tokenize(mark + "{" + digits + "}"))
            i = j
            continue
        nxt = _at(tokens, i + 1)
        if _is_char(tok, *_ASCII_RELATIONS) and _is_char(nxt, "="):
            out.extend(tokenize(_ASCII_RELATIONS[tok.text]))  # x >= 5 is x \geq 5
            i += 2
            continue
        if tok.kind is Kind.CONTROL and tok.text in ("\\_", "\\*"):
            out.append(Token(Kind.CHAR, tok.text[1]))  # m\_e is m_e, 5\*10^3 is 5*10^3
        elif tok.kind is Kind.CHAR and tok.text in _UNICODE:
            out.extend(tokenize(_UNICODE[tok.text]))
        else:
            out.append(tok)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Rule 3: lost backslashes

# Words that are a command whose backslash was lost when written before these characters:
# `frac{a}{b}`, `vec{v}`, `sin(x)`, `omega_0`. Short Greek names (pi, mu, nu, xi) are left
# alone: `mu_0` could be m·u_0 as easily as μ_0.
_LOST_BEFORE_BRACE = frozenset(
    _words("frac dfrac tfrac sqrt text mathrm mathbf vec hat bar tilde dot ddot overline boxed")
)
_LOST_FUNCTIONS = frozenset(
    _words("sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan exp ln sqrt")
)
_LOST_GREEK = frozenset(g[1:] for g in GREEK if len(g) > 3)


def backslashes(tokens: list[Token]) -> list[Token]:
    """Restore the backslash of a command written as a bare word: ``frac{a}{b}``,
    ``vec{v_0}``, ``sin(x)``, ``omega_0``, ``varepsilon_{21}``."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind is Kind.LETTER and (i == 0 or tokens[i - 1].kind is not Kind.LETTER):
            j = i
            while j < len(tokens) and tokens[j].kind is Kind.LETTER:
                j += 1
            word = "".join(t.text for t in tokens[i:j])
            nxt = _at(tokens, j)
            after_cmd = _at(tokens, i - 1) is not None and tokens[i - 1].kind is Kind.COMMAND
            restore = not after_cmd and (
                (word in _LOST_BEFORE_BRACE and nxt is not None and nxt.kind is Kind.BEGIN)
                or (word in _LOST_FUNCTIONS and nxt is not None and nxt.text in ("(", "{", "^"))
                or (word in _LOST_GREEK and _is_char(nxt, "_", "^"))
            )
            if restore:
                out.append(_cmd("\\" + word))
            else:
                out.extend(tokens[i:j])
            i = j
            continue
        out.append(tokens[i])
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Rule 4: numbers


def _is_int(tok: Token | None) -> bool:
    return tok is not None and tok.kind is Kind.NUMBER and tok.text.isdigit()


def _thousands_group(tok: Token | None) -> bool:
    """Exactly three digits, optionally with decimals after them (the last group)."""
    if tok is None or tok.kind is not Kind.NUMBER:
        return False
    return len(tok.text.split(".")[0]) == 3


def _separator_width(tokens: Sequence[Token], i: int) -> int:
    """Width of a digit-group separator at i: ``,`` (1), ``\\,`` (1) or ``{,}`` (3); else 0."""
    tok = _at(tokens, i)
    if _is_char(tok, ","):
        return 1
    if tok is not None and tok.kind is Kind.CONTROL and tok.text == "\\,":
        return 1
    if (
        tok is not None
        and tok.kind is Kind.BEGIN
        and _is_char(_at(tokens, i + 1), ",")
        and _at(tokens, i + 2) == _RBRACE
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
        prev = _at(tokens, i - 1)
        starts_number = _is_int(tok) and not (
            prev is not None and (prev.kind is Kind.NUMBER or _is_char(prev, "."))
        )
        if starts_number and 1 <= len(tok.text) <= 3:
            text = tok.text
            j = i + 1
            while True:
                w = _separator_width(tokens, j)
                if w == 1 and inside[j] and _is_char(tokens[j], ","):
                    break  # ``(3,331)`` is a pair: a bare comma in brackets separates elements
                if w and _thousands_group(_at(tokens, j + w)) and "." not in text:
                    text += tokens[j + w].text
                    j += w + 1
                else:
                    break
            if j > i + 1:
                out.append(Token(Kind.NUMBER, text))
                i = j
                continue
        if _is_int(tok) and _separator_width(tokens, i + 1) == 3:
            nxt = _at(tokens, i + 4)
            if nxt is not None and _is_int(nxt) and len(nxt.text) != 3:
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


_OPENERS = frozenset({"(", "[", "\\{", "\\lbrace", "\\langle"})
_CLOSERS = frozenset({")", "]", "\\}", "\\rbrace", "\\rangle"})


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
    e = _at(tokens, i + 1)
    if e is None or e.kind is not Kind.LETTER or e.text not in "eE":
        return None
    j = i + 2
    sign = ""
    if _is_char(_at(tokens, j), "-", "+"):
        sign = "-" if tokens[j].text == "-" else ""
        j += 1
    exp = _at(tokens, j)
    if exp is None or not _is_int(exp):
        return None
    after = _at(tokens, j + 1)
    if after is not None and after.kind in (Kind.LETTER, Kind.NUMBER):
        return None
    text = f"{tokens[i].text}\\times 10^{{{sign}{exp.text}}}"
    return tokenize(text), j + 1


# --------------------------------------------------------------------------------------------
# Rule 5: spacing

_SPACE_CONTROLS = frozenset({"\\,", "\\;", "\\:", "\\!", "\\ ", "\\>"})
_SPACE_COMMANDS = _commands(
    "thinspace medspace thickspace enspace negthinspace negmedspace negthickspace space hfill"
)
_SPACE_WITH_ARGUMENT = _commands("hspace vspace phantom hphantom vphantom kern mkern")
_DOTS = _commands("ldots cdots dots dotsc dotsb vdots")


# An index range closing an answer: "n = 0, \pm 1, \pm 2, \ldots", "(n = 1, 2, 3, ...)" or
# "n \in \mathbb{Z}" (spaces and spacing commands already removed from the text).
_INDEX = r"[A-Za-z](?:_\{?\w+\}?)?"
_INTEGER = r"(?:\\pm|\\mp|[+-])?\d+"
_DOTS_TEXT = r"(?:\\[lc]?dots[bc]?|\\ldotp|\.\.\.|…)"
_INDEX_RANGE = re.compile(
    rf"\(?(?:{_INDEX}=(?:{_INTEGER},)+(?:{_INTEGER},)*{_DOTS_TEXT}(?:,{_INTEGER})?"
    rf"|{_INDEX}\\in\\mathbb\{{[ZN]\}}(?:\^\{{?[+*]\}}?)?)\)?"
)
_BLANKS = re.compile(r"\s+|\\[,;:! ]|~|\\q?quad")
_MAX_RANGE_ITEMS = 12


def _drop_index_range(tokens: list[Token]) -> list[Token]:
    """The range of an integer index closing the answer (``k = \\frac{(2n+1)\\pi}{a},\\ (n = 0,
    \\pm 1, \\ldots)``) is a condition on the answer, not an element of it: it goes."""
    levels = depths(tokens)
    separators = [i for i, t in enumerate(tokens) if levels[i] == 0 and is_tuple_separator(t)]
    # A range lists a few integers: only the tails after the last few separators can be one
    # (and a long list is not read quadratically).
    for i in separators[-_MAX_RANGE_ITEMS:]:
        tail = _BLANKS.sub("", detokenize(tokens[i + 1 :]))
        if _INDEX_RANGE.fullmatch(tail) or _domain(tokens[i + 1 :]):
            return tokens[:i]
    return tokens


_ORDER_RELATIONS = _commands("le leq lt ge geq gt leqslant geqslant")


def _domain(tail: Sequence[Token]) -> bool:
    """A parenthesised inequality closing the answer, ``(r_2 > r > r_1)``: where it holds."""
    body = [t for t in tail if t.kind is not Kind.SPACE and t.text not in _SPACE_CONTROLS]
    body = [t for t in body if not is_cmd(t, *_SPACE_COMMANDS)]
    if len(body) < 3 or body[0] != _LPAREN or match_group(body, 0) != len(body) - 1:
        return False
    inner = body[1:-1]
    levels = depths(inner)
    return any(
        levels[k] == 0 and (_is_char(t, "<", ">") or is_cmd(t, *_ORDER_RELATIONS))
        for k, t in enumerate(inner)
    )


def spacing(tokens: list[Token]) -> list[Token]:
    """Spacing commands become space tokens (keeping their text); sized spaces, phantoms and
    dots go, and so does an index range closing the answer (``n = 1, 2, \\ldots``)."""
    tokens = _drop_index_range(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.CONTROL and tok.text in _SPACE_CONTROLS:
            out.append(Token(Kind.SPACE, tok.text))
        elif _is_char(tok, "~"):
            out.append(Token(Kind.SPACE, "~"))
        elif is_cmd(tok, *_SPACE_COMMANDS):
            out.append(Token(Kind.SPACE, " "))
        elif is_cmd(tok, *_SPACE_WITH_ARGUMENT):
            j = i + 1
            if _is_char(_at(tokens, j), "*"):
                j += 1
            arg = read_argument(tokens, j)
            i = arg[1] if arg is not None else j
            out.append(_SPACE)
            continue
        elif is_cmd(tok, *_DOTS):
            pass
        else:
            out.append(tok)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Rule 6: sizing

_SIZERS = _commands(
    "big Big bigg Bigg bigl Bigl biggl Biggl bigr Bigr biggr Biggr bigm Bigm biggm Biggm middle"
)


def sizing(tokens: list[Token]) -> list[Token]:
    """Drop \\left, \\right and \\big-style sizes; their bars become \\lvert/\\rvert."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if is_cmd(tok, "\\left", "\\right", *_SIZERS):
            j = next_nonspace(tokens, i + 1)
            delim = _at(tokens, j)
            opening = tok.text == "\\left" or tok.text.endswith("l")
            closing = tok.text == "\\right" or tok.text.endswith("r")
            if delim is None:
                i += 1
                continue
            if _is_char(delim, "."):
                i = j + 1
                continue
            if _is_char(delim, "|") or is_cmd(delim, "\\vert"):
                if opening:
                    out.append(_cmd("\\lvert"))
                elif closing:
                    out.append(_cmd("\\rvert"))
                else:
                    out.append(Token(Kind.CHAR, "|"))
                i = j + 1
                continue
            if is_cmd(delim, "\\Vert") or (delim.kind is Kind.CONTROL and delim.text == "\\|"):
                out.append(Token(Kind.CONTROL, "\\|"))
                i = j + 1
                continue
            i = j  # the delimiter itself stays
            continue
        out.append(tok)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Rule 7: text and units

_is_separator = is_tuple_separator


def _is_relation(tok: Token) -> bool:
    return _is_char(tok, *RELATION_CHARS) or is_cmd(tok, *RELATION_COMMANDS)


def _font_group(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """A text or font command at i and its argument: (argument tokens, index after)."""
    if not is_cmd(tokens[i], *TEXT_FONTS):
        return None
    arg = read_argument(tokens, i + 1)
    if arg is None or arg[2]:
        return None
    return arg[0], arg[1]


def _font_switches(tokens: list[Token]) -> list[Token]:
    """``{\\rm MeV}`` as ``\\mathrm{MeV}``."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.BEGIN:
            j = next_nonspace(tokens, i + 1)
            sw = _at(tokens, j)
            end = match_group(tokens, i)
            if sw is not None and sw.text in FONT_SWITCHES and end > 0:
                out.append(_cmd(FONT_SWITCHES[sw.text]))
                out.extend(_braced(strip_spaces(_font_switches(tokens[j + 1 : end]))))
                i = end + 1
                continue
        if tok.text in FONT_SWITCHES and tok.kind is Kind.COMMAND:
            j = next_nonspace(tokens, i + 1)
            if _at(tokens, j) is not None and tokens[j].kind is Kind.BEGIN:
                out.append(_cmd(FONT_SWITCHES[tok.text]))  # \rm {Newton}
            i += 1  # elsewhere a switch changes nothing we read
            continue
        out.append(tok)
        i += 1
    return out


_LABEL_RE = re.compile(r"\(?\s*(?:[a-zA-Z]|[ivx]+|\d+)\s*\)")


def _is_prose(text: str) -> bool:
    s = text.strip()
    if _LABEL_RE.fullmatch(s):
        return True  # a label, ``(c)``, even where its letter could be a unit
    if not s or is_unit_text(s):
        return False
    if s.startswith("(") and s.endswith(")"):
        return True
    if any(c in s for c in ":?!;,"):
        return True
    words = re.findall(r"[A-Za-z]+", re.sub(r"\\[A-Za-z]+", " ", s))  # command names are not words
    return len(words) >= 2 and any(len(w) >= 2 for w in words)


def _next_separator(tokens: Sequence[Token], levels: Sequence[int], i: int) -> int:
    while i < len(tokens) and not (levels[i] == 0 and _is_separator(tokens[i])):
        i += 1
    return i


def _quantity_in_text(content: Sequence[Token]) -> list[Token] | None:
    """The number of a text that is a number and its unit (``5 kg``), or None."""
    toks = strip_spaces(content)
    k = 1 if _is_char(_at(toks, 0), "-", "+") else 0
    end = _numeric_end(toks, k, len(toks))
    if end == k or end == len(toks) or not _unit_tail(toks[end:], toks[k:end]):
        return None
    return toks[:end]


def _drop_prose(tokens: list[Token]) -> list[Token]:
    """Remove prose and labels in text commands; a condition goes with the rest of its element;
    ``\\text{and}`` becomes a comma."""
    levels = depths(tokens)
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        group = _font_group(tokens, i)
        if group is not None and levels[i] == 0:
            content, end = group
            raw = detokenize(content).strip()
            words = raw.lower().split()
            if raw.lower() in ("and", "or", "&", "\\&"):
                out.append(_COMMA)
                i = end
                continue
            if words and words[0] in CONDITION_WORDS:
                i = _next_separator(tokens, levels, end)
                continue
            quantity = _quantity_in_text(content)
            if quantity is not None:  # \text{5 kg}: the number stays, its unit goes
                out.extend(quantity)
                i = end
                continue
            if not raw or _is_prose(raw):
                out.append(_SPACE)
                i = end
                continue
        out.append(tokens[i])
        i += 1
    return out


def _drop_labels(tokens: list[Token]) -> list[Token]:
    """``a)`` or ``(ii)`` opening an element is a label, not math."""
    out: list[Token] = []
    at_start = True
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if at_start and tok.kind is not Kind.SPACE:
            j = i
            if tok.text == "(":
                j += 1
            k = j
            while k < len(tokens) and tokens[k].kind in (Kind.LETTER, Kind.NUMBER):
                k += 1
            label = "".join(t.text for t in tokens[j:k])
            if (
                k < len(tokens)
                and tokens[k].text == ")"
                and (re.fullmatch(r"[a-h]|[ivx]+", label) or (j > i and label.isdigit()))
                and (j > i or match_group_back(tokens, k) < 0)
                and k + 1 < len(tokens)
            ):
                i = k + 1
                continue  # still at the start: a colon may follow the label
            if _is_char(tok, ":"):  # `(a):` or `\textbf{Result}:` with the label gone
                i += 1
                at_start = False
                continue
            at_start = False
        if _is_separator(tok):
            at_start = True
        out.append(tok)
        i += 1
    return out


def _numeric_item_end(tokens: Sequence[Token], k: int, stop: int) -> int:
    """End of one numeric item at k (a number, \\pi, a numeric \\frac or \\sqrt), or k."""
    tok = _at(tokens, k)
    if tok is None or k >= stop:
        return k
    if tok.kind is Kind.NUMBER or is_cmd(tok, "\\pi"):
        return k + 1
    if is_cmd(tok, "\\frac", "\\sqrt"):
        j = k + 1
        for _ in range(2 if tok.text == "\\frac" else 1):
            arg = read_argument(tokens, j)
            if arg is None or not _numeric_tokens(arg[0]):
                return k
            j = arg[1]
        return j if j <= stop else k
    return k


def _numeric_tokens(tokens: Sequence[Token]) -> bool:
    toks = strip_spaces(tokens)
    if _is_char(_at(toks, 0), "-", "+"):
        toks = toks[1:]
    return bool(toks) and _numeric_end(toks, 0, len(toks)) == len(toks)


def _numeric_end(tokens: Sequence[Token], k: int, stop: int) -> int:
    """End of the numeric run at k: ``6.02\\times 10^{23}``, ``\\frac{3}{2}``, ``2\\pi``."""
    end = _numeric_item_end(tokens, k, stop)
    if end == k:
        return k
    while True:
        j = next_nonspace(tokens, end)
        tok = _at(tokens, j)
        if j >= stop or tok is None:
            return end
        if _is_char(tok, "^"):
            arg = read_argument(tokens, j + 1)
            if arg is None or arg[2] or not _numeric_tokens(arg[0]) or arg[1] > stop:
                return end
            end = arg[1]
        elif is_cmd(tok, "\\times", "\\cdot") or _is_char(tok, "*"):
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


def _unit_tail(tail: Sequence[Token], number: Sequence[Token]) -> bool:
    """Whether the tokens after a number are its unit."""
    text = detokenize(tail)
    if not strip_spaces(tail) or not is_unit_text(text):
        return False
    if _tail_has_font(tail) or "/" in text:
        return True
    words = _UNIT_WORD_RE.findall(_unit_source(text))
    if any(w.replace("µ", "μ") in _SAFE_BARE_UNITS for w in words):
        return True
    if any(len(w) >= 4 for w in words):
        return True  # a unit spelled out: 2.2 microseconds
    decimal = any(t.kind is Kind.NUMBER and "." in t.text for t in number) or any(
        is_cmd(t, "\\times", "\\cdot") for t in number
    )
    return decimal and len(words) == 1 and words[0] in _BARE_LETTER_UNITS


def _trailing_unit_start(tokens: Sequence[Token], a: int, b: int) -> int:
    """Start of a unit in text commands ending the segment [a, b) after a space, or b."""
    i = b
    start = b
    saw_font = False
    while i > a:
        j = i - 1
        tok = tokens[j]
        if tok.kind is Kind.SPACE or _is_char(tok, "/") or is_cmd(tok, "\\cdot"):
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
            if owner >= a and _is_char(tokens[owner], "^"):
                i = owner
                continue
            break
        if _is_char(_at(tokens, j - 1), "^") and tok.kind is Kind.NUMBER:
            i = j - 1
            continue
        break
    if not saw_font or start <= a:
        return b
    before = _at(tokens, start - 1)
    if before is None or before.kind is not Kind.SPACE or prev_nonspace(tokens, start - 1) < a:
        return b
    text = detokenize(tokens[start:b])
    words = _UNIT_WORD_RE.findall(_unit_source(text))
    compound = "/" in text or "^" in text or len(words) > 1 or any(len(w) > 1 for w in words)
    return start if compound and is_unit_text(text) else b


def _unit_start(tokens: Sequence[Token], a: int, b: int) -> int:
    """Where the unit of the segment [a, b) starts (after its number, or a unit-like text ending
    it), or b when it has none."""
    k = next_nonspace(tokens, a)
    if _is_char(_at(tokens, k), "-", "+"):
        k = next_nonspace(tokens, k + 1)
    end = _numeric_end(tokens, k, b)
    if end > k and _unit_tail(tokens[end:b], tokens[k:end]):
        return end
    return _trailing_unit_start(tokens, a, b)


def _drop_units(tokens: list[Token]) -> list[Token]:
    levels = depths(tokens)
    bounds = [
        i for i, t in enumerate(tokens) if levels[i] == 0 and (_is_separator(t) or _is_relation(t))
    ]
    keep = [True] * len(tokens)
    starts = [0, *(i + 1 for i in bounds)]
    ends = [*bounds, len(tokens)]
    for a, b in zip(starts, ends, strict=True):
        for j in range(_unit_start(tokens, a, b), b):
            keep[j] = False
    return [t for t, k in zip(tokens, keep, strict=True) if k]


def _text_answer(tokens: Sequence[Token]) -> Token | None:
    """An answer that is only words, as one symbol named by its words (quoted, lower case)."""
    parts: list[str] = []
    for t in tokens:
        if t.kind is Kind.COMMAND and (t.text in TEXT_FONTS or t.text in FONT_SWITCHES):
            continue
        if t.kind in (Kind.SPACE, Kind.BEGIN, Kind.END) or (
            _is_separator(t) and t.kind is not Kind.CHAR
        ):
            parts.append(" ")
        else:
            parts.append(t.text)
    text = " ".join("".join(parts).split()).replace(" ,", ",").replace(" ;", ";")
    text = text.strip(" .,;:")
    if re.fullmatch(r"[A-Za-z]", text):
        return None  # \\text{x} is the letter x, left to the fonts rule
    text = text.lower()
    return Token(Kind.SYMBOL, f'"{text}"') if re.search(r"[a-z]", text) else None


def _only_text(tokens: Sequence[Token]) -> bool:
    """Whether the answer is nothing but text commands (and punctuation), with no digits: a
    verbal answer, not a number with its unit."""
    i = 0
    seen = False
    while i < len(tokens):
        tok = tokens[i]
        group = _font_group(tokens, i)
        if group is not None:
            if any(t.kind is Kind.NUMBER for t in group[0]):
                return False
            seen = True
            i = group[1]
            continue
        if not (tok.kind is Kind.SPACE or _is_separator(tok) or _is_char(tok, ".", ":")):
            return False
        i += 1
    return seen


def text_units(tokens: list[Token], *, drop_units: bool = True) -> list[Token]:
    """Remove units after numbers, prose, labels and conditions; ``\\text{and}`` is a comma.
    An answer that is nothing but prose becomes one symbol named by its words (so two text
    answers compare as equal or different, instead of as products of letters)."""
    original = tokens
    tokens = _font_switches(tokens)
    if _only_text(tokens):
        answer = _text_answer(tokens)
        if answer is not None:
            return [answer]
    tokens = _drop_prose(tokens)
    tokens = _drop_labels(tokens)
    if drop_units:
        tokens = _drop_units(tokens)
    if not any(t.kind is not Kind.SPACE and not _is_separator(t) for t in tokens):
        answer = _text_answer(original)
        if answer is not None:
            return [answer]
    return tokens


# --------------------------------------------------------------------------------------------
# Rule 8: separators

_TUPLE_BRACKETS = {"(": ")", "[": "]", "\\{": "\\}", "\\lbrace": "\\rbrace", "\\langle": "\\rangle"}


def _is_comma(tok: Token) -> bool:
    return _is_char(tok, ",")


def separators(tokens: list[Token]) -> list[Token]:
    """Top-level ``;``, ``\\quad``, ``\\\\`` become commas; empty elements go; brackets around a
    whole tuple go."""
    levels = depths(tokens)
    marked = [_COMMA if (levels[i] == 0 and _is_separator(t)) else t for i, t in enumerate(tokens)]
    parts = [strip_spaces(p) for p in split_top_level(marked, _is_comma)]
    parts = [p for p in parts if p]
    if len(parts) == 1:
        inner = _tuple_inside(parts[0])
        if inner is not None:
            return inner
    out: list[Token] = []
    for n, part in enumerate(parts):
        if n:
            out.extend([_COMMA, _SPACE])
        out.extend(part)
    return out


def _tuple_inside(tokens: list[Token]) -> list[Token] | None:
    """The elements of ``(a, b)``, or None when the tokens are not one bracketed tuple."""
    if len(tokens) < 2 or tokens[0].text not in _TUPLE_BRACKETS:
        return None
    if match_group(tokens, 0) != len(tokens) - 1:
        return None
    inner = tokens[1:-1]
    parts = [strip_spaces(p) for p in split_top_level(inner, _is_comma)]
    if len(parts) < 2 or not all(parts):
        return None
    out: list[Token] = []
    for n, part in enumerate(parts):
        if n:
            out.extend([_COMMA, _SPACE])
        out.extend(part)
    return out


# --------------------------------------------------------------------------------------------
# Rule 9: relations


def _last_chain(tokens: list[Token]) -> list[Token]:
    """The last relation chain of one element: ``c = d`` in ``a = b \\Rightarrow c = d``."""
    levels = depths(tokens)
    breaks = [i for i, t in enumerate(tokens) if levels[i] == 0 and is_cmd(t, *CHAIN_BREAKERS)]
    if breaks and strip_spaces(tokens[breaks[-1] + 1 :]):
        return tokens[breaks[-1] + 1 :]
    return tokens


def _chain(tokens: list[Token]) -> list[list[Token]]:
    """The sides of the last relation chain of one element (one side when no relation)."""
    sides = split_top_level(_last_chain(tokens), _is_relation)
    return [strip_spaces(s) for s in sides]


def _is_numeric_side(tokens: Sequence[Token]) -> bool:
    return _numeric_tokens(tokens)


def choose_side(sides: Sequence[Sequence[Token]]) -> list[Token]:
    """The side of a relation chain that is the answer (see ``choose_index``)."""
    return list(sides[choose_index(sides)])


def choose_index(sides: Sequence[Sequence[Token]]) -> int:
    """Which side of a relation chain is the answer.

    The last non-empty side, except the first side, which is what the answer defines (``v`` in
    ``v = 3``). When that last side is a bare number (after units were removed) and an earlier
    side other than the first is symbolic, the last symbolic side wins: in
    ``T = 2\\pi\\sqrt{L/g} \\approx 2.0\\,\\mathrm{s}`` the answer is ``2\\pi\\sqrt{L/g}``.
    """
    candidates = [i for i in range(1, len(sides)) if sides[i]]
    if not candidates:
        return 0
    last = candidates[-1]
    if _is_numeric_side(sides[last]):
        symbolic = [i for i in candidates if not _is_numeric_side(sides[i])]
        if symbolic:
            return symbolic[-1]
    return last


def _unbrace(tokens: list[Token]) -> list[Token]:
    """Braces around a whole element go (latex2sympy would read ``{x}`` as a set)."""
    tokens = strip_spaces(tokens)
    while tokens and tokens[0].kind is Kind.BEGIN and match_group(tokens, 0) == len(tokens) - 1:
        tokens = strip_spaces(tokens[1:-1])
    return tokens


def relations(tokens: list[Token]) -> list[Token]:
    """In each element, keep the chosen side of the last top-level relation chain."""
    parts = split_top_level(tokens, _is_comma)
    out: list[Token] = []
    for n, part in enumerate(parts):
        if n:
            out.extend([_COMMA, _SPACE])
        sides = _chain(part)
        if len(sides) == 1:
            out.extend(_unbrace(part))
            continue
        chosen = _unbrace(choose_side(sides))
        # ``(v_1, v_2) = (3, 4)``: when it is the whole answer, a chosen side that is a tuple
        # lists the answer's elements.
        out.extend((_tuple_inside(chosen) if len(parts) == 1 else None) or chosen)
    return out


# --------------------------------------------------------------------------------------------
# Rule 10: functions

_FRAC_ALIASES = {
    "\\dfrac": "\\frac",
    "\\tfrac": "\\frac",
    "\\cfrac": "\\frac",
    "\\dbinom": "\\binom",
    "\\tbinom": "\\binom",
}
_OPERATOR_NAME_COMMANDS = frozenset({"\\operatorname", "\\mathrm", "\\text", "\\rm"})


def _function_argument(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """A function's argument at i: a parenthesised or braced group, or one (sub/superscripted)
    atom."""
    j = next_nonspace(tokens, i)
    tok = _at(tokens, j)
    if tok is None:
        return None
    if tok.text in ("(", "[", "{") and tok.kind is not Kind.CHAR:
        end = match_group(tokens, j)
        if end < 0:
            return None
        return list(tokens[j : end + 1]), end + 1
    if tok.kind in (Kind.LETTER, Kind.NUMBER, Kind.SYMBOL) or is_cmd(tok, *GREEK, *OTHER_SYMBOLS):
        end = j + 1
        while _is_char(_at(tokens, end), "_", "^"):
            arg = read_argument(tokens, end + 1)
            if arg is None:
                break
            end = arg[1]
        return list(tokens[j:end]), end
    return None


def functions(tokens: list[Token]) -> list[Token]:
    """Normalise fraction and function commands, and brace shorthand arguments."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.COMMAND and tok.text in _FRAC_ALIASES:
            tok = _cmd(_FRAC_ALIASES[tok.text])
        if is_cmd(tok, *_OPERATOR_NAME_COMMANDS):
            arg = read_argument(tokens, i + (2 if _is_char(_at(tokens, i + 1), "*") else 1))
            name = _plain(arg[0]) if arg is not None and not arg[2] else ""
            if arg is not None and name in FUNCTION_NAMES:
                tokens = [*tokens[:i], _cmd(FUNCTION_NAMES[name]), *tokens[arg[1] :]]
                continue
        if is_cmd(tok, "\\log") and not _is_char(_at(tokens, next_nonspace(tokens, i + 1)), "_"):
            tok = _cmd("\\ln")  # a log without a base is natural, as physics (and SymPy) write it
        if tok.kind is Kind.COMMAND and tok.text in RECIPROCALS:
            rewritten = _reciprocal(tokens, i)
            if rewritten is not None:
                out.extend(rewritten[0])
                i = rewritten[1]
                continue
        if is_cmd(tok, "\\frac"):
            derivative = _derivative(tokens, i)
            if derivative is not None:
                tokens = [*tokens[:i], *derivative[0], *tokens[derivative[1] :]]
                continue
        if is_cmd(tok, "\\frac", "\\binom", "\\sqrt"):
            braced = _brace_arguments(tokens, i, tok)
            if braced is not None:
                out.extend(braced[0])
                tokens = [*braced[2], *tokens[braced[1] :]]
                i = 0
                continue
        if _is_char(tok, "^", "_"):
            j = next_nonspace(tokens, i + 1)
            nxt = _at(tokens, j)
            if (
                nxt is not None
                and nxt.kind is Kind.COMMAND
                and nxt.text in {*ARITY, *_FRAC_ALIASES}
            ):
                end = j + 1
                for _ in range(ARITY.get(_FRAC_ALIASES.get(nxt.text, nxt.text), 1)):
                    arg = read_argument(tokens, end)
                    if arg is None:
                        break
                    end = arg[1]
                inner = functions(list(tokens[j:end]))
                out.extend([tok, *_braced(inner)])
                i = end
                continue
        out.append(tok)
        i += 1
    return out


_D = Token(Kind.LETTER, "d")


def _differential(tokens: Sequence[Token], k: int) -> tuple[bool, int, int] | None:
    """A ``d`` or ``\\partial`` mark at k with its optional order: (partial, order, next)."""
    tok = _at(tokens, k)
    if tok is None or not (
        is_cmd(tok, "\\partial") or (tok.kind is Kind.LETTER and tok.text == "d")
    ):
        return None
    j = next_nonspace(tokens, k + 1)
    if not _is_char(_at(tokens, j), "^"):
        return tok.text == "\\partial", 1, k + 1
    arg = read_argument(tokens, j + 1)
    if arg is None or arg[2] or len(arg[0]) != 1 or arg[0][0].kind is not Kind.NUMBER:
        return None
    if not arg[0][0].text.isdigit():
        return None
    return tok.text == "\\partial", int(arg[0][0].text), arg[1]


def _variables(tokens: Sequence[Token]) -> tuple[bool, list[list[Token]]] | None:
    """The denominator of a derivative, ``\\partial x \\partial y^2``: whether it is partial,
    and each variable as often as its order."""
    out: list[list[Token]] = []
    partial = False
    k = next_nonspace(tokens, 0)
    while k < len(tokens):
        mark = _differential(tokens, k)
        if mark is None:
            return None
        is_partial, _, k = mark
        partial = partial or is_partial
        k = next_nonspace(tokens, k)
        var = _at(tokens, k)
        if var is None or not (var.kind is Kind.LETTER or is_cmd(var, *GREEK)):
            return None
        # A subscripted variable becomes a placeholder symbol, which latex2sympy does not take
        # after a d: such derivatives are left as they are.
        end = k + 1
        order = 1
        j = next_nonspace(tokens, end)
        if _is_char(_at(tokens, j), "^"):
            power = read_argument(tokens, j + 1)
            if power is None or len(power[0]) != 1 or not power[0][0].text.isdigit():
                return None
            order, j = int(power[0][0].text), power[1]
        out.extend([[var]] * order)
        k = next_nonspace(tokens, j)
    return (partial, out) if out else None


def _derivative(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """``\\frac{\\partial f}{\\partial x}`` and higher orders (``\\frac{d^2x}{dt^2}``,
    ``\\frac{\\partial^2 u}{\\partial x \\partial y}``) as nested first-order ``d`` derivatives,
    the one form latex2sympy reads. None when the fraction is not such a derivative, or already
    is that form."""
    num = read_argument(tokens, i + 1)
    den = read_argument(tokens, num[1]) if num is not None else None
    if num is None or den is None or num[2] or den[2]:
        return None
    mark = _differential(strip_spaces(num[0]), 0)
    variables = _variables(strip_spaces(den[0]))
    if mark is None or variables is None:
        return None
    partial, order, k = mark
    partial = partial or variables[0]
    wrt = variables[1]
    if order != len(wrt) or (not partial and order == 1):
        return None
    target = strip_spaces(strip_spaces(num[0])[k:])

    def first(inner: list[Token], var: list[Token]) -> list[Token]:
        return [_cmd("\\frac"), *_braced([_D, _SPACE, *inner]), *_braced([_D, _SPACE, *var])]

    if not target:
        return (first([], wrt[0]), den[1]) if len(wrt) == 1 else None
    out = first(target, wrt[-1])
    for var in reversed(wrt[:-1]):
        out = [*first([], var), _LPAREN, *out, _RPAREN]
    return out, den[1]


def _brace_arguments(
    tokens: Sequence[Token], i: int, cmd: Token
) -> tuple[list[Token], int, list[Token]] | None:
    """``\\frac12`` as ``\\frac{1}{2}``: (the rewritten command, the index after what was
    read, the tokens still to read before that index)."""
    out: list[Token] = [cmd]
    j = i + 1
    if cmd.text == "\\sqrt":
        k = next_nonspace(tokens, j)
        if _at(tokens, k) is not None and tokens[k].text == "[":
            end = match_group(tokens, k)
            if end < 0:
                return None
            out.extend(functions(list(tokens[k : end + 1])))
            j = end + 1
        k = next_nonspace(tokens, j)
        if _at(tokens, k) is not None and tokens[k].text == "(":
            end = match_group(tokens, k)
            if end > 0:  # \sqrt(x+1): the parens are the argument
                out.extend(_braced(functions(list(tokens[k : end + 1]))))
                return out, end + 1, []
    # What follows the command, as a list the arguments are cut from (\\frac123 is \\frac{1}{2}3).
    rest = list(tokens[j:])
    for _ in range(2 if cmd.text in ("\\frac", "\\binom") else 1):
        arg = read_argument(rest, 0)
        if arg is None:
            return None
        out.extend(_braced(functions(arg[0])))
        rest = [*arg[2], *rest[arg[1] :]]
    return out, len(tokens), rest


def _reciprocal(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """``\\sech^2 x`` as ``\\frac{1}{\\cosh^{2} x}``."""
    j = i + 1
    power: list[Token] = []
    k = next_nonspace(tokens, j)
    if _is_char(_at(tokens, k), "^"):
        arg = read_argument(tokens, k + 1)
        if arg is None or arg[2]:
            return None
        power = [Token(Kind.CHAR, "^"), *_braced(arg[0])]
        j = arg[1]
    arg2 = _function_argument(tokens, j)
    if arg2 is None:
        return None
    body = [_cmd(RECIPROCALS[tokens[i].text]), *power, _SPACE, *functions(arg2[0])]
    return [_cmd("\\frac"), *_braced([Token(Kind.NUMBER, "1")]), *_braced(body)], arg2[1]


# --------------------------------------------------------------------------------------------
# Rule 11: fonts

_UPRIGHT_FONTS = frozenset(
    {"\\mathrm", "\\text", "\\textrm", "\\textup", "\\textnormal", "\\mbox", "\\symrm"}
)
_EULER = _cmd("\\exponentialE")


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
            word = _plain(content)
            if tok.text in ALPHABETS:
                out.append(Token(Kind.SYMBOL, f"{tok.text[1:]}{{{word}}}"))
            elif len(content) == 1 and content[0].kind is Kind.LETTER:
                euler = content[0].text == "e" and tok.text in _UPRIGHT_FONTS
                out.append(_EULER if euler else content[0])
            elif re.fullmatch(r"[A-Za-z][A-Za-z0-9]*\.?", word) and all(
                t.kind in (Kind.LETTER, Kind.NUMBER) or _is_char(t, ".") for t in content
            ):
                out.append(Token(Kind.SYMBOL, word.rstrip(".")))  # \text{const.} is const
            else:
                out.extend(fonts(content))
            continue
        out.append(tok)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Rule 12: delimiters

_GROUPING = {
    "\\{": "(",
    "\\}": ")",
    "\\lbrace": "(",
    "\\rbrace": ")",
    "\\lbrack": "(",
    "\\rbrack": ")",
    "\\lgroup": "(",
    "\\rgroup": ")",
}


def delimiters(tokens: list[Token]) -> list[Token]:
    """Grouping brackets become parentheses; ``\\langle x\\rangle`` is a symbol ``<x>``."""
    tokens = list(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind is Kind.BRACKET and tok.text == "[":
            if not is_cmd(_at(tokens, prev_nonspace(tokens, i - 1)), "\\sqrt"):
                end = match_group(tokens, i)
                if end > 0:
                    tokens[i], tokens[end] = _LPAREN, _RPAREN
        elif tok.text in _GROUPING and tok.kind in (Kind.CONTROL, Kind.COMMAND):
            tokens[i] = Token(Kind.BRACKET, _GROUPING[tok.text])
        elif is_cmd(tok, "\\lVert", "\\rVert", "\\Vert"):
            tokens[i] = Token(Kind.CONTROL, "\\|")
        elif is_cmd(tok, "\\langle"):
            end = match_group(tokens, i)
            if end < 0:  # a bra, <a|
                end = _next_bar(tokens, i + 1)
                if end > 0:
                    name = "<" + _plain(tokens[i + 1 : end]) + "|"
                    tokens[i : end + 1] = [Token(Kind.SYMBOL, name)]
            else:
                name = "<" + _plain(tokens[i + 1 : end]) + ">"
                tokens[i : end + 1] = [Token(Kind.SYMBOL, name)]
        elif is_cmd(tok, "\\rangle"):  # a ket, |a>; a matched one went with its \langle
            start = _previous_bar(tokens, i - 1)
            if start >= 0:
                name = "|" + _plain(tokens[start + 1 : i]) + ">"
                tokens[start : i + 1] = [Token(Kind.SYMBOL, name)]
                i = start
        i += 1
    return tokens


def _is_bar(tok: Token) -> bool:
    return _is_char(tok, "|") or is_cmd(tok, "\\lvert", "\\rvert", "\\vert", "\\mid")


def _previous_bar(tokens: Sequence[Token], i: int) -> int:
    """The bar that opens a ket ending before i, at the same depth, or -1."""
    level = 0
    while i >= 0:
        tok = tokens[i]
        if tok.text in (")", "}", "]"):
            level += 1
        elif tok.text in ("(", "{", "["):
            level -= 1
            if level < 0:
                return -1
        elif level == 0 and _is_bar(tok):
            return i
        i -= 1
    return -1


def _next_bar(tokens: Sequence[Token], i: int) -> int:
    """The bar that closes a bra starting at i, at the same depth, or -1."""
    level = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text in ("(", "{", "["):
            level += 1
        elif tok.text in (")", "}", "]"):
            level -= 1
            if level < 0:
                return -1
        elif level == 0 and _is_bar(tok):
            return i
        i += 1
    return -1


# --------------------------------------------------------------------------------------------
# Rule 13: degrees


def _degree_mark(tokens: Sequence[Token], i: int) -> int:
    """Index after a degree mark at i (``^\\circ``, ``^{\\circ}``, ``\\degree``), or -1."""
    tok = tokens[i]
    if is_cmd(tok, "\\degree"):
        return i + 1
    if _is_char(tok, "^"):
        arg = read_argument(tokens, i + 1)
        if arg is not None and [t.text for t in strip_spaces(arg[0])] in (
            ["\\circ"],
            ["\\degree"],
        ):
            return arg[1]
    return -1


def _base_start(tokens: Sequence[Token], p: int) -> int:
    """Start of the item that ends at p (a number, symbol, or bracketed group), or -1."""
    tok = _at(tokens, p)
    if tok is None:
        return -1
    if tok.kind in (Kind.NUMBER, Kind.LETTER, Kind.SYMBOL) or is_cmd(tok, *GREEK):
        return p
    if tok.kind in (Kind.END, Kind.BRACKET) and tok.text in ("}", ")"):
        return match_group_back(tokens, p)
    return -1


def degrees(tokens: list[Token]) -> list[Token]:
    """An angle in degrees becomes radians: ``30^\\circ`` is ``\\frac{30\\pi}{180}``."""
    tokens = list(tokens)
    i = 0
    while i < len(tokens):
        end = _degree_mark(tokens, i)
        if end > 0:
            p = prev_nonspace(tokens, i - 1)
            start = _base_start(tokens, p)
            if start >= 0:
                base = tokens[start : p + 1]
                pi_part = [_SPACE, _cmd("\\pi")]
                new = [
                    _cmd("\\frac"),
                    *_braced([*base, *pi_part]),
                    *_braced([Token(Kind.NUMBER, "180")]),
                ]
                tokens[start:end] = new
                i = start + len(new)
                continue
        i += 1
    return tokens


# --------------------------------------------------------------------------------------------
# Rule 14: symbols

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
        follower = _at(tokens, end + 1)
        if (
            len(inner) == 1
            and follower is not None
            and (_is_char(follower, "_") or follower.kind is Kind.PRIME)
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
        elif (t.kind is Kind.COMMAND or _is_char(t, "*")) and t.text in _STARS and not star:
            star = _STARS[t.text]
        elif t.kind is not Kind.SPACE:
            break
        k += 1
    rest = strip_spaces(toks[k:])
    if rest and all(_is_char(t, "+", "-") for t in rest) and len(rest) <= 2:
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
        elif _is_char(tok, "_") and sub is None:
            k = next_nonspace(tokens, j + 1)
            if _at(tokens, k) is not None and tokens[k].kind is Kind.NUMBER:
                sub, j = tokens[k].text, k + 1  # x_12 is x_{12}, as people mean it
                continue
            arg = read_argument(tokens, j + 1)
            if arg is None:
                break
            sub, j = _name_part(arg[0]), arg[1]
        elif _is_char(tok, "^") and not power:
            arg = read_argument(tokens, j + 1)
            if arg is None:
                break
            p, s, rest = _marks(arg[0])
            if p or s:
                primes += p
                star = star or s
                j = arg[1]
                if rest:
                    power = [Token(Kind.CHAR, "^"), *_braced(rest)]
                continue
            if sub is None and _is_char(_at(tokens, next_nonspace(tokens, arg[1])), "_"):
                # x^2_1: the power waits until the subscript is read.
                power = [Token(Kind.CHAR, "^"), *_braced(arg[0]), *arg[2]]
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
        if _at(tokens, n0) == Token(Kind.LETTER, "d") and _at(tokens, d0) == Token(
            Kind.LETTER, "d"
        ):
            found.update({n0, d0})
    return found


def _isotope_at(tokens: Sequence[Token], i: int, out: list[Token]) -> tuple[Token, int] | None:
    """A nuclide in isotope notation at i, ``^{235}U`` or ``{}^4_2He``, as one symbol; the
    superscript has no base of its own (it follows nothing, an operator or an empty group)."""
    if not _is_char(tokens[i], "^"):
        return None
    p = len(out) - 1
    while p >= 0 and out[p].kind is Kind.SPACE:
        p -= 1
    empty_group = p >= 1 and out[p].kind is Kind.END and out[p - 1].kind is Kind.BEGIN
    prev = out[p] if p >= 0 else None
    if not (
        prev is None
        or empty_group
        or _is_char(prev, "+", "-", ",", "=")
        or (prev.kind is Kind.BRACKET and prev.text in "([")
        or _is_relation(prev)
    ):
        return None
    mass = read_argument(tokens, i + 1)
    if mass is None or mass[2] or not all(t.kind is Kind.NUMBER for t in strip_spaces(mass[0])):
        return None
    j = mass[1]
    if _is_char(_at(tokens, next_nonspace(tokens, j)), "_"):
        charge = read_argument(tokens, next_nonspace(tokens, j) + 1)
        if charge is None:
            return None
        j = charge[1]
    j = next_nonspace(tokens, j)
    element = _at(tokens, j)
    if element is None:
        return None
    if element.kind is Kind.SYMBOL and re.fullmatch(r"[A-Z][a-z]{0,2}", element.text):
        name, j = element.text, j + 1
    elif element.kind is Kind.LETTER and element.text.isupper():
        name, j = element.text, j + 1
        while (
            len(name) < 3
            and _at(tokens, j) is not None
            and tokens[j].kind is Kind.LETTER
            and tokens[j].text.islower()
        ):
            name += tokens[j].text
            j += 1
    else:
        return None
    if empty_group:
        del out[p - 1 :]
    return Token(Kind.SYMBOL, f"^{{{_plain(mass[0])}}}{name}"), j


def symbols(tokens: list[Token]) -> list[Token]:
    """Subscripted, primed and starred letters become one symbol each; variant Greek letters
    are one letter; ``I`` is a symbol; a ``d`` before a letter is a symbol, not a
    differential, outside ``\\frac{d..}{d..}``."""
    tokens = [
        _cmd(GREEK_VARIANTS[t.text]) if t.kind is Kind.COMMAND and t.text in GREEK_VARIANTS else t
        for t in tokens
    ]
    differentials = _differential_ds(tokens)
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
            nxt = _at(tokens, next_nonspace(tokens, i + 1))
            if nxt is not None and nxt.kind in (Kind.LETTER, Kind.COMMAND, Kind.SYMBOL):
                # latex2sympy would read `d x` or `d\sin` as a differential.
                out.extend(_braced([tok]))
                i += 1
                continue
        if is_cmd(tok, "\\ast"):
            tok = Token(Kind.CHAR, "*")
        out.append(tok)
        i += 1
    return out


# --------------------------------------------------------------------------------------------
# Rule 15: e as the elementary charge


def _euler_power(tokens: Sequence[Token], i: int) -> bool:
    """Whether the ``e`` at i is the base of a power whose exponent is not a positive integer
    literal (``e^{-t/\\tau}``, ``e^x``, ``e^{-1}``: Euler; ``e^2``, ``e^{3}``: charge)."""
    j = next_nonspace(tokens, i + 1)
    if not _is_char(_at(tokens, j), "^"):
        return False
    arg = read_argument(tokens, j + 1)
    if arg is None:
        return False
    exponent = strip_spaces(arg[0])
    positive_integer = len(exponent) == 1 and _is_int(exponent[0]) and int(exponent[0].text) > 0
    return not positive_integer


def e_charge(tokens: list[Token], *, enabled: bool = True) -> list[Token]:
    """The letter ``e`` is the elementary charge unless it is the base of a non-integer power."""
    if not enabled:
        return list(tokens)
    return [
        Token(Kind.SYMBOL, "e")
        if tok == Token(Kind.LETTER, "e") and not _euler_power(tokens, i)
        else tok
        for i, tok in enumerate(tokens)
    ]


# --------------------------------------------------------------------------------------------
# Rule 16: \pm branches


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


# --------------------------------------------------------------------------------------------
# The pipeline

# Rules that only clean the text: what split_elements and relation_sides see.
_CLEANING: tuple[tuple[str, Rule], ...] = (
    ("wrappers", wrappers),
    ("unicode", unicode),
    ("backslashes", backslashes),
    ("numbers", numbers),
    ("spacing", spacing),
    ("sizing", sizing),
    ("text_units", text_units),
    ("separators", separators),
)
# The cleaning rules with units kept, to read each element's unit.
_CLEANING_KEEPING_UNITS: tuple[tuple[str, Rule], ...] = tuple(
    (name, (lambda t: text_units(t, drop_units=False)) if name == "text_units" else rule)
    for name, rule in _CLEANING
)
RULES: tuple[tuple[str, Rule], ...] = (
    *_CLEANING,
    ("relations", relations),
    ("functions", functions),
    ("fonts", fonts),
    ("delimiters", delimiters),
    ("degrees", degrees),
    ("symbols", symbols),
    ("e_charge", e_charge),
)


def _apply(
    tokens: list[Token], rules: Sequence[tuple[str, Rule]], applied: list[str]
) -> list[Token]:
    for name, rule in rules:
        new = rule(tokens)
        if new != tokens:
            applied.append(name)
        tokens = new
    return tokens


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> BA: placeholder suffixes made only of capitals, which survive
    latex2sympy's normalisation (it rewrites words such as ``inf`` and ``and``)."""
    out = ""
    while True:
        out = chr(ord("A") + n % 26) + out
        n //= 26
        if n == 0:
            return out


def _placeholder_prefix(latex: str) -> str:
    prefix = "PHSYM"
    while prefix in latex:
        prefix += "Q"
    return prefix


def _render(tokens: list[Token], prefix: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    names: dict[str, str] = {}

    def placeholder(tok: Token) -> str:
        ph = names.setdefault(tok.text, prefix + _letters(len(names)))
        return "\\mathit{" + ph + "}"

    text = detokenize(tokens, placeholder).strip()
    return text, tuple((ph, name) for name, ph in names.items())


def rewrite(latex: str, *, e_as_charge: bool = True) -> list[Reading]:
    """The readings of an answer, one per ``\\pm`` branch, ready for latex2sympy."""
    applied: list[str] = []
    rules = [
        (name, (lambda t: e_charge(t, enabled=e_as_charge)) if name == "e_charge" else rule)
        for name, rule in RULES
    ]
    tokens = _apply(tokenize(latex), rules, applied)
    branches = pm_branches(tokens)
    if len(branches) > 1:
        applied.append("pm_branches")
    prefix = _placeholder_prefix(latex)
    readings = []
    for branch in branches:
        text, renames = _render(branch, prefix)
        readings.append(Reading(text, renames, tuple(applied)))
    logger.debug("physics dialect: %r -> %r", latex, [r.text for r in readings])
    return readings


def _clean(latex: str) -> list[Token]:
    return _apply(tokenize(latex), _CLEANING, [])


def _as_text(tok: Token) -> str:
    # The only symbol the cleaning rules make is a verbal answer; as text it reads back the same.
    return "\\text{" + tok.text.strip('"') + "}"


@dataclass(frozen=True)
class Element:
    """One top-level element of an answer, split at the relations of its last chain.

    ``sides`` are the texts of the chain's sides without their units, ``units`` the unit text
    each side had after its number (or None), and ``chosen`` the index of the side that is the
    answer (``choose_index``): ``v = 2\\sqrt{gh} \\approx 14\\,\\mathrm{m/s}`` has sides ``v``,
    ``2\\sqrt{gh}`` and ``14`` (unit ``\\mathrm{m/s}``), and the second is chosen.
    """

    sides: tuple[str, ...]
    units: tuple[str | None, ...]
    chosen: int
    equalities: bool = True  # every relation of the chain says "equal" (=, \\approx, \\sim...)
    relations: tuple[str, ...] = ()  # the chain's relations, in order, as written


EQUALITY_RELATIONS = frozenset(
    {"=", "\\approx", "\\approxeq", "\\simeq", "\\sim", "\\equiv", "\\cong", "\\doteq"}
    | {"\\coloneqq", "\\eqqcolon"}
)


def _says_equal(tok: Token) -> bool:
    return tok.text in EQUALITY_RELATIONS


def elements(latex: str) -> list[Element]:
    """The top-level elements of an answer with their relation chains and units."""
    tokens = _apply(tokenize(latex), _CLEANING_KEEPING_UNITS, [])
    out: list[Element] = []
    for part in split_top_level(tokens, _is_comma):
        part = strip_spaces(part)
        if not part:
            continue
        values: list[list[Token]] = []
        units: list[str | None] = []
        for side in _chain(part):
            start = _unit_start(side, 0, len(side))
            values.append(strip_spaces(side[:start]))
            unit = detokenize(strip_spaces(side[start:])).strip()
            units.append(unit or None)
        chain = _last_chain(part)
        levels = depths(chain)
        relations = [t for t, d in zip(chain, levels, strict=True) if d == 0 and _is_relation(t)]
        out.append(
            Element(
                tuple(detokenize(v, _as_text) for v in values),
                tuple(units),
                choose_index(values),
                all(_says_equal(t) for t in relations),
                tuple(t.text for t in relations),
            )
        )
    return out


def split_elements(latex: str) -> list[str] | None:
    """The top-level elements of a tuple or list answer (``(a, b)``, ``a; b``,
    ``x = 1 \\quad y = 2``), as text; None when the answer is not a tuple."""
    parts = [strip_spaces(p) for p in split_top_level(_clean(latex), _is_comma)]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    return [detokenize(p, _as_text) for p in parts]


def relation_sides(latex: str) -> list[str]:
    """The top-level sides of the last relation chain, as text (of the last element when the
    answer is a tuple). One side when there is no relation."""
    parts = [strip_spaces(p) for p in split_top_level(_clean(latex), _is_comma)]
    parts = [p for p in parts if p] or [[]]
    return [detokenize(s, _as_text) for s in _chain(parts[-1])]


def _latex2sympy(text: str) -> Any:
    # Imported here: the package's __init__ may import this module.
    from latex2sympy2_extended import latex2sympy

    from . import _CONVERSION, _NORMALIZATION

    return latex2sympy(text, normalization_config=_NORMALIZATION, conversion_config=_CONVERSION)


# Stands for an element of a list answer that cannot be read; it scores 0 against anything.
UNREADABLE = sympy.Symbol("\u27e8unreadable element\u27e9")


def _parse_element(latex: str, text: str) -> sympy.Basic:
    try:
        expr = _latex2sympy(text)
    except RecursionError as exc:
        raise ParseError(latex, "expression nested too deeply to parse") from exc
    except Exception as exc:  # latex2sympy raises many types; all mean "cannot read this"
        raise ParseError(latex, describe(exc)) from exc
    if not isinstance(expr, sympy.Basic):
        raise ParseError(latex, f"parser returned {type(expr).__name__}, not an expression")
    return expr


def _parse_reading(latex: str, reading: Reading) -> sympy.Basic:
    elements = [detokenize(p).strip() for p in split_top_level(tokenize(reading.text), _is_comma)]
    elements = [e for e in elements if e]  # an element a rule emptied (a lone unit) is no value
    if not elements:
        raise ParseError(latex, "nothing left to parse after rewriting")
    parsed: list[sympy.Basic] = []
    failures: list[ParseError] = []
    for text in elements:
        try:
            parsed.append(_parse_element(latex, text))
        except ParseError as exc:
            # One unreadable element of a list does not make the others unreadable.
            failures.append(exc)
            parsed.append(UNREADABLE)
    if len(failures) == len(parsed):
        raise failures[0]
    result = parsed[0] if len(parsed) == 1 else sympy.Tuple(*parsed)
    if reading.renames:
        result = result.xreplace(
            {sympy.Symbol(ph): sympy.Symbol(name) for ph, name in reading.renames}
        )
    return result


def parse(latex: str, *, e_as_charge: bool = True) -> list[sympy.Basic]:
    """Parse an answer in the physics dialect: one expression per ``\\pm`` branch (a tuple
    answer gives a ``sympy.Tuple``). Raises ParseError with the reason on failure."""
    if not isinstance(latex, str):
        raise TypeError(f"LaTeX input must be str, not {type(latex).__name__}")
    if not latex.strip():
        raise ParseError(latex, "empty input")
    try:
        readings = rewrite(latex, e_as_charge=e_as_charge)
    except RecursionError as exc:
        raise ParseError(latex, "expression nested too deeply to rewrite") from exc
    return [
        _boltzmann(_imaginary_exponents(_functions_of(_parse_reading(latex, r)))) for r in readings
    ]


def _functions_of(expr: sympy.Basic) -> sympy.Basic:
    """Inside a derivative every symbol depends on the variables of differentiation:
    latex2sympy gives derivatives of bare symbols, which SymPy evaluates to 0 (so that
    ``\\partial_\\beta \\ln Z`` and any other such derivative would be equal). Each symbol
    becomes a function of all the variables of its (nested) derivative:
    ``Derivative(log(Z(beta)), beta)``."""
    if isinstance(expr, sympy.Derivative):
        variables = _derivative_variables(expr)
        names = sorted(variables, key=str)
        mapping = {
            s: sympy.Function(s.name)(*names)
            for s in expr.expr.free_symbols
            if isinstance(s, sympy.Symbol) and s not in variables and s != UNREADABLE
        }
        return expr.xreplace(mapping)
    if not expr.args or not isinstance(expr, sympy.Basic):
        return expr
    args = [_functions_of(a) for a in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args, strict=True)) else expr.func(*args)


def _derivative_variables(expr: sympy.Basic) -> set[sympy.Basic]:
    """The variables of a derivative and of every derivative nested in it."""
    out: set[sympy.Basic] = set()
    for d in sympy.preorder_traversal(expr):
        if isinstance(d, sympy.Derivative):
            out.update(d.variables)
    return out


_IMAGINARY = sympy.Symbol("i")


def _imaginary_exponents(expr: sympy.Basic) -> sympy.Basic:
    """In the exponent of Euler's number, ``i`` is the imaginary unit (``e^{i\\pi} = -1``).
    Elsewhere it stays a symbol (an index, a current)."""
    return expr.replace(
        lambda e: isinstance(e, sympy.exp) and _IMAGINARY in e.args[0].free_symbols,
        lambda e: sympy.exp(e.args[0].xreplace({_IMAGINARY: sympy.I})),
    )


_K, _K_B = sympy.Symbol("k"), sympy.Symbol("k_B")


def _boltzmann(expr: sympy.Basic) -> sympy.Basic:
    """Boltzmann's constant is written ``k`` or ``k_B``: an answer that writes ``k_B`` and no
    other ``k`` has it read as ``k``. (One that uses both keeps them apart: ``k_B T / k`` may
    hold a spring constant.)"""
    free = expr.free_symbols
    if _K_B in free and _K not in free:
        return expr.xreplace({_K_B: _K})
    return expr
