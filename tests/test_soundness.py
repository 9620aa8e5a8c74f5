"""The default profile's 100 is a promise: what must be equal, and what must never be.

Each reading rule that makes two answers equal is tested here beside the answers it must keep
apart (issue: sound verdicts).
"""

from __future__ import annotations

import pytest

import eed
from eed import Status


def score(gt: str, pred: str) -> eed.Result:
    return eed.score(gt, pred, profile="default")


NEVER_100 = [
    # The answer is the relation, not its right-hand side.
    (r"a + 3z = 0", "0"),
    (r"a + 3z = 0", "a + 3z"),
    (r"y + 1 = -(2x - 1)^2", r"-4x^2 + 4x - 1"),
    (r"x^2 + y^2 = R^2", r"x^2 - y^2 = R^2"),
    (r"x^2 + y^2 = R^2", r"R^2"),
    # Derivatives never collapse to 0.
    (r"-\frac{\partial \ln Z}{\partial \beta}", r"\frac{\partial^2 \ln Z}{\partial \beta^2}"),
    (r"\frac{\partial \ln Z}{\partial \beta}", r"-\frac{\partial \ln Z}{\partial \beta}"),
    (r"\frac{d}{dt}(mv)", "0"),
    (r"\frac{dp}{d\rho}", r"\frac{dq}{d\rho}"),
    (r"\frac{d^2 x}{dt^2}", r"\frac{dx}{dt}"),
    # Brackets and separators.
    ("(0, 9)", "[0, 9)"),
    ("[0, 9)", "(0, 9)"),
    ("[0, 9)", "[0, 9]"),
    ("(3,331)", "3331"),
    ("(4,117,9)", "41179"),
    (r"\{1, 2\}", "(1, 2)"),
    # Undefined values equal nothing.
    ("12:00", "1:00"),
    ("0/0", r"\frac{0}{0}"),
    ("1/0", r"\frac{2}{0}"),
    # Relations: strictness and direction matter.
    ("x > 0", r"x \geq 0"),
    ("x > 0", "x < 0"),
    ("x > 0", "0 > x"),
    (r"x \geq 0", "x > 0"),
    (r"x \neq 0", "x = 0"),
    (r"x < 1", r"x \ll 1"),
    ("0 < x < 2", "0 < x < 3"),
    ("0 < x < 2", r"0 \leq x < 2"),
    ("x > 0", "0"),
    ("3", r"v \geq 3"),
    # Tautologies are no answers.
    (r"E = mc^2", "E = E"),
    (r"E = mc^2", "0 = 0"),
    (r"a + 3z = 0", "0 = 0"),
    (r"a + 3z = 0", "a = a"),
    # Offset units: 0 °C is not 0 K.
    (r"0\,^\circ\mathrm{C}", r"0\,\mathrm{K}"),
    (r"100\,^\circ\mathrm{C}", r"100\,\mathrm{K}"),
    # i is the imaginary unit only in an exponent of e.
    (r"i^2", "-1"),
    (r"e^{i\pi}", "1"),
    # Exact values that differ, however little, are different values: a negligible term is
    # not a rounding (double precision cannot tell them apart; evaluation can).
    (r"\pi", r"\pi + 10^{-30}"),
    (r"x \pi", r"x (\pi + 10^{-30})"),
    (r"x \pi", r"x \pi + 10^{-40} x"),
    (r"\frac{1}{\sqrt{-x}}", r"\frac{1}{\sqrt{-x} + 10^{-40}}"),  # complex at every point
    (r"\frac{N k \ln 2}{1 - \ln 2}", r"\frac{N k \ln 2}{1 - \ln 2} + 10^{-30}"),
    (r"\sqrt{2}", r"\frac{99}{70}"),
    ("100", r"\frac{299}{3}"),
    (r"\frac{1}{3}", r"\frac{333}{1000}"),
]


@pytest.mark.parametrize(("gt", "pred"), NEVER_100)
def test_never_100(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.score < 100.0 and r.status is not Status.EQUIVALENT, r.reason
    assert r.reason


MUST_BE_100 = [
    # Equations: rearranged, flipped, scaled.
    (r"a + 3z = 0", "a = -3z"),
    (r"a + 3z = 0", "-a - 3z = 0"),
    (r"a + 3z = 0", "2a + 6z = 0"),
    (r"x^2 + y^2 = R^2", r"R^2 = y^2 + x^2"),
    (r"y + 1 = -(2x - 1)^2", r"y = -4x^2 + 4x - 2"),
    # Inequalities either way round, scaled by a positive constant.
    ("x > 0", "0 < x"),
    ("x > 1", "2x > 2"),
    (r"x \leq 3", r"3 \geq x"),
    ("0 < x < 2", "2 > x > 0"),
    # Definitions: the value, or an equation for the name.
    (r"v = \sqrt{2gh}", r"\sqrt{2gh}"),
    (r"v = \sqrt{2gh}", r"v = \sqrt{2hg}"),
    (r"\mathbf{E}(t) = E_0 \cos(\omega t)", r"E_0 \cos(\omega t)"),
    (r"\Delta E = h \nu", r"h\nu"),
    # Derivatives: the same derivative written two ways.
    (r"-\frac{\partial \ln Z}{\partial \beta}", r"-\frac{\partial}{\partial \beta} \ln Z"),
    (r"\frac{d}{dt}(mv)", r"\frac{d}{dt}(vm)"),
    # Brackets.
    (r"\{1, 2\}", r"\{2, 1\}"),
    ("(3,331)", "(3, 331)"),
    ("3,331", "3331"),
    ("(v_1, v_2) = (3, 4)", "(3, 4)"),
    ("[0, 9)", r"\left[0, 9\right)"),
    (r"[0, 1)", r"\biggl[0, 1\biggr)"),
    # Temperatures on the absolute scale, either way round.
    (r"0\,^\circ\mathrm{C}", r"273\,\mathrm{K}"),
    (r"273\,\mathrm{K}", r"0\,^\circ\mathrm{C}"),
    (r"27\,^\circ\mathrm{C}", r"300\,\mathrm{K}"),
    (r"300\,\mathrm{K}", r"27\,^\circ\mathrm{C}"),
    (r"e^{i\pi}", "-1"),
    # Decimals round exact values; exact values written two ways are one value.
    (r"\frac{1}{3}", "0.3333"),
    (r"\sqrt{2}", "1.4142"),
    (r"\sqrt{x}", "x^{0.5}"),
    (
        r"\frac{v_0}{r_0} \frac{1}{(1 + r/r_0)^{3/2}}",
        r"\frac{v_0 (\frac{r_0}{r + r_0})^{0.5}}{r + r_0}",
    ),
    (r"\cos\frac{\pi}{12}", r"\frac{\sqrt{6}+\sqrt{2}}{4}"),
    (r"\frac{\sin 3x}{\sin x}", r"3 - 4\sin^2 x"),
]


@pytest.mark.parametrize(("gt", "pred"), MUST_BE_100)
def test_must_be_100(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.score == 100.0 and r.status is Status.EQUIVALENT, r.reason


def test_temperature_tolerance_is_symmetric() -> None:
    for a, b in [
        (r"27\,^\circ\mathrm{C}", r"301.5\,\mathrm{K}"),
        (r"25\,^\circ\mathrm{C}", r"300\,\mathrm{K}"),
        (r"9.81", r"9.5"),
        (r"100", r"99.4"),
    ]:
        assert score(a, b).score == score(b, a).score, (a, b)


def test_a_tautology_as_ground_truth_is_unsupported() -> None:
    r = score("E = E + 0", "E = E")
    assert r.score < 100 or r.method == "identical"
    r = score("0 = 0", "x = 1")
    assert r.score == 0.0


def test_derivative_keeps_its_symbols_dependent() -> None:
    from eed.latex import physics

    (expr,) = physics.parse(r"\frac{\partial \ln Z}{\partial \beta}")
    assert expr.doit() != 0


def test_a_computation_is_a_value_not_a_relation() -> None:
    r = score("2400", r"\frac{4800}{2}\,\mathrm{N} = 2400\,\mathrm{N}")
    assert r.score == 100.0
    assert score("2500", r"\frac{4800}{2} = 2400").score < 100.0


def test_a_sum_of_names_states_a_relation() -> None:
    assert score("x + y = 1", "1").score < 100.0
    assert score("x + y = 1", "y = 1 - x").score == 100.0


def test_claims_in_words_must_agree() -> None:
    gt = r"\text{Conservation of lepton number is violated in } n \rightarrow \pi^+ + e^-"
    other = r"n \rightarrow \pi^+ + e^- \text{ violates baryon number conservation}"
    r = score(gt, other)
    assert r.score < 100.0 and r.method == "prose"
    # Words on one side only are commentary around the formula.
    assert score(r"n \rightarrow \pi^+ + e^-", other).score == 100.0
    # The same words, spaced or cased otherwise, agree.
    same = r"\text{conservation of  Lepton number is violated in} n \rightarrow \pi^+ + e^-"
    assert score(gt, same).score == 100.0


def test_a_named_statement_compares_its_statement() -> None:
    gt = r"\Delta S = C_p \left( \frac{T_i}{T_f} - 1 + \ln \frac{T_f}{T_i} \right) > 0"
    pred = r"\Delta S_{tot} = C_p \ln \frac{T_f}{T_i} - \frac{C_p (T_f - T_i)}{T_f} > 0"
    assert score(gt, pred).score == 100.0
    assert score(gt, pred.replace("> 0", r"\geq 0")).score < 100.0
    assert score(gt, pred.replace("> 0", "< 0")).score < 100.0


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        (r"E = \frac{Q}{r^2} \quad (r > R)", r"E = \frac{Q}{r^2} \quad (r > R)", True),
        (r"E = \frac{Q}{r^2} \quad (r > R)", r"E = \frac{Q}{r^2} \quad (R < r)", True),
        (r"E = \frac{Q}{r^2} \quad (r > R)", r"\frac{Q}{r^2}", True),  # no condition given
        (r"E = \frac{Q}{r^2} \quad (r > R)", r"E = \frac{Q}{r^2} \quad (r < R)", False),
        (r"E = \frac{Q}{r^2} \quad (r > R)", r"E = \frac{Q}{r^2} \quad (r \geq R)", False),
    ],
)
def test_conditions_must_agree_when_both_state_one(gt: str, pred: str, full: bool) -> None:
    assert (score(gt, pred).score == 100.0) is full


def test_derivatives_of_different_order_are_different_names() -> None:
    gt = r"\frac{dP}{d\Omega} = \frac{\mu_0}{2c}(1 + \cos^2\theta)"
    assert score(gt, r"\frac{d^2 P}{d\Omega^2} = \frac{\mu_0}{2c}(1 + \cos^2\theta)").score < 100
    assert score(gt, r"\frac{\mu_0}{2c}(1 + \cos^2\theta)").score == 100.0
    assert score(gt, r"\frac{dP}{d\Omega} = \frac{\mu_0 (1 + \cos^2\theta)}{2c}").score == 100.0


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        # Newton's dots name a derivative: another order or another quantity is another name.
        (r"\dot v = -g", r"\dot x = -g", False),
        (r"\ddot x = -g", r"\dot x = -g", False),
        (r"\ddot{x}_0 = \frac{qE}{m}", r"\dddot{x}_0 = \frac{qE}{m}", False),
        (r"\dot{\theta} = \omega", r"\dot{\varphi} = \omega", False),
        (r"\dot v = -g", r"\dot{v} = -g", True),
        (r"\ddot{x}_0 = \frac{qE}{m}", r"\ddot x_0 = \frac{q E}{m}", True),
        (r"\ddot x = -g", "-g", True),
        (r"\vec{\ddot{r}} = -g\hat{z}", r"\vec{\dot{r}} = -g\hat{z}", False),
        (r"\mathbf{\ddot r} = \mathbf{F}/m", r"\mathbf{\dot r} = \mathbf{F}/m", False),
        (r"\dot{\theta}_1 = \omega", r"\dot{\theta}_2 = \omega", False),
        # Called, as functions of time.
        (r"\ddot{x}(t) = -\omega^2 x", r"\dot{x}(t) = -\omega^2 x", False),
        (r"\ddot{\theta}_1(t) = 0", r"\dot{\theta}_1(t) = 0", False),
        (r"\dot{x}(t) = 0", r"\dot{x} = 0", True),
        (r"\dot{x}(t) + x(t)", r"\dot{y}(t) + x(t)", False),
        # One quantity and order spelled another way is the same name.
        (r"\ddot{\vec r} = 0", r"\vec{\dot{\dot r}} = 0", True),
        (r"\dot{\vec r} = \vec v", r"\dot{\mathbf r} = \vec v", True),
        (r"\dot{\vec{\omega}} = 0", r"\dot{\boldsymbol{\omega}} = 0", True),
        (r"\dot{\theta}_1 = \omega", r"\dot{\theta_1} = \omega", True),
        (r"\dot{\overline{x}} = 3", r"\dot{\bar x} = 3", True),
        (r"\ddot{x} = -g", r"\dot{\dot{x}} = -g", True),
        # Against an undotted name it stays a renaming, as other names are, unless that name
        # is the quantity dotted: ``y`` is not its own acceleration.
        (r"\ddot x = -g", "a = -g", True),
        (r"\ddot y = -g", "y = -g", False),
        (r"y = -g", r"\ddot y = -g", False),
        (r"\dot x_1 = v", "x_1 = v", False),
        (r"\dot{x}_1 = v", r"x_{1} = v", False),
        (r"\dot{\vec r} = \vec v", r"\vec r = \vec v", False),
        (r"\dot{\vec r} = \vec v", r"\mathbf{r} = \vec v", False),
        (r"\dot x_1 = v", "x_2 = v", True),
        (r"m\ddot x = -kx", "m a = -kx", True),
        # As a factor of the name, too.
        (r"m\ddot x = -kx", r"m\dot x = -kx", False),
        (r"m\ddot x = -kx", r"m\ddot{x} = -k x", True),
        (r"m\ddot x = -kx", r"\ddot x m = -kx", True),
        (r"m\ddot x = -kx", r"F = -kx", True),
        (r"m\ddot x = -kx", r"m\ddot y = -kx", False),
        # Primes count as dots do; a primed name against another with as many primes, or
        # against an unprimed one or another base, is a renaming (``E'`` is often a quantity in
        # another frame).
        (r"x'' = -\omega^2 x", r"x' = -\omega^2 x", False),
        (r"x'' = -\omega^2 x", r"x''' = -\omega^2 x", False),
        (r"E' = \gamma (E - v p)", r"E'' = \gamma (E - v p)", False),
        (r"x'' = -\omega^2 x", r"x^{\prime\prime} = -\omega^2 x", True),
        (r"E' = \gamma (E - v p)", r"U' = \gamma (E - v p)", True),
        (r"E' = \gamma (U - v p)", r"E = \gamma (U - v p)", True),
        (r"E' = \gamma (E - v p)", r"E = \gamma (E - v p)", False),  # E is in the value
        (r"J'_U = (1 - r) \sigma_B T^4", r"J'' = (1 - r) \sigma_B T^4", True),  # another base
        (r"x'_1 = v_1", r"x''_1 = v_1", False),
    ],
)
def test_dotted_names_are_derivatives(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason


def test_a_tautology_is_not_a_computation() -> None:
    assert score(r"\left(\frac{\partial C_v}{\partial V}\right)_T = 0", "0 = 0").score < 100
    assert score(r"\left(\frac{\partial C_v}{\partial V}\right)_T = 0", "0").score == 100.0


def test_a_false_computation_is_not_a_value() -> None:
    assert score(r"\frac{10}{9}", r"\frac{1}{2} = \frac{10}{9}").score < 100.0
    assert score("2400", r"\frac{4800}{2} = 2400.0").score == 100.0
    assert score("18.85", r"2\pi \cdot 3 = 18.85").score == 100.0


CASES = r"V = \begin{cases} \frac{1}{2} m v^2 & \text{for } r < a, \\ 0 & \text{for } r > a. \end{cases}"


@pytest.mark.parametrize(
    ("pred", "full"),
    [
        (CASES, True),
        (CASES.replace("r < a", "a > r"), True),
        (CASES.replace("r < a", r"r \leq a"), False),
        (CASES.replace("r < a", "r > a").replace("for } r > a.", "for } r < a."), False),
    ],
)
def test_cases_conditions_must_agree(pred: str, full: bool) -> None:
    assert (score(CASES, pred).score == 100.0) is full


POINTS = r"f = \begin{cases}1 & x = 0\\0 & x \neq 0\end{cases}"


@pytest.mark.parametrize(
    ("pred", "full"),
    [
        (POINTS.replace("x = 0", "x=0"), True),
        (POINTS.replace("x = 0", "x = 1").replace(r"x \neq 0", r"x \neq 1"), False),
        (POINTS.replace("x = 0", "x = 1"), False),
    ],
)
def test_a_cases_rows_equality_is_its_condition(pred: str, full: bool) -> None:
    assert (score(POINTS, pred).score == 100.0) is full


@pytest.mark.parametrize(
    ("gt", "pred"),
    [
        (r"f(t) \approx \exp(-1.07 \times 10^{12} t)", "0"),  # underflow at every sample point
        (
            r"\frac{dP}{d\Omega} \propto \sin^2\theta",
            r"\frac{d^2 P}{d\Omega^2} \propto \sin^2\theta",
        ),
        (r"\frac{dr}{d\theta} = \pm\sqrt{r}", r"\frac{d^2 r}{d\theta^2} = \pm\sqrt{r}"),
        (
            r"\left(\frac{\partial F}{\partial M}\right)_T = \frac{1}{T} < 0",
            r"\left(\frac{\partial F}{\partial M}\right)_T = \frac{1}{T} > 0",
        ),
        (r"x \approx y << 1", r"x \approx y >> 1"),
        (
            r"\text{triplet } F = 1 \text{ is excited and singlet } F = 0 \text{ is the ground state}",
            "0",
        ),
    ],
)
def test_more_never_100(gt: str, pred: str) -> None:
    r = score(gt, pred)
    assert r.score < 100.0, r.reason


def test_cases_conditions_in_parentheses_on_their_own_lines() -> None:
    gt = "E = \n\\begin{cases} \n\\frac{qr}{R^2} , & (r < R) \\\\\n\\frac{q}{r}, & (r > R)\n\\end{cases}"
    assert score(gt, gt.replace("(r < R)", r"(r \leq R)")).score < 100.0
    assert (
        score(gt, gt.replace("(r < R)", "(r > R)").replace("(r > R)\n", "(r < R)\n")).score < 100.0
    )
    assert score(gt, gt.replace("(r < R)", "(R > r)")).score == 100.0


CHAIN = r"C_v = N_A \frac{\partial E}{\partial T} = \frac{R \varepsilon^2}{k T^2}"


@pytest.mark.parametrize(
    ("pred", "full"),
    [
        (CHAIN, True),
        (r"C_v = N_A \frac{d E}{d T} = \frac{R \varepsilon^2}{k T^2}", True),  # d for \partial
        (r"C_v = \frac{\partial E}{\partial T} N_A = \frac{R \varepsilon^2}{k T^{2}}", True),
        (r"C_v = \frac{R \varepsilon^2}{k T^2}", True),  # no chain: the value is the answer
        (r"\frac{R \varepsilon^2}{k T^2}", True),
        (r"C_v = N_A \frac{\partial^{2} E}{\partial T^{2}} = \frac{R \varepsilon^2}{k T^2}", False),
        (r"C_v = N_A \frac{\partial E}{\partial V} = \frac{R \varepsilon^2}{k T^2}", False),
        # Another quantity's derivative is a renaming, as names are (U for N_A E).
        (r"C_v = \frac{\partial U}{\partial T} = \frac{R \varepsilon^2}{k T^2}", True),
        (r"C_v = \frac{\partial (N_A E)}{\partial T} = \frac{R \varepsilon^2}{k T^2}", True),
        # A step more, with the same derivative in it, is the same chain.
        (
            r"C_v = N_A \frac{\partial E}{\partial T} = N_A \frac{\partial^2 F}{\partial T^2} "
            r"= \frac{R \varepsilon^2}{k T^2}",
            True,
        ),
    ],
)
def test_chain_sides_with_other_derivatives_are_other_quantities(pred: str, full: bool) -> None:
    r = score(CHAIN, pred)
    assert (r.score == 100.0) is full, r.reason


def test_a_chain_opening_on_a_derivative_keeps_it() -> None:
    gt = r"-\frac{\partial E}{\partial B} = -\frac{e^2 B}{4 m c^2} \sum_i r_i^2 = \chi B"
    assert score(gt, gt).score == 100.0
    assert (
        score(gt, gt.replace(r"\partial E}{\partial B}", r"\partial^2 E}{\partial B^2}")).score
        < 100
    )
    assert score(gt, r"\chi B").score == 100.0


ALPHA = (
    r"E_d > 0 \text{ for } \alpha\text{-decay (for } A \geq 150\text{); } "
    r"-\varepsilon < 0 \text{ for proton-decay}"
)
WHERE = r"E = \frac{kQ}{r^2} \text{ for } r > R \text{, where } k = \frac{1}{4\pi\epsilon_0}"
GAS = (
    r"\Delta T = 0 \text{ for an ideal gas;} \quad \Delta T = -\frac{b\Delta p}{c_p}"
    r" \text{ for a non-ideal gas, where } \Delta T > 0"
)


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        (ALPHA, ALPHA, True),
        (ALPHA, ALPHA.replace(r"\geq", r"\ge"), True),
        (ALPHA, ALPHA.replace(r"A \geq 150", "A > 150"), False),
        (ALPHA, ALPHA.replace(r"A \geq 150", r"A \leq 150"), False),
        (ALPHA, ALPHA.replace(r"-\varepsilon < 0", r"-\varepsilon > 0"), False),
        (GAS, GAS, True),
        (GAS, GAS.replace(r"\Delta T > 0", r"0 < \Delta T"), True),
        (GAS, GAS.replace(r"\Delta T > 0", r"\Delta T \geq 0"), False),
        (GAS, GAS.replace(r"\Delta T > 0", r"\Delta T < 0"), False),
        (r"v = 5 \text{ for } t > 0", r"v = 5 \text{ when } t > 0", True),
        (r"v = 5 \text{ for } t > 0", r"v = 5", True),  # no condition given
        (r"v = 5 \text{ for } t > 0", r"v = 5 \text{ for } t < 0", False),
        (r"v = 5 \text{ for } t > 0", r"v = 5 \quad (t < 0)", False),
        # A definition among the conditions is no condition, and does not hide the others.
        (WHERE, WHERE, True),
        (WHERE, WHERE.replace("r > R", "r < R"), False),
        (WHERE, WHERE.replace("r > R", r"r \geq R"), False),
        (WHERE, WHERE.replace(r"\frac{1}{4\pi\epsilon_0}", r"\frac{1}{4\pi\varepsilon_0}"), True),
        # The condition's math may sit inside its words, in dollars.
        (r"v = 5 \text{ for $t > 0$}", r"v = 5 \text{ for $t > 0$}", True),
        (r"v = 5 \text{ for $t > 0$}", r"v = 5 \text{ when } t > 0", True),
        (r"v = 5 \text{ for $t > 0$}", r"v = 5", True),
        (r"v = 5 \text{ for $t > 0$}", r"v = 5 \text{ for $t < 0$}", False),
        (r"v = 5 \text{ for $t > 0$}", r"v = 5 \text{ for } t \geq 0", False),
        (r"v = 5 \text{ for $t > 0$ and $x < 1$}", r"v = 5 \text{ for $t > 0$ and $x > 1$}", False),
        (r"v = 5 \text{ where $k = 2$}", r"v = 5 \text{ where $k = 3$}", True),  # a definition
        (r"v = 5 \text{ for \(t > 0\)}", r"v = 5 \text{ for \(t < 0\)}", False),
        (r"v = 5 \text{ for \(t > 0\)}", r"v = 5 \text{ for $t > 0$}", True),
        # A later part of the condition, in math inside words; a relation in plain words.
        (
            r"v = 5 \text{ for } t > 0 \text{ and $x < 1$}",
            r"v = 5 \text{ for } t > 0 \text{ and $x > 1$}",
            False,
        ),
        (
            r"v = 5 \text{ for } t > 0 \text{ and $x < 1$}",
            r"v = 5 \text{ for } t > 0 \text{ and } x < 1",
            True,
        ),
        (r"v = 5 \text{ for t > 0}", r"v = 5 \text{ for t < 0}", False),
        (r"v = 5 \text{ for t > 0}", r"v = 5 \text{ for } t < 0", False),
        (r"v = 5 \text{ for t > 0}", r"v = 5 \text{ for } t > 0", True),
        (r"v = 5 \text{ for all t > 0}", r"v = 5 \text{ for } t > 0", True),
        (r"v = 5 \text{ if x_1 >= 2}", r"v = 5 \text{ if } x_1 \geq 2", True),
        (r"v = 5 \text{ if x_1 >= 2}", r"v = 5 \text{ if } x_1 > 2", False),
        (r"v = 5 \text{ for t > 0}", r"v = 5", True),
        (r"v = 5 \text{ for example 3 cases}", r"v = 5", True),  # no relation in the words
        # Words that only say the answer holds there may come before the condition word.
        (r"v = 5 \text{ (valid for \(t > 0\))}", r"v = 5 \text{ (valid for \(t < 0\))}", False),
        (r"v = 5 \text{ (valid for \(t > 0\))}", r"v = 5 \text{ for } t > 0", True),
        (r"v = 5 \text{ valid for } t > 0", r"v = 5 \text{ for } t < 0", False),
        (r"v = 5 \text{ only if } a > b", r"v = 5 \text{ if } a < b", False),
        (r"v = 5 \text{ valid for } t > 0", r"v = 5", True),
        ("v = 5", r"\text{(valid for part a) } v = 5", True),
        # Conditions in words have no order.
        (
            r"v = 5 \text{ for } t > 0 \text{ and $x < 1$}",
            r"v = 5 \text{ for } x < 1 \text{ and } t > 0",
            True,
        ),
        (
            r"v = 5 \text{ for } t > 0 \text{ and $x < 1$}",
            r"v = 5 \text{ for } x < 1 \text{ and } t < 0",
            False,
        ),
        (r"v = 5 \text{ for } t > 0 \text{ and $x < 1$}", r"v = 5 \text{ for } x < 1", False),
        # Validity words and plain words with units, fractions, much-less-than.
        (r"E = 5 \text{ valid for t > 0}", r"E = 5 \text{ valid for t < 0}", False),
        (r"E = 5 \text{ only if t > 0}", r"E = 5 \text{ only if t < 0}", False),
        (r"E = 5 \text{ for t > 2 s}", r"E = 5 \text{ for t < 2 s}", False),
        (r"E = 5 \text{ for x > a/2}", r"E = 5 \text{ for x < a/2}", False),
        (r"E = 5 \text{ for v << c}", r"E = 5 \text{ for v >> c}", False),
        (r"E = 5 \text{ for v << c}", r"E = 5 \text{ for } v \ll c", True),
        # Validity words before any math label it; they set no condition on it.
        (r"T = 2\pi\sqrt{L/g}", r"\text{Valid for small angles: } T = 2\pi\sqrt{L/g}", True),
        ("v = 3", r"\text{True for both cases: } v = 3", True),
        ("k > 2", r"\text{only if } k > 2", True),
        # So do condition words before any math, closed by a colon.
        (r"T = 2\pi\sqrt{L/g}", r"\text{For small angles: } T = 2\pi\sqrt{L/g}", True),
        (r"T = 2\pi\sqrt{L/g}", r"\text{For small angles: } T = 2\pi\sqrt{g/L}", False),
        ("v = 5", r"\text{For part (b):} v = 6", False),
        ("v = 5", r"\text{When released:} v = 5", True),
        # A label's own relation is the condition; one that cannot be read leaves the words a
        # condition on what follows (the answer is not read).
        (r"E = 0 \text{ for } r < R", r"\text{For r > R: } E = 0", False),
        (r"E = 0 \text{ for } r < R", r"\textbf{If r > R:} E = 0", False),
        (r"v = 0 \text{ at } t = 0", r"\text{At t = 1: } v = 0", False),
        (r"x = 2 \text{ for } t > 0", r"\text{For t<0 we have: } x = 2", False),
        (r"\text{For r > R: } E = \frac{kQ}{r^2}", r"\text{For r < R: } E = \frac{kQ}{r^2}", False),
        (r"\text{When t = 0: } v = v_0", r"\text{When t = 1: } v = v_0", False),
        (r"E = 0 \text{ for } r > R", r"\text{For r > R: } E = 0", True),
        (r"E = 0 \text{ for } r > R", r"\text{For $r > R$: } E = 0", True),
        (r"v = 0 \text{ at } t = 0", r"\text{At t = 0: } v = 0", True),
        # An equality in plain words after a word that sets a condition.
        (r"x = 2 \text{ for } n = 1", r"x = 2 \text{ for n = 2}", False),
        (r"x = 2 \text{ at } t = 1", r"x = 2 \text{ at t=2}", False),
        (r"x = 2 \text{ for } n = 1", r"x = 2 \text{ for n = 1}", True),
        (r"v = 5 \text{ where } k = 2", r"v = 5 \text{ where k = 3}", True),
        # Commentary after a condition is not part of it.
        (r"E = 5 \text{ for } t>0 \text{, which gives $E > 0$}", r"E = 5 \text{ for } t>0", True),
        (
            r"v = \sqrt{2gh} \text{ for } h > 0 \text{ (note that $v > 0$)}",
            r"v = \sqrt{2gh} \text{ for } h > 0",
            True,
        ),
        (r"E = 5 \text{ for } t>0", r"E = 5 \text{ for } t>0 \text{, so $E > 0$}", True),
        (
            r"v = \sqrt{2gh} \text{ for } h > 0",
            r"v = \sqrt{2gh} \text{ for } h > 0 \text{ (so $v > 0$)}",
            True,
        ),
        # A membership in one interval states the links of its chain.
        (r"f = x^2 \text{ for } x \in (0,1)", r"f = x^2 \text{ for } x \in (1,2)", False),
        (r"f = x^2 \text{ for } x \in (0,1)", r"f = x^2 \text{ for } x \in (0,2)", False),
        (r"f = x^2 \text{ for $x \in (0,1)$}", r"f = x^2 \text{ for $x \in (1,2)$}", False),
        (r"f = x^2 \text{ for } x \in (0,1)", r"f = x^2 \text{ for } 0 < x < 1", True),
        (r"f = x^2 \text{ for } x \in (0,1)", r"f = x^2", True),
        (r"f = k\pi \text{ where } k \in \mathbb{Z}", r"f = k\pi", True),
        # A half-open interval's comma does not split the answer.
        (r"f = x^2 \text{ for } x \in (0,1)", r"f = x^2 \text{ for } x \in (0,1]", False),
        (r"f = x^2 \text{ for } x \in (0,1]", r"f = x^2 \text{ for } x \in (0,2]", False),
        (r"f = x^2 \text{ for } x \in (0,1]", r"f = x^2 \text{ for } 0 < x \leq 1", True),
        (
            r"f = x^2 \text{ for } x \in [0,1)",
            r"f = x^2 \text{ for } x \in \left[0, 1\right)",
            True,
        ),
        # Punctuation before the condition's word: its math inside the words is read, but the
        # words open no condition on the math after them (a label, "(for part a)", or "i.e.").
        (r"v = 5 \text{, for $t > 0$}", r"v = 5 \text{, for $t < 0$}", False),
        (r"v = 5 \text{ (for $t > 0$)}", r"v = 5 \text{ (for $t < 0$)}", False),
        (r"v = 5 \text{ (for $t > 0$)}", r"v = 5", True),
        (r"v = 5 \text{, for } t > 0", r"v = 5 \text{, for } t < 0", False),
        (r"v = 5 \text{ for } t > 0", r"v = 5 \text{(for } t<0)", False),
        ("v = 5", r"\text{(for part a) } v = 5", True),
        ("10", r"10 \text{, i.e. } 12", False),
        ("v = 10", r"v_0 = 10 \text{ (so } v = 12\text{)}", False),
        # After a word that sets a condition (for, at, when, if), an equality is one: it says
        # where the answer holds, not what a symbol stands for (``where k = 2`` above).
        (r"x = 1 \text{ for } t \neq 0", r"x = 1 \text{ for } t = 0", False),
        (r"x = 1 \text{ for } t = 0", r"x = 1 \text{ for } t = 1", False),
        (
            r"T = \frac{mg}{2} \text{ at } \theta = 0",
            r"T = \frac{mg}{2} \text{ at } \theta = \pi",
            False,
        ),
        (r"v = 5 \text{ at $t = 0$}", r"v = 5 \text{ at $t = 2$}", False),
        (r"x = 1 \text{ for } t = 0", r"x = 1 \text{ at } t = 0", True),
        (r"x = 1 \text{ if } n = 1", r"x = 1 \text{ when } n = 1", True),
        (r"v = 5 \text{ at $t = 0$}", r"v = 5 \text{ at } t = 0", True),
        (r"x = 1 \text{ for } t = 0", "x = 1", True),  # no condition given
        (r"x = 1 \text{ for } t > 0 \text{ and } n = 1", r"x = 1 \text{ for } t > 0", False),
        (r"E = mc^2 \text{ with } m = 2", r"E = mc^2 \text{ with } m = 3", True),  # a definition
        # Parts joined by "or" are alternatives: the answer holds where any of them does.
        (
            r"x = 1 \text{ for } t > 0 \text{ or } t < -1",
            r"x = 1 \text{ for } t > 0 \text{ and } t < -1",
            False,
        ),
        (
            r"x = 1 \text{ for $t > 0$ or $t < -1$}",
            r"x = 1 \text{ for $t > 0$ and $t < -1$}",
            False,
        ),
        (r"x = 1 \text{ for } t > 0 \text{ or } t < -1", r"x = 1 \text{ for } t > 0", False),
        (
            r"x = 1 \text{ for } t > 0 \text{ or } t < -1",
            r"x = 1 \text{ for } t < -1 \text{ or } t > 0",
            True,
        ),
        (
            r"x = 1 \text{ for } t > 0 \text{ or } t < -1",
            r"x = 1 \text{ for $t < -1$ or $t > 0$}",
            True,
        ),
        # "and" and "or" between points say the same; "or" that restates is no alternative.
        (
            r"y = 0 \text{ at } x = 0 \text{ and } x = L",
            r"y = 0 \text{ at } x = 0 \text{ or } x = L",
            True,
        ),
        (
            r"x = 1 \text{ for } 0<t<1",
            r"x = 1 \text{ for } 0<t<1 \text{ (or equivalently } t \in (0,1))",
            True,
        ),
        # Logical joins in math: ``\lor`` joins alternatives, ``\land`` parts that all hold.
        (
            r"x = 1 \text{ for } t < 0 \text{ and } t > -5",
            r"x = 1 \text{ for } t < 0 \lor t > -5",
            False,
        ),
        (
            r"x = 1 \text{ for } t < 0 \text{ or } t > 5",
            r"x = 1 \text{ for } t < 0 \vee t > 5",
            True,
        ),
        (
            r"x = 1 \text{ for } t < 0 \text{ and } x > 5",
            r"x = 1 \text{ for } t < 0 \land x > 5",
            True,
        ),
        (
            r"x = 1 \text{ for } t < 0 \text{ and } x > 5",
            r"x = 1 \text{ for } t < 0 \land x < 5",
            False,
        ),
        # Words that set a closing condition, inside its parentheses.
        (r"x = 2 \text{ at } t = 0", r"x = 2 \quad (\text{at } t = 1)", False),
        (r"x = 2 \text{ at } t = 0", r"x = 2 \quad (\text{at } t = 0)", True),
        (r"x = 2 \quad (\text{for } t > 0)", r"x = 2 \quad (\text{for } t < 0)", False),
        (r"x = 2 \quad (\text{for } t > 0)", r"x = 2 \text{ for } t > 0", True),
        # ``unless`` negates its link.
        (r"x = 2 \text{ unless } y = 3", r"x = 2 \text{ if } y = 3", False),
        (r"x = 2 \text{ unless } y > 3", r"x = 2 \text{ if } y > 3", False),
        (r"x = 2 \text{ unless } y > 3", r"x = 2 \text{ if } y \leq 3", True),
        (r"x = 2 \text{ if } y \neq 3", r"x = 2 \text{ unless } y = 3", True),
        (r"x = 2 \text{ for $t>0$ unless $y = 3$}", r"x = 2 \text{ for $t>0$ if $y = 3$}", False),
        # A limit of any quantity.
        (r"E = 0 \text{ for } v/c \to 0", r"E = 0 \text{ for } v/c \to 1", False),
        (r"E = 0 \text{ for } v/c \to 0", r"E = 0 \text{ as } v/c \to 0", True),
        # A limit is a condition at its point: another point, the other infinity or a value
        # there is another condition.
        (r"E = 0 \text{ as } r \to \infty", r"E = 0 \text{ as } r \to 0", False),
        (r"E = 0 \text{ as } r \to \infty", r"E = 0 \text{ as } r \to -\infty", False),
        (r"E = 0 \text{ for } x \to 1", r"E = 0 \text{ for } x \to 2", False),
        (r"E = 0 \text{ for } x \to 0", r"E = 0 \text{ for } x = 0", False),
        (r"E = 0 \text{ for } v \to c", r"E = 0 \text{ for } v \ll c", False),
        (r"E = 0 \text{ as } r \to \infty", r"E = 0 \text{ as } r \rightarrow +\infty", True),
        (r"E = 0 \text{ for } v \to c", r"E = 0 \text{ when } v \to c", True),
        (r"E = 0 \text{ for } x \to 1", "E = 0", True),  # no condition given
        (r"E = 0 \text{ for } x \to 0^+", r"E = 0 \text{ for } x \to 0^-", False),
        (r"E = 0 \text{ for } x \to 0^+", r"E = 0 \text{ for } x \to 0", False),
        (r"E = 0 \text{ for } x \to 0^+", r"E = 0 \text{ for } x \to 1", False),
        (r"E = 0 \text{ for } x \to 0^+", r"E = 0 \text{ for } x \to 0^{+}", True),
    ],
)
def test_relations_after_a_condition_in_words_must_agree(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason


LAMB = r"E_m, E_D, E_{so} > \text{Lamb shift} \gtrsim \text{Hyperfine structure}"


@pytest.mark.parametrize(
    ("pred", "full"),
    [
        (LAMB, True),
        (LAMB.replace(">", r"\gt"), True),
        (LAMB.replace("Lamb", "lamb"), True),
        (LAMB.replace("Lamb", "the Lamb"), True),
        (LAMB.replace("E_{so}", r"E_{\text{so}}"), True),  # a subscript's text is no claim
        (LAMB.replace(">", r"\geq"), False),
        (LAMB.replace(">", "<"), False),
        (LAMB.replace(r"\gtrsim", ">"), False),
        (r"E_m, E_D, E_{so}", False),  # the relations to words are dropped
        (r"E_m, E_D, E_{so} > \text{Hyperfine structure} \gtrsim \text{Lamb shift}", False),
        (r"E_m, E_D, E_{so} > \text{Zeeman shift} \gtrsim \text{Hyperfine structure}", False),
    ],
)
def test_relations_to_words_must_agree(pred: str, full: bool) -> None:
    r = score(LAMB, pred)
    assert (r.score == 100.0) is full, r.reason


INTEGRAL = r"\varphi = \int_{r_3}^{\infty} \frac{Q}{4\pi\varepsilon_0 r^2} dr"


@pytest.mark.parametrize(
    ("pred", "full"),
    [
        (r"\frac{Q}{4\pi\varepsilon_0 r_3}", True),
        (r"\int_{r_3}^{\infty} \frac{Q}{4\pi\varepsilon_0 r^2} \, dr", True),
        (r"\infty", False),  # read as a product d r, the integral ran over nothing and diverged
        ("0", False),
        (r"\frac{Q}{4\pi\varepsilon_0 r_3^2}", False),
    ],
)
def test_the_differential_closing_an_integral_is_its_variable(pred: str, full: bool) -> None:
    r = score(INTEGRAL, pred)
    assert (r.score == 100.0) is full, r.reason


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        # Between vectors, x is the cross product: the order is its sign.
        (r"\vec\tau = \vec r \times \vec F", r"\vec\tau = \vec F \times \vec r", False),
        (r"\vec\tau = \vec r \times \vec F", r"\vec\tau = -\vec F \times \vec r", True),
        (r"\vec\tau = \vec r \times \vec F", r"\vec r \times \vec F", True),
        (r"\vec F = q \vec v \times \vec B", r"\vec F = q \vec B \times \vec v", False),
        (r"\vec F = q \vec v \times \vec B", r"\vec F = -q \vec B \times \vec v", True),
        (
            r"\mathbf{F} = q\mathbf{v}\times\mathbf{B}",
            r"\mathbf{F} = q(\mathbf{v}\times\mathbf{B})",
            True,
        ),
        (r"\vec L = m \vec r \times \vec v", r"\vec L = \vec r \times m \vec v", True),
        (r"\vec L = m \vec r \times \vec v", r"\vec L = m \vec v \times \vec r", False),
        # and the dot is the inner product: a scalar, in either order, never the cross product.
        (r"\vec\tau = \vec r \times \vec F", r"\vec\tau = \vec r \cdot \vec F", False),
        (r"W = \vec F \cdot \vec d", r"W = \vec d \cdot \vec F", True),
        (r"W = \vec F \cdot \vec d", r"W = \vec F \times \vec d", False),
        (r"\vec F = q\mathbf{v}\times\mathbf{B}", r"\vec F = q\mathbf{v}\cdot\mathbf{B}", False),
        # Curl and divergence are different operations, on either side of an equation.
        (
            r"\nabla \times \vec E = -\frac{\partial \vec B}{\partial t}",
            r"\nabla \cdot \vec E = -\frac{\partial \vec B}{\partial t}",
            False,
        ),
        (
            r"\nabla \cdot \vec E = \frac{\rho}{\epsilon_0}",
            r"\nabla \times \vec E = \frac{\rho}{\epsilon_0}",
            False,
        ),
        (
            r"\nabla \cdot \vec E = \frac{\rho}{\epsilon_0}",
            r"\nabla \cdot \vec E = \frac{\rho}{\epsilon_0}",
            True,
        ),
        # Linear in each operand; a differential stays inside its integral.
        (
            r"\vec r \times (\vec F_1 + \vec F_2)",
            r"\vec r \times \vec F_1 + \vec r \times \vec F_2",
            True,
        ),
        (r"\vec r \times (m \vec v)", r"m \vec r \times \vec v", True),
        (r"\vec r \times (-\vec F)", r"-\vec r \times \vec F", True),
        (r"\vec r \times (-\vec F)", r"\vec r \times \vec F", False),
        (r"\vec r \times \frac{\vec p}{m}", r"\frac{\vec r \times \vec p}{m}", True),
        (r"\vec r \times \frac{1}{2} \vec v", r"\frac{1}{2} \vec r \times \vec v", True),
        (r"\vec F = q\vec v \times \vec B", r"\vec F = q \cdot \vec v \times \vec B", True),
        (r"\vec F = q \cdot \vec v \times \vec B", r"\vec F = q \cdot \vec B \times \vec v", False),
        (
            r"\vec S = \frac{1}{\mu_0}\vec E \times \vec B",
            r"\vec S = \vec E \times \vec B \cdot \frac{1}{\mu_0}",
            True,
        ),
        (
            r"\vec S = \vec E \times \vec B \cdot \frac{1}{\mu_0}",
            r"\vec S = \vec B \times \vec E \cdot \frac{1}{\mu_0}",
            False,
        ),
        (r"\vec a \cdot \vec a", r"|\vec a|^2", True),
        (r"W = \int_a^b \vec F \cdot d\vec r", r"W = \int_a^b \vec F \cdot d\vec r \,", True),
        (r"6 \times 10^3", r"\mathbf{6} \times \mathbf{10^{3}}", True),
        (r"\vec r \times \dot{\vec r}", r"\dot{\vec r} \times \vec r", False),
        (r"\vec F = q\dot{\vec r} \times \vec B", r"\vec F = q\vec B \times \dot{\vec r}", False),
        (
            r"\vec S = \frac12\vec E \times \vec H^*",
            r"\vec S = \frac12\vec H^* \times \vec E",
            False,
        ),
        # Triple products are left as products (nested calls cannot be read): equivalent
        # orders still agree.
        (r"\vec a \cdot (\vec b \times \vec c)", r"\vec b \cdot (\vec c \times \vec a)", True),
        (r"\vec a \cdot (\vec b \times \vec c)", r"(\vec a \times \vec b) \cdot \vec c", True),
        # From a second review: an operator identity keeps a x a; bold vectors take their
        # scalars out; a product inside a fraction operand leaves the element whole; a sum
        # dotted with itself is its square; a magnitude is a scalar; elements are read apart.
        (r"\vec L \times \vec L = i\hbar \vec L", r"\vec L \times \vec L = -i\hbar \vec L", False),
        (
            r"\vec v = \vec\omega \times \frac{\vec r \times \vec v}{r^2}",
            r"\vec v=\vec\omega\times\frac{\vec r\times\vec v}{r^2}",
            True,
        ),
        (
            r"\mathbf L = \mathbf r \times (m\mathbf v)",
            r"\mathbf L = m\,\mathbf r \times \mathbf v",
            True,
        ),
        (r"\mathbf v \times (-q\mathbf B)", r"-q\mathbf v \times \mathbf B", True),
        (r"\mathbf{r} \times \frac{\mathbf p}{m}", r"\frac{1}{m}\mathbf r \times \mathbf p", True),
        (
            r"(\mathbf a + m\mathbf b) \times \mathbf c",
            r"\mathbf a \times \mathbf c + m\mathbf b \times \mathbf c",
            True,
        ),
        (r"(\vec r_1 - \vec r_2)\cdot(\vec r_1 - \vec r_2)", r"|\vec r_1 - \vec r_2|^2", True),
        (r"\vec p = m|\vec v|\hat x", r"\vec p = \hat x \cdot (m|\vec v|)", True),
        (r"\vec B = \frac{|\vec E|}{c}\hat z", r"\vec B = \hat z \cdot \frac{|\vec E|}{c}", True),
        (
            r"\vec\tau = \vec r \times \vec F, \; W = \int F\,dx",
            r"\vec\tau = \vec F \times \vec r, \; W = \int F\,dx",
            False,
        ),
        # Numbers and unmarked letters keep x and the dot as multiplication.
        (r"3 \times 10^8", r"3 \cdot 10^8", True),
        (r"F = m \times a", r"F = m a", True),
    ],
)
def test_vector_products_keep_their_kind_and_order(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        (r"F \propto r^2", r"F \propto r^2", True),
        (r"F \propto r^{-2}", r"F \propto \frac{1}{r^2}", True),
        (r"F \propto r^2", r"G \propto r^2", True),  # another name, as everywhere
        (r"F \propto r^2", r"r^2", True),  # a bare value states no relation
        # A proportionality states less than an equality, and an equality more than it.
        (r"E = m c^2", r"E \propto m c^2", False),
        (r"m c^2", r"E \propto m c^2", True),  # the value, as a bare ground truth gives it
        (r"F \propto r^2", r"F = r^2", False),
        (r"F \propto r^2", r"F \propto r^3", False),
        # Element by element, and in both branches of a sign.
        (r"F \propto x^2, \; G \propto y", r"F = x^2, \; G = y", False),
        (r"E = mc^2, \; p = mv", r"E \propto mc^2, \; p \propto mv", False),
        (r"E = \pm mc^2", r"E \propto \pm mc^2", False),
        # ``\sim`` may say either: of the order of, or scaling as.
        (r"P \propto T^4", r"P \sim T^4", True),
        (r"\tau \sim \frac{L}{v}", r"\tau \propto \frac{L}{v}", True),
        # A proportionality says nothing of a positive number factor; a symbol, a negative
        # number or another name's derivative is another statement.
        (r"F \propto x^2", r"F \propto 3x^2", True),
        (r"F \propto x^2", r"F \propto \frac{x^2}{2}", True),
        (r"F \propto x^2", r"F \propto -x^2", False),
        (r"F \propto x", r"F \propto -3x", False),
        (r"F \propto x^2", r"F \propto m x^2", False),
        (r"F \propto x^2", r"F \propto 3x^3", False),
        (r"F \propto x^2", r"F = 3x^2", False),
        (r"F = x^2", r"F \propto 3x^2", False),
        (r"x^2", r"F \propto 3x^2", False),
        (r"\frac{dF}{dt} \propto x^2", r"F \propto 3x^2", False),
        # Only the values may differ by the factor: a chain, a unit, a link stay checked.
        (r"F \propto x^2 \gg 1", r"F \propto 3x^2 \ll 1", False),
        (r"F \propto x^2", r"F \propto 3x^2 > 0", False),
        (r"F \propto x^2", r"F \propto 3x^2\,\text{kg}", False),
        (
            r"\Delta E \propto x^2 > \text{Lamb shift}",
            r"\Delta E \propto 2x^2 < \text{Lamb shift}",
            False,
        ),
    ],
)
def test_a_proportionality_is_not_an_equality(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        # A new name that the value is written in makes another equation, not a renaming.
        (
            r"\lambda' = \lambda + \frac{h}{mc}(1-\cos\theta)",
            r"\lambda = \lambda + \frac{h}{mc}(1-\cos\theta)",
            False,
        ),
        (r"x'' = -\omega^2 x", r"x = -\omega^2 x", False),
        (r"\ddot\theta = -\frac{g}{L}\sin\theta", r"\theta = -\frac{g}{L}\sin\theta", False),
        (r"v = v_0 + a t", r"v_0 = v_0 + at", False),
        # Fresh names, and the arguments of a function's name, are renamings.
        (
            r"\lambda' = \lambda + \frac{h}{mc}(1-\cos\theta)",
            r"\lambda_f = \lambda + \frac{h}{mc}(1-\cos\theta)",
            True,
        ),
        (r"\ddot\theta = -\frac{g}{L}\sin\theta", r"\alpha = -\frac{g}{L}\sin\theta", True),
        (r"m\ddot x = -kx", r"F = -kx", True),
        (r"I = I_0 e^{-t/\tau}", r"I(t) = I_0 e^{-t/\tau}", True),
        (r"E = \hbar\omega", r"E(\omega) = \hbar\omega", True),
        (r"p = \sqrt{2mE}", r"mv = \sqrt{2mE}", True),
        (r"x(t) = x_0 + v t", r"x = x_0 + vt", True),
        # latex2sympy reads E(r) as the product E r: its r is the function's variable.
        (r"E = \frac{Q}{4 \pi \epsilon_0 r^2}", r"E(r) = \frac{Q}{4\pi\varepsilon_0 r^2}", True),
    ],
)
def test_a_renaming_is_a_fresh_name(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason


@pytest.mark.parametrize(
    "pred",
    [
        r"x \in (0,1), y \in (1, 3)",
        r"x \in [0,1), y \in (1, 3]",
        r"x \in (0,1), y \in \{3\}",
        r"x \in (5,6), y \in (7, 8)",
    ],
)
def test_a_list_of_memberships_is_never_a_free_100(pred: str) -> None:
    # SymPy evaluates ``Eq(x, Interval(0, 1))`` to False, so such elements once all matched.
    r = score(r"x \in (0,1), y \in (1, 2)", pred)
    assert r.score < 100.0, r.reason


@pytest.mark.parametrize(
    ("gt", "pred"),
    [
        (r"x \in (0, 1), y \in (1, 2)", r"x\in(0,1), y\in(1,2)"),
        (r"a \in [0, 1), b \in (2, 3]", r"a\in[0,1), b\in(2,3]"),
        (r"f(x) = x^2, x \in [0, 1]", r"f(x)=x^2, x\in[0,1]"),
        (r"a = 1, b \in (0, \infty)", r"a = 1, b\in(0,\infty)"),
    ],
)
def test_a_list_of_memberships_compares_each_set(gt: str, pred: str) -> None:
    assert score(gt, pred).score == 100.0


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        # Named values pair by name, in a set too: a set of equations is no set of values.
        ("x = 1, y = 2", "{x = 2, y = 1}", False),
        ("x = 1, y = 2", r"\{x = 2, y = 1\}", False),
        ("a = 2, b = -3", r"\boxed{{a = -3, b = 2}}", False),
        ("{T_1 = 300, T_2 = 600}", "T_1 = 600, T_2 = 300", False),
        ("x = 1, y = 2", r"\{y = 2, x = 1\}", True),
        ("x = 1, y = 2", "{x = 1, y = 2}", True),
        # A name whose value is a point or a set still names it.
        (r"P = (1,2), Q = (3,4)", r"P = (3,4), Q = (1,2)", False),
        (r"P = (1,2), Q = (3,4)", r"Q = (3,4), P = (1,2)", True),
        (r"P = (1,2), Q = (3,4)", r"P=(1, 2), Q=(3, 4)", True),
        (r"A = \{1,2\}, B = \{3,4\}", r"A = \{3,4\}, B = \{1,2\}", False),
    ],
)
def test_named_values_in_braces_pair_by_name(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason


ROWS = r"\begin{cases} 1 & x \in (0,1) \\ 0 & x \in (2,3) \end{cases}"
OTHERWISE = r"\begin{cases}1 & x = 0\\0 & x \neq 0\end{cases}"


@pytest.mark.parametrize(
    ("gt", "pred", "full"),
    [
        # A row's membership is read (its comma is no punctuation to drop).
        (ROWS, ROWS.replace("(2,3)", "(2,5)"), False),
        (ROWS, r"\begin{cases} 1 & 0 < x < 1 \\ 0 & 2 < x < 3 \end{cases}", True),
        (
            r"\begin{cases}1 & x<0.5\\0 & x \geq 0.5\end{cases}",
            r"\begin{cases}1 & x<0.5,\\0 & x \geq 0.5.\end{cases}",
            True,
        ),
        (
            r"\begin{cases}1 & x<0.5\\0 & x \geq 0.5\end{cases}",
            r"\begin{cases}1 & x<0.6\\0 & x \geq 0.6\end{cases}",
            False,
        ),
        # ``otherwise`` is the other row's negation, or only another ``otherwise``.
        (OTHERWISE, OTHERWISE.replace(r"x \neq 0", r"\text{otherwise}"), True),
        (
            OTHERWISE,
            OTHERWISE.replace("x = 0", "x = 1").replace(r"x \neq 0", r"\text{otherwise}"),
            False,
        ),
        (
            r"\begin{cases}1 & x<0 \\ 2 & 0 \le x < 1 \\ 3 & \text{otherwise}\end{cases}",
            r"\begin{cases}1 & x<0 \\ 2 & 0 \le x < 1 \\ 3 & \text{else}\end{cases}",
            True,
        ),
        # ``unless`` over several links: each is negated, "and" and "or" trade places; a link
        # it cannot negate keeps its text, so only the same text matches.
        (r"P = 0 \text{ unless } -a < x < a", r"P = 0 \text{ unless } -2a < x < 2a", False),
        (
            r"P = 0 \text{ unless } -a < x < a",
            r"P = 0 \text{ for } x \leq -a \text{ or } x \geq a",
            True,
        ),
        (
            r"P = 0 \text{ unless } -a < x < a",
            r"P = 0 \text{ for } x \leq -a \text{ and } x \geq a",
            False,
        ),
        (r"f = 0 \text{ unless } x \in (0, 1)", r"f = 0 \text{ unless } x \in (0, 2)", False),
        # A membership's two links, negated, are alternatives.
        (
            r"f = 0 \text{ unless } x \in (0, 1)",
            r"f = 0 \text{ for } x \leq 0 \text{ or } x \geq 1",
            True,
        ),
        (
            r"f = 0 \text{ unless } x \in (0, 1)",
            r"f = 0 \text{ for } x \leq 0 \text{ and } x \geq 1",
            False,
        ),
        (r"f = 0 \text{ unless } x \gg 1", r"f = 0 \text{ unless } x \ll 1", False),
        (r"f = 0 \text{ unless } x \to 0", r"f = 0 \text{ unless } x \to 1", False),
        (r"f = 0 \text{ unless } x \gg 1", r"f = 0 \text{ unless } x \gg 1 ", True),
        (
            r"a_n = 0 \text{ unless } n = 1 \text{ or } n = 2",
            r"a_n = 0 \text{ for } n \neq 1 \text{ and } n \neq 2",
            True,
        ),
        (
            r"a_n = 0 \text{ unless } n = 1 \text{ or } n = 2",
            r"a_n = 0 \text{ for } n \neq 1 \text{ or } n \neq 2",
            False,
        ),
        (
            r"x = 2 \text{ for } t > 0 \text{ unless } y = 3",
            r"x = 2 \text{ for } t > 0 \text{ and } y \neq 3",
            True,
        ),
    ],
)
def test_cases_rows_and_negated_conditions(gt: str, pred: str, full: bool) -> None:
    r = score(gt, pred)
    assert (r.score == 100.0) is full, r.reason
