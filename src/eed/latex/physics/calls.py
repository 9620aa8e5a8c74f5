"""Rules for commands and functions: lost backslashes, fraction and function commands,
derivatives and shorthand arguments.

- ``backslashes``: a command written as a bare word gets its backslash back: ``frac{a}{b}``,
  ``vec{v}``, ``sin(x)``, ``omega_0``.
- ``functions``: ``\\dfrac``/``\\tfrac``/``\\cfrac`` become ``\\frac``; ``\\operatorname{asin}``
  and ``\\mathrm{sinh}`` become commands latex2sympy knows; ``\\sech``, ``\\csch`` and
  ``\\coth`` become reciprocals of ``\\cosh``, ``\\sinh`` and ``\\tanh``; ``\\log`` without a
  base is the natural logarithm (as physics texts and SymPy's printer write it; latex2sympy
  would read base 10), and ``\\lg`` is the base-10 logarithm; shorthand arguments get braces
  (``\\frac12``, ``\\sqrt x``, ``x^\\frac{1}{2}``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..tokens import (
    LPAREN,
    RPAREN,
    SPACE,
    Kind,
    Token,
    in_braces,
    is_char,
    is_cmd,
    make_cmd,
    match_group,
    next_nonspace,
    plain_text,
    read_argument,
    strip_spaces,
    token_at,
    tokenize,
)
from .words import ARITY, FUNCTION_NAMES, GREEK, OTHER_SYMBOLS, RECIPROCALS, split_words

__all__ = ["backslashes", "functions"]


# Words that are a command whose backslash was lost when written before these characters:
# `frac{a}{b}`, `vec{v}`, `sin(x)`, `omega_0`. Short Greek names (pi, mu, nu, xi) are left
# alone: `mu_0` could be m·u_0 as easily as μ_0.
_LOST_BEFORE_BRACE = frozenset(
    split_words(
        "frac dfrac tfrac sqrt text mathrm mathbf vec hat bar tilde dot ddot overline boxed"
    )
)
_LOST_FUNCTIONS = frozenset(
    split_words("sin cos tan cot sec csc sinh cosh tanh arcsin arccos arctan exp ln sqrt")
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
            nxt = token_at(tokens, j)
            after_cmd = token_at(tokens, i - 1) is not None and tokens[i - 1].kind is Kind.COMMAND
            restore = not after_cmd and (
                (word in _LOST_BEFORE_BRACE and nxt is not None and nxt.kind is Kind.BEGIN)
                or (word in _LOST_FUNCTIONS and nxt is not None and nxt.text in ("(", "{", "^"))
                or (word in _LOST_GREEK and is_char(nxt, "_", "^"))
            )
            if restore:
                out.append(make_cmd("\\" + word))
            else:
                out.extend(tokens[i:j])
            i = j
            continue
        out.append(tokens[i])
        i += 1
    return out


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
    tok = token_at(tokens, j)
    if tok is None:
        return None
    if tok.text in ("(", "[", "{") and tok.kind is not Kind.CHAR:
        end = match_group(tokens, j)
        if end < 0:
            return None
        return list(tokens[j : end + 1]), end + 1
    if tok.kind in (Kind.LETTER, Kind.NUMBER, Kind.SYMBOL) or is_cmd(tok, *GREEK, *OTHER_SYMBOLS):
        end = j + 1
        while is_char(token_at(tokens, end), "_", "^"):
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
            tok = make_cmd(_FRAC_ALIASES[tok.text])
        if is_cmd(tok, *_OPERATOR_NAME_COMMANDS):
            arg = read_argument(tokens, i + (2 if is_char(token_at(tokens, i + 1), "*") else 1))
            name = plain_text(arg[0]) if arg is not None and not arg[2] else ""
            if arg is not None and name in FUNCTION_NAMES:
                tokens = [*tokens[:i], make_cmd(FUNCTION_NAMES[name]), *tokens[arg[1] :]]
                continue
        if is_cmd(tok, "\\log") and not is_char(
            token_at(tokens, next_nonspace(tokens, i + 1)), "_"
        ):
            # A log without a base is natural, as physics (and SymPy) write it.
            tok = make_cmd("\\ln")
        if is_cmd(tok, "\\lg"):
            # ``\lg`` is the base-10 logarithm (ISO 80000-2); latex2sympy does not know it.
            tokens = [*tokens[:i], make_cmd("\\log"), *tokenize("_{10}"), *tokens[i + 1 :]]
            continue
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
        if is_char(tok, "^", "_"):
            j = next_nonspace(tokens, i + 1)
            nxt = token_at(tokens, j)
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
                out.extend([tok, *in_braces(inner)])
                i = end
                continue
        out.append(tok)
        i += 1
    return out


_D = Token(Kind.LETTER, "d")


def _differential(tokens: Sequence[Token], k: int) -> tuple[bool, int, int] | None:
    """A ``d`` or ``\\partial`` mark at k with its optional order: (partial, order, next)."""
    tok = token_at(tokens, k)
    if tok is None or not (
        is_cmd(tok, "\\partial") or (tok.kind is Kind.LETTER and tok.text == "d")
    ):
        return None
    j = next_nonspace(tokens, k + 1)
    if not is_char(token_at(tokens, j), "^"):
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
        var = token_at(tokens, k)
        if var is None or not (var.kind is Kind.LETTER or is_cmd(var, *GREEK)):
            return None
        # A subscripted variable becomes a placeholder symbol, which latex2sympy does not take
        # after a d: such derivatives are left as they are.
        end = k + 1
        order = 1
        j = next_nonspace(tokens, end)
        if is_char(token_at(tokens, j), "^"):
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
        return [make_cmd("\\frac"), *in_braces([_D, SPACE, *inner]), *in_braces([_D, SPACE, *var])]

    if not target:
        return (first([], wrt[0]), den[1]) if len(wrt) == 1 else None
    out = first(target, wrt[-1])
    for var in reversed(wrt[:-1]):
        out = [*first([], var), LPAREN, *out, RPAREN]
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
        if token_at(tokens, k) is not None and tokens[k].text == "[":
            end = match_group(tokens, k)
            if end < 0:
                return None
            out.extend(functions(list(tokens[k : end + 1])))
            j = end + 1
        k = next_nonspace(tokens, j)
        if token_at(tokens, k) is not None and tokens[k].text == "(":
            end = match_group(tokens, k)
            if end > 0:  # \sqrt(x+1): the parens are the argument
                out.extend(in_braces(functions(list(tokens[k : end + 1]))))
                return out, end + 1, []
    # What follows the command, as a list the arguments are cut from (\\frac123 is \\frac{1}{2}3).
    rest = list(tokens[j:])
    for _ in range(2 if cmd.text in ("\\frac", "\\binom") else 1):
        arg = read_argument(rest, 0)
        if arg is None:
            return None
        out.extend(in_braces(functions(arg[0])))
        rest = [*arg[2], *rest[arg[1] :]]
    return out, len(tokens), rest


def _reciprocal(tokens: Sequence[Token], i: int) -> tuple[list[Token], int] | None:
    """``\\sech^2 x`` as ``\\frac{1}{\\cosh^{2} x}``."""
    j = i + 1
    power: list[Token] = []
    k = next_nonspace(tokens, j)
    if is_char(token_at(tokens, k), "^"):
        arg = read_argument(tokens, k + 1)
        if arg is None or arg[2]:
            return None
        power = [Token(Kind.CHAR, "^"), *in_braces(arg[0])]
        j = arg[1]
    arg2 = _function_argument(tokens, j)
    if arg2 is None:
        return None
    body = [make_cmd(RECIPROCALS[tokens[i].text]), *power, SPACE, *functions(arg2[0])]
    return [make_cmd("\\frac"), *in_braces([Token(Kind.NUMBER, "1")]), *in_braces(body)], arg2[1]
