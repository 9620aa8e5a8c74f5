"""Word tables: the vocabulary the rules share (Greek letters, fonts, relations, functions,
conditions, units), and the test of whether a text is a unit.

Each table is written once here; rules import it, never copy it.
"""

from __future__ import annotations

import re

from ..tokens import Token, is_char, is_cmd

__all__ = [
    "ALPHABETS",
    "ARITY",
    "ASCII_MUCH",
    "ASCII_RELATIONS",
    "BARE_LETTER_UNITS",
    "BRACKETS",
    "CHAIN_BREAKERS",
    "CONDITION_WORDS",
    "DECORATIONS",
    "EQUALITY_RELATIONS",
    "FONT_SWITCHES",
    "FUNCTION_NAMES",
    "GREEK",
    "GREEK_VARIANTS",
    "MEMBERSHIP",
    "ORDER_RELATIONS",
    "OTHER_SYMBOLS",
    "RECIPROCALS",
    "RELATION_CHARS",
    "RELATION_COMMANDS",
    "SAFE_BARE_UNITS",
    "SCALE_WORDS",
    "TEXT_FONTS",
    "UNIT_WORD_RE",
    "command_set",
    "is_relation",
    "is_unit_text",
    "split_words",
    "unit_source",
]


def split_words(text: str) -> list[str]:
    """A vocabulary table written as one string of space-separated words."""
    return text.split()


def command_set(text: str) -> frozenset[str]:
    return frozenset("\\" + w for w in split_words(text))


GREEK = command_set(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi"
    " omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega"
    " Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
# Letter-like commands latex2sympy reads as symbols.
OTHER_SYMBOLS = command_set("hbar ell nabla imath jmath wp mho")
DECORATIONS = command_set(
    "vec hat widehat bar overline underline tilde widetilde dot ddot dddot check breve acute"
    " grave mathring overrightarrow"
)
# Font commands whose argument is text or a symbol's name.
TEXT_FONTS = command_set(
    "text textrm textit textbf textsf texttt textnormal textup emph mbox mathrm mathit mathbf"
    " mathsf mathtt mathnormal boldsymbol bm pmb mathbfit symbf symrm"
)
# Alphabets that make a different letter: \mathcal{E} is not E.
ALPHABETS = command_set("mathcal mathscr mathfrak mathbb")
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
        # One decoration in two widths: a vector's arrow, a hat, a tilde.
        ("overrightarrow", "vec"),
        ("widehat", "hat"),
        ("widetilde", "tilde"),
    )
}

RELATION_CHARS = frozenset({"=", "<", ">"})
RELATION_COMMANDS = command_set(
    "approx simeq sim ge geq geqslant le leq leqslant propto equiv neq ne to rightarrow"
    " longrightarrow cong gtrsim lesssim approxeq doteq ll gg lt gt coloneqq eqqcolon mapsto"
    " Rightarrow Longrightarrow implies iff Leftrightarrow"
)
# A variable's membership in a set (``x \\in (0, 1)``): a relation to a set, not between values.
MEMBERSHIP = ("\\in", "\\notin")
# These end one chain of relations and start another: in `a = b \Rightarrow c = d` the last
# chain is `c = d`.
CHAIN_BREAKERS = command_set("Rightarrow Longrightarrow implies iff Leftrightarrow")
# Brackets that may hold a tuple or an interval, each with its closer.
BRACKETS = {"(": ")", "[": "]", "\\{": "\\}", "\\lbrace": "\\rbrace", "\\langle": "\\rangle"}
# The relations that say "equal": a chain of these only states values.
EQUALITY_RELATIONS = frozenset(
    {"=", "\\approx", "\\approxeq", "\\simeq", "\\sim", "\\equiv", "\\cong", "\\doteq"}
    | {"\\coloneqq", "\\eqqcolon"}
)
# The order relations, whose condition on an index or a domain may close an answer.
ORDER_RELATIONS = command_set("le leq lt ge geq gt leqslant geqslant")
# ASCII digraphs: `x >= 5` is `x \geq 5` (the second character is `=`).
ASCII_RELATIONS = {"<": "\\leq", ">": "\\geq", "!": "\\neq"}
# `x << 1` is `x \ll 1` (the second character repeats the first).
ASCII_MUCH = {"<": "\\ll", ">": "\\gg"}


def is_relation(tok: Token) -> bool:
    """A relation symbol: ``=``, ``<``, ``>`` or a relation command."""
    return is_char(tok, *RELATION_CHARS) or is_cmd(tok, *RELATION_COMMANDS)


# Functions latex2sympy knows, by the names people write in \operatorname or \mathrm.
FUNCTION_NAMES = {
    name: "\\" + name
    for name in split_words(
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
    split_words(
        "if for when where with while whenever since because provided assuming given unless"
        " otherwise at as i.e. e.g. so hence thus"
    )
)

_UNIT_SYMBOLS = frozenset(
    split_words(
        "m s g N J W V A K Hz eV Pa C T Ω ohm mol cd rad sr L l min h hr yr day d sec atm bar"
        " Torr torr mmHg cal erg dyn dyne G Gs Wb F H S Bq Ci Gy Sv lm lx u amu Da AU au ly pc"
        " Å °C °F °K deg arcsec arcmin rpm c b barn fermi"
    )
)
# A prefix never goes on these: `md` is not a milli-day.
_UNPREFIXED = frozenset(split_words("d l u"))
_UNIT_WORDS = frozenset(
    split_words(
        "meter meters metre metres second seconds gram grams newton newtons joule joules watt"
        " watts volt volts ampere amperes amp amps kelvin hertz electronvolt electronvolts"
        " pascal pascals coulomb coulombs tesla teslas gauss ohms mole moles radian radians"
        " liter liters litre litres calorie calories hour hours minute minutes days year years"
        " degree degrees angstrom angstroms barns parsec parsecs lightyear lightyears"
        " farad farads henry henries weber webers siemens becquerel curie"
        # Everyday units of word problems.
        " week weeks month months day decade decades century centuries mile miles foot feet"
        " inch inches yard yards pound pounds ounce ounces acre acres gallon gallons ton tons"
        " tonne tonnes ft yd lb lbs oz mph gal"
    )
)
# Words that make an area or a volume of the unit after them: ``square feet``.
_POWER_WORDS = frozenset(split_words("square cubic sq"))
# Words that join units into one (``meters per minute``, ``meters per second squared``): part
# of a unit, never one alone.
_JOINING_WORDS = _POWER_WORDS | {"per", "squared", "cubed"}
# Money and counted things after a number (``12\\text{ dollars}``, ``5 units``): a unit like
# any other, whose number is compared (``eed.units`` converts cents to dollars, and no
# currency to another).
_COUNT_WORDS = frozenset(
    split_words(
        "dollar dollars cent cents euro euros yuan yen USD EUR unit units item items piece pieces"
        " person persons people"
    )
)
_PREFIX_SYMBOLS = tuple(split_words("da Y Z E P T G M k h d c m μ u n p f a"))
_PREFIX_WORDS = tuple(split_words("kilo mega giga tera milli micro nano pico femto centi deci"))
# Multi-letter units that no product of one-letter physics variables is written as (so not
# mg, ms, mA, mV: m is a mass too); a bare (non-\text) unit tail needs one of these, a unit
# spelled out, or a `/`, to be dropped.
SAFE_BARE_UNITS = frozenset(
    split_words(
        "eV meV keV MeV GeV TeV Hz kHz MHz GHz THz kg cm mm km nm μm fm pm mol mmol kmol rad"
        " Pa kPa MPa GPa hPa atm cal kcal erg dyn min hr yr sec arcsec arcmin Torr mmHg ly pc"
        " kpc Mpc AU Å Ω kΩ MΩ °C °F rpm ns μs ps fs μA kV kW MW GW kJ MJ Wb Bq Ci Gy Sv"
        " amu barn μT nT μF nF pF μH kN"
    )
)
# One-letter units that may follow a decimal or scientific number bare: 278.5 K.
BARE_LETTER_UNITS = frozenset(split_words("K s m N J W V A C T L"))

UNIT_WORD_RE = re.compile(r"[A-Za-zμµΩÅ°]+")
_EXPONENT_RE = re.compile(r"\^\s*\{?\s*[-+−]?\s*\d+(?:\.\d+)?\s*\}?")
_UNIT_CHARS_RE = re.compile(r"[A-Za-zμµΩÅ°\s/·*.()\-^]*")


# Words that scale the number before them (``5\\text{ thousand dollars}`` is 5000 dollars):
# text holding one is never dropped as prose, so the number does not lose its scale.
SCALE_WORDS = frozenset(
    [
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "trillion",
        "trillions",
        "dozen",
        "dozens",
        "lakh",
        "crore",
    ]
)


def is_counted_noun(word: str) -> bool:
    """A plural noun that counts things after a number (``6\\text{ ways}``, ``25 students``):
    lower case, four letters or more, ending in a plural ``s``; not a verb or a word of
    arithmetic (``equals``, ``times``, ``plus``)."""
    return (
        len(word) >= 4
        and word.isalpha()
        and word.islower()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous", "ics", "ths"))  # "sixteenths": parts
        and word not in _NOT_COUNTED
    )


# Words ending like plurals that count nothing: verbs and adverbs, and nouns of scale, of parts
# and of percent, which change the number (``6\\text{ thousands}`` is no 6).
_NOT_COUNTED = frozenset(
    split_words(
        "tens hundreds thousands millions billions trillions dozens scores halves thirds"
        " quarters fourths fifths sixths sevenths eighths ninths tenths hundredths thousandths"
        " percents percentages percentiles pairs couples trios triples grosses lakhs crores"
        " squares cubes fractions packs sets batches groups teams bags boxes times"
        " equals gives means yields becomes remains holds goes does makes takes gets lies"
        " tends approaches decreases increases changes varies depends exists satisfies contains"
        " follows implies states shows this thus yes always perhaps whereas sometimes towards"
        " afterwards besides unless"
    )
)


def _is_unit_word(word: str) -> bool:
    word = word.replace("µ", "μ")
    if word in _UNIT_SYMBOLS or word.lower() in _UNIT_WORDS or word.lower() in _COUNT_WORDS:
        return True
    if is_counted_noun(word):
        return True
    for prefix in _PREFIX_SYMBOLS:
        if word.startswith(prefix) and word[len(prefix) :] in _UNIT_SYMBOLS - _UNPREFIXED:
            return True
    low = word.lower()
    for prefix in _PREFIX_WORDS:
        if low.startswith(prefix) and low[len(prefix) :] in _UNIT_WORDS:
            return True
    return False


def unit_source(text: str) -> str:
    """Normalise the text of a unit for ``is_unit_text``."""
    for old, new in (
        ("\\mu", "μ"),
        ("\\Omega", "Ω"),
        ("\\$", " dollars "),
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
    src = unit_source(text)
    src = _EXPONENT_RE.sub(" ", src.replace("{", "").replace("}", ""))
    if not _UNIT_CHARS_RE.fullmatch(src):
        return False
    words = UNIT_WORD_RE.findall(src)
    units = [w for w in words if w.lower() not in _JOINING_WORDS]
    if len(words) > 1 and any(_only_counted(w) for w in units):
        return False  # "more apples", "apples each": things counted are one word alone
    return bool(units) and all(_is_unit_word(w) for w in units)


def _only_counted(word: str) -> bool:
    """A word that is a unit only as a plural noun of things counted."""
    low = word.lower()
    return is_counted_noun(word) and low not in _UNIT_WORDS and low not in _COUNT_WORDS
