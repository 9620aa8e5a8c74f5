"""The registry of input formats, and the worked example of docs/contributing.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from eed.io import (
    FORMATS,
    REGISTRY,
    FormatRegistry,
    InputFormat,
    InputFormatError,
    Record,
    detect_format,
    formats,
    pair_up,
    parse_source,
)
from inputs import load_file

CONTRIBUTING = Path(__file__).resolve().parent.parent / "docs" / "contributing.md"


def _no_records(text: str, path: str) -> list[Record]:
    return []


def test_the_built_in_formats() -> None:
    assert REGISTRY.names() == ("json", "phybench", "answers", "jsonl", "csv", "text")
    assert FORMATS == formats() == ("auto", "phybench", "answers", "jsonl", "csv", "text")
    assert REGISTRY.by_extension() == {
        ".json": "json",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".csv": "csv",
    }


def test_registry_refuses_a_taken_name_or_extension() -> None:
    registry = FormatRegistry([InputFormat("a", _no_records, extensions=(".a",))])
    with pytest.raises(ValueError, match="already registered"):
        registry.add(InputFormat("a", _no_records))
    with pytest.raises(ValueError, match="already registered"):
        registry.add(InputFormat("auto", _no_records))
    with pytest.raises(ValueError, match=r"extension '\.a' is taken \('a'\)"):
        registry.add(InputFormat("b", _no_records, extensions=(".a",)))
    with pytest.raises(ValueError, match="lower case with its dot"):
        registry.add(InputFormat("b", _no_records, extensions=("B",)))
    assert registry.names() == ("a",)
    assert registry.remove("a").name == "a"
    assert len(registry) == 0 and "a" not in registry
    with pytest.raises(KeyError):
        registry.remove("a")


def test_a_sniffer_recognises_content_after_the_built_in_ones() -> None:
    def looks_like_toy(text: str, named: bool) -> bool:
        return text.startswith("TOY")

    REGISTRY.add(InputFormat("toy", _no_records, sniff=looks_like_toy))
    try:
        assert detect_format("TOY\n", "a.txt") == "toy"
        assert detect_format('[{"id": 1}]', "a.toy") == "json"  # the built-ins are asked first
        with pytest.raises(InputFormatError, match="expected at least one record"):
            parse_source("TOY\n", "a.txt")
    finally:
        REGISTRY.remove("toy")
    assert detect_format("TOY\n", "a.txt") == "text"


def _worked_example() -> str:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = text.split("## Adding an input format", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```py\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    return blocks[0]


@pytest.fixture
def tsv() -> Iterator[None]:
    before = REGISTRY.names()
    exec(compile(_worked_example(), str(CONTRIBUTING), "exec"), {})
    try:
        yield
    finally:
        REGISTRY.remove("tsv")
        assert REGISTRY.names() == before


TSV = "id\tgt\tpred\n1\tx+1\t\\boxed{x+1}\n\n2\ty\tz\r\n"


@pytest.mark.usefixtures("tsv")
def test_the_worked_example_of_a_new_format(tmp_path: Path) -> None:
    assert "tsv" in formats() and "tsv" not in FORMATS  # FORMATS: the built-in choices
    # Detected by its extension...
    path = tmp_path / "model.tsv"
    path.write_text(TSV, encoding="utf-8")
    assert detect_format(TSV, str(path)) == "tsv"
    loaded = load_file(str(path))
    assert loaded.format == "tsv" and loaded.path == str(path)
    # ...records with their file and line...
    assert [(r.where, r.number, r.id, r.gt, r.pred) for r in loaded.records] == [
        (f"{path}:2", 1, "1", "x+1", "\\boxed{x+1}"),
        (f"{path}:4", 2, "2", "y", "z"),
    ]
    # ...and forced with fmt= whatever the file is called.
    assert detect_format(TSV, "model.txt") == "text"
    forced = parse_source(TSV, "model.txt", fmt="tsv")
    assert forced.format == "tsv" and forced.records[1].where == "model.txt:4"
    # Its errors name the file and the line, and the shared checks apply to its records.
    with pytest.raises(InputFormatError) as err:
        parse_source("id\tgt\tpred\n1\tx\n", "bad.tsv")
    assert str(err.value) == "bad.tsv:2: expected 3 fields as in the header, found 2"
    with pytest.raises(InputFormatError, match=r"^b.tsv:2: expected a ground truth \('gt'"):
        parse_source("id\tother\n1\tx\n", "b.tsv")
    with pytest.raises(InputFormatError, match=r"the file is empty; expected a header row and"):
        parse_source("", "e.tsv", fmt="tsv")
    # Its records pair and score like any other.
    pairs = pair_up(None, [loaded])
    assert [(p.id, p.model, p.gt, p.pred) for p in pairs] == [
        ("1", "model", "x+1", "\\boxed{x+1}"),
        ("2", "model", "y", "z"),
    ]


def test_an_unregistered_format_is_unknown_again() -> None:
    assert "tsv" not in REGISTRY
    with pytest.raises(ValueError, match="unknown input format 'tsv'"):
        parse_source("id\tgt\n1\tx\n", "a.tsv", fmt="tsv")
    assert detect_format("id\tgt\n1\tx\n", "a.tsv") == "text"
