from __future__ import annotations

import dataclasses

import pytest

import eed
from eed.config import NodeCosts


def test_profiles_exist_and_are_named() -> None:
    assert set(eed.PROFILES) >= {"phybench", "default"}
    for name, cfg in eed.PROFILES.items():
        assert cfg.profile == name


def test_profiles_mapping_is_read_only() -> None:
    with pytest.raises(TypeError):
        eed.PROFILES["x"] = eed.Config()  # type: ignore[index]


def test_config_is_frozen() -> None:
    cfg = eed.get_config("phybench")
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.bar_size = 3  # type: ignore[misc]


def test_official_defaults() -> None:
    cfg = eed.get_config("phybench")
    assert (cfg.bar_size, cfg.discount_slope) == (5.0, 0.6)
    assert (cfg.initial_score, cfg.scoring_slope) == (60.0, 100.0)
    assert (cfg.simplify_timeout, cfg.equals_timeout) == (30.0, 10.0)
    assert cfg.insert_cost == cfg.delete_cost == cfg.update_cost == NodeCosts()
    assert cfg.length_guard == 3.0


def test_signature_names_scoring_settings_and_versions() -> None:
    sig = eed.get_config("phybench").signature()
    fields = dict(part.split(":", 1) for part in sig.split("|"))
    for key in ("eed", "profile", "bar", "disc", "init", "slope", "ins", "del", "upd", "chg"):
        assert key in fields
    assert fields["sympy"].startswith("1.14")
    assert fields["l2s"].startswith("1.10")
    assert fields["profile"] == "phybench"


def test_signature_changes_with_every_scoring_knob() -> None:
    base = eed.get_config("phybench")
    changes = [
        {"bar_size": 4.0},
        {"discount_slope": 0.5},
        {"initial_score": 50.0},
        {"scoring_slope": 90.0},
        {"change_type_cost": 2.0},
        {"insert_cost": NodeCosts(number=2.0)},
        {"delete_cost": NodeCosts(symbol=0.5)},
        {"update_cost": NodeCosts(function=3.0)},
        {"simplify_timeout": 5.0},
        {"equals_timeout": 5.0},
        {"length_guard": None},
    ]
    sigs = {base.signature()}
    for change in changes:
        sigs.add(base.replace(**change).signature())
    assert len(sigs) == len(changes) + 1


def test_replace_marks_custom() -> None:
    cfg = eed.get_config("phybench").replace(bar_size=4.0)
    assert cfg.profile == "custom"
    assert eed.get_config("phybench").bar_size == 5.0


def test_unknown_profile() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        eed.get_config("nope")
    with pytest.raises(TypeError):
        eed.get_config(3)  # type: ignore[arg-type]


def test_default_budgets_bound_a_side_and_a_check() -> None:
    from eed.batch import decide_wall, prepare_wall

    default, official = eed.get_config("default"), eed.get_config("phybench")
    # The official budgets stay where fidelity needs them; the default profile's walls stay
    # well under a minute per side and per equivalence check.
    assert (official.parse_timeout, official.simplify_timeout) == (10.0, 30.0)
    assert prepare_wall(default) < 40 and decide_wall(default) < 30
    assert decide_wall(official) > 60
    assert "|budget:10/10/5s|" in default.signature()


def _changed(value: object) -> object:
    """A different value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value * 2 + 1
    if isinstance(value, str):
        return value + "x"
    if value is None:
        return 0.5
    if isinstance(value, tuple):
        return ((0.25, 75.0),)
    return dataclasses.replace(value, number=7.0)  # type: ignore[type-var]


def test_every_field_declares_what_it_does_to_a_score() -> None:
    for f in dataclasses.fields(eed.Config):
        declared = [k for k in ("signature", "part_of", "neutral") if k in f.metadata]
        assert len(declared) == 1, f"{f.name}: declares {declared or 'nothing'}"
        if "part_of" in f.metadata:
            assert "signature" in eed.Config.__dataclass_fields__[f.metadata["part_of"]].metadata


@pytest.mark.parametrize("base", ["phybench", "default"])
def test_every_field_that_can_change_a_score_changes_the_signature(base: str) -> None:
    config = eed.get_config(base).replace(numeric_equivalence=True)
    for f in dataclasses.fields(eed.Config):
        if "neutral" in f.metadata or f.name in ("profile", "dialect", "answer_type"):
            continue
        if f.name == "e_as_charge" and f.name not in config.dialect.switches:
            continue  # a switch only its dialect reads
        value = getattr(config, f.name)
        new = ((0.25, 75.0),) if f.name == "numeric_tiers" else _changed(value)
        other = config.replace(**{f.name: new, "profile": "x"})
        same_profile = config.replace(profile="x")
        assert other.signature() != same_profile.signature(), f.name
    for name in ("dialect", "answer_type"):
        value = "phybench" if name == "dialect" and base == "default" else "physics"
        if name == "answer_type":
            value = "tuple"
        assert config.replace(**{name: value}).signature() != config.signature(), name


def test_a_dialect_is_named_or_given() -> None:
    from eed.config import OFFICIAL, PHYSICS

    assert eed.Config(dialect="physics").dialect is PHYSICS  # type: ignore[arg-type]
    assert eed.Config(dialect=OFFICIAL).dialect is OFFICIAL
    with pytest.raises(ValueError, match="unknown dialect"):
        eed.Config(dialect="klingon")  # type: ignore[arg-type]
