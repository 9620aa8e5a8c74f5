"""The repository is self-contained: the corpus the tests and benchmarks read ships in it."""

from __future__ import annotations

from corpus import DATA, corpus_dir, load_pairs


def test_the_corpus_ships_with_the_repository() -> None:
    assert corpus_dir() == DATA or corpus_dir().exists()
    for name in ("phybench_public.json", "math_verify_cases.json", "README.md"):
        assert (DATA / name).exists(), name
    assert len(list((DATA / "licenses").iterdir())) >= 3
    assert len(load_pairs("phybench")) == 890
    assert len(load_pairs("physics")) == 5000
