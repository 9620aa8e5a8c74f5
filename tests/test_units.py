"""Units of numeric answers: LaTeX unit text to pint, and conversions."""

from __future__ import annotations

import math

import pytest

from eed.units import convert, pint_text


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"\,\mathrm{m/s^2}", "m/s^2"),
        (r"\text{ kg}", "kg"),
        (r"\mathrm{m\,s^{-1}}", "m s^(-1)"),
        (r"\text{Å}", "angstrom"),
        (r"\Omega", "ohm"),
        (r"\mu\text{m}", "µm"),
        (r"^\circ C", "degC"),
        (r"\text{ Gs}", "gauss"),
        (r"\text{N} \cdot \text{m}", "N * m"),
    ],
)
def test_pint_text(latex: str, text: str) -> None:
    assert pint_text(latex) == text


def test_pint_text_refuses_unknown_commands() -> None:
    assert pint_text(r"\frac{J}{K}") is None


def test_convert_scales_to_the_ground_truths_unit() -> None:
    c = convert(0.529, r"\text{Å}", r"\,\text{m}")
    assert c is not None and c.value is not None
    assert math.isclose(c.value, 5.29e-11, rel_tol=1e-12)
    c = convert(1.0, r"\text{MeV}", r"\text{eV}")
    assert c is not None and c.value == pytest.approx(1e6)
    c = convert(36.0, r"\text{km/h}", r"\text{m/s}")
    assert c is not None and c.value == pytest.approx(10.0)


def test_convert_offset_units() -> None:
    c = convert(27.0, r"^\circ C", r"\text{K}")
    assert c is not None and c.value == pytest.approx(300.15)


def test_convert_reports_different_dimensions() -> None:
    c = convert(5.0, r"\text{ s}", r"\text{ m}")
    assert c is not None and c.value is None
    assert "different" in c.reason


def test_convert_gives_up_on_text_that_is_not_a_unit() -> None:
    assert convert(1.0, r"\text{ (upward)}", r"\text{m}") is None
    assert convert(1.0, "m", r"\text{widget blue}") is None


def test_things_counted_are_a_count() -> None:
    # A plural noun counts things: no length, no price, and any other things counted.
    widgets = convert(1.0, "m", r"\text{widgets}")
    assert widgets is not None and widgets.value is None
    apples = convert(6.0, r"\text{apples}", r"\text{apples}")
    assert apples is not None and apples.value == 6.0
    # Two different things counted are not one another; a count that pint knows is any.
    oranges = convert(6.0, r"\text{apples}", r"\text{oranges}")
    assert oranges is not None and oranges.value is None
    items = convert(6.0, r"\text{apples}", r"\text{items}")
    assert items is not None and items.value == 6.0


def test_units_from_many_threads_at_once() -> None:
    # The reward server scores several batches at once on threads of one process: the first
    # calls must build one registry between them, or comparing their units raises.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from eed import units

    units._registry.cache_clear()
    units._units.cache_clear()
    start = threading.Barrier(8)

    def work(i: int) -> tuple[bool, bool]:
        start.wait()
        names = [r"\mathrm{N}", r"\text{m/s}", r"\text{kg}", r"\mathrm{J}"]
        return units.same_unit(names[i % 4], names[i % 4]), units.convert(
            1.0, r"\text{km}", r"\text{m}"
        ) is not None

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(8)))
    assert results == [(True, True)] * 8
