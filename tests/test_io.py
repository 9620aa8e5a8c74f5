"""Input formats, pairing, and the resumable results file."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from eed.io import (
    InputFormatError,
    OutputError,
    ResultsStore,
    SignatureMismatchError,
    detect_format,
    model_names,
    pair_up,
    parse_source,
)
from inputs import load_file

GT_JSON = """[
  {"id": 1, "tag": "MECHANICS", "content": "q1", "answer": "x+1"},
  {"id": 2, "tag": "OPTICS", "content": "q2", "answer": "y^{2}"}
]
"""
ANSWERS_JSON = """[
  {"id": 2, "model": "m", "model_answer": "\\\\boxed{y^{2}}"},
  {"id": 1, "model": "m", "model_answer": "", "model_solution": "so $x+1$"}
]
"""


@pytest.mark.parametrize(
    ("text", "path", "fmt"),
    [
        (GT_JSON, "", "json"),
        ('[{"id": 1}]', "a.txt", "json"),
        ("[\n  {", "", "json"),  # truncated JSON is still JSON (and then malformed)
        ("[a, b]", "", "text"),  # an interval, not JSON
        ('{"id": 1, "gt": "x", "pred": "y"}\n', "", "jsonl"),
        ("{a}+b\n", "", "text"),
        ("{a}+b\n", "x.jsonl", "jsonl"),
        ("id,gt,pred\n1,x,y\n", "", "csv"),
        ("ID, Pred\n", "", "csv"),
        ("x^2, y\n", "", "text"),
        ("x^2, y\n", "f.csv", "csv"),
        ("\\frac{1}{2}\n", "", "text"),
        ("", "", "text"),
        ("", "e.json", "json"),
    ],
)
def test_detect_format(text: str, path: str, fmt: str) -> None:
    assert detect_format(text, path) == fmt


def test_phybench_and_answers(tmp_path: Path) -> None:
    (tmp_path / "gt.json").write_text(GT_JSON)
    (tmp_path / "ans.json").write_text(ANSWERS_JSON)
    gt = load_file(str(tmp_path / "gt.json"))
    ans = load_file(str(tmp_path / "ans.json"))
    assert not gt.holds_predictions and ans.holds_predictions
    assert [r.line for r in gt.records] == [2, 3]
    pairs = pair_up(gt, [ans])
    assert [(p.id, p.model, p.tag, p.gt, p.pred) for p in pairs] == [
        (2, "m", "OPTICS", "y^{2}", "\\boxed{y^{2}}"),
        (1, "m", "MECHANICS", "x+1", "so $x+1$"),  # a blank model_answer falls back to the solution
    ]


def test_forced_formats_check_the_schema() -> None:
    with pytest.raises(
        InputFormatError, match=r"gt.json:2: item 1: expected a PHYBench ground truth"
    ):
        parse_source('[\n{"id": 1, "model_answer": "x"}]', "gt.json", "phybench")
    with pytest.raises(InputFormatError, match=r"a.json:1: item 1: expected a model answer"):
        parse_source('[{"id": 1, "answer": "x"}]', "a.json", "answers")
    text = parse_source('{"id": 1}\n', "t.txt", "text")
    assert text.is_text and text.records[0].text == '{"id": 1}'


def test_jsonl_pairs_and_chat(tmp_path: Path) -> None:
    chat = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "\\boxed{x}"}]
    lines = [
        {"id": "a", "gt": "x", "pred": chat, "model": "m1", "tag": "t"},
        {"id": "a", "gt": "x", "pred": 3, "model": "m2"},
    ]
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n")
    loaded = load_file(str(path))
    assert loaded.format == "jsonl"
    pairs = pair_up(None, [loaded])
    assert pairs[0].pred == chat and pairs[1].pred == "3"
    assert [p.key for p in pairs] == [("m1", "a"), ("m2", "a")]


def test_csv_line_numbers_follow_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text('id,gt,pred\n1,x,"a\nb"\n2,x\n')
    with pytest.raises(InputFormatError) as err:
        load_file(str(path))
    assert err.value.line == 4 and "expected 3 fields" in str(err.value)
    path.write_text('id,GT,Pred,model\n1,x,"a\nb",m\n2,y,y,m\n')
    records = load_file(str(path)).records
    assert [(r.line, r.gt, r.pred) for r in records] == [(2, "x", "a\nb"), (4, "y", "y")]


@pytest.mark.parametrize(
    ("name", "text", "line", "needle"),
    [
        ("a.json", '[\n {"id": 1, "pred": "x"},\n {"id": 2 "pred": "y"}\n]', 3, "invalid JSON"),
        ("a.json", '{"id": 1}', 1, "expected a JSON list"),
        ("a.json", '[\n {"id": 1, "pred": "x"},\n "loose"\n]', 3, "item 2: expected an object"),
        ("a.json", '[{"id": 1, "pred": {"x": 1}}]', 1, "expected 'pred' to be a string"),
        ("a.json", '[{"id": true, "pred": "x"}]', 1, "expected 'id' to be a string or an integer"),
        ("a.json", '[{"id": 1, "pred": [{"content": "x"}]}]', 1, "list of chat messages"),
        ("a.json", '[{"id": 1, "other": "x"}]', 1, "expected a ground truth"),
        ("a.json", '[{"id": 1, "pred": "x"}, {"id": 2, "gt": "y"}]', 1, "expected a prediction"),
        ("a.jsonl", '{"id": 1, "pred": "x"}\n\n[1]\n', 3, "expected a JSON object"),
        (
            "a.jsonl",
            '{"id": 1, "pred": "x"}\n{"id": 2,\n',
            2,
            "expected a JSON object on each line",
        ),
        ("a.csv", "id,name\n1,x\n", 1, "expected a header row"),
        ("a.csv", "id,pred,pred\n1,x,y\n", 1, "names a column twice"),
        ("a.txt", "   \n", None, "the file is empty"),
    ],
)
def test_malformed_files_name_file_and_line(
    tmp_path: Path, name: str, text: str, line: int | None, needle: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(InputFormatError) as err:
        load_file(str(path))
    assert err.value.path == str(path)
    assert err.value.line == line
    assert needle in str(err.value)
    assert str(err.value).startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputFormatError, match="cannot read"):
        load_file(str(tmp_path / "missing.json"))
    (tmp_path / "bin.txt").write_bytes(b"ok\n\xff\xfe\n")
    with pytest.raises(InputFormatError) as err:
        load_file(str(tmp_path / "bin.txt"))
    assert err.value.line == 2 and "UTF-8" in err.value.message
    stdin = io.BytesIO("x\ny\n".encode("utf-8-sig"))  # with a BOM
    loaded = load_file("-", stdin=stdin)
    assert loaded.path == "<stdin>" and [r.text for r in loaded.records] == ["x", "y"]


def test_text_lines_pair_by_position() -> None:
    ref = parse_source("a\nb\r\n\nc\n", "ref.txt")
    assert [r.text for r in ref.records] == ["a", "b", "", "c"]
    # A blank reference line is a broken item, not an answer to charge the model for.
    with pytest.raises(InputFormatError, match=r"ref.txt:3: the line is blank"):
        pair_up(ref, [parse_source("1\n2\n3\n4", "sys.txt")])
    ref = parse_source("a\nb\r\n0\nc\n", "ref.txt")
    hyp = parse_source("1\n2\n3\n4", "sys.txt")
    pairs = pair_up(ref, [hyp])
    assert [(p.id, p.gt, p.pred, p.model) for p in pairs][:2] == [
        (1, "a", "1", "sys"),
        (2, "b", "2", "sys"),
    ]
    with pytest.raises(
        InputFormatError, match=r"short.txt:3: expected 4 lines, one per reference item"
    ):
        pair_up(ref, [parse_source("1\n2\n", "short.txt")])
    gt = parse_source(GT_JSON, "gt.json")
    pairs = pair_up(gt, [parse_source("x\ny\n", "h.txt")])
    assert [(p.id, p.tag) for p in pairs] == [(1, "MECHANICS"), (2, "OPTICS")]


def test_pairing_errors() -> None:
    gt = parse_source(GT_JSON, "gt.json")
    with pytest.raises(InputFormatError, match=r"a.jsonl:2: id 7 is not in gt.json"):
        pair_up(gt, [parse_source('{"id": 1, "pred": "x"}\n{"id": 7, "pred": "y"}\n', "a.jsonl")])
    with pytest.raises(
        InputFormatError, match=r"a.jsonl:2: model 'a' answers id 1 twice \(first at a.jsonl:1\)"
    ):
        pair_up(gt, [parse_source('{"id": 1, "pred": "x"}\n{"id": "1", "pred": "y"}\n', "a.jsonl")])
    with pytest.raises(InputFormatError, match=r"a.jsonl:1: expected a 'gt' field"):
        pair_up(None, [parse_source('{"id": 1, "pred": "x"}\n', "a.jsonl")])
    with pytest.raises(InputFormatError, match=r"h.txt:1: expected a GT_FILE"):
        pair_up(None, [parse_source("x\n", "h.txt")])
    dup = parse_source('[{"id": 1, "answer": "x"}, {"id": 1, "answer": "y"}]', "d.json")
    with pytest.raises(InputFormatError, match=r"d.json:1: id 1 appears twice"):
        pair_up(dup, [parse_source("a\nb\n", "h.txt")])


def test_model_names() -> None:
    assert model_names(["runs/a.json", "b.txt", "-"]) == ["a", "b", "stdin"]
    assert model_names(["x/sys.txt", "y/sys.txt"]) == ["x/sys", "y/sys"]


# ResultsStore -----------------------------------------------------------------------------------

SIG = "eed:0|profile:default|extract:on"


def _rec(model: str, i: int, score: float = 50.0) -> dict[str, object]:
    return {"id": i, "model": model, "score": score, "status": "scored", "gt": "x", "pred": "y"}


def test_store_appends_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG, meta={"profile": "default"}) as store:
        assert store.finished == {}
        store.append(_rec("m", 1))
        store.append(_rec("m", 2))
    run = json.loads((out / "run.json").read_text())
    assert run["signature"] == SIG and run["profile"] == "default"
    with ResultsStore(out, SIG) as store:
        assert set(store.finished) == {("m", "1"), ("m", "2")}
        store.append(_rec("n", 1))
    lines = (out / "results.jsonl").read_text().splitlines()
    assert [json.loads(x)["model"] for x in lines] == ["m", "m", "n"]


def test_store_drops_a_torn_last_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG) as store:
        store.append(_rec("m", 1))
    good = (out / "results.jsonl").read_bytes()
    with open(out / "results.jsonl", "ab") as fh:
        fh.write(b'{"id": 2, "model": "m", "sco')
    with ResultsStore(out, SIG) as store:
        assert store.dropped_torn_line
        assert set(store.finished) == {("m", "1")}
        assert (out / "results.jsonl").read_bytes() == good
        store.append(_rec("m", 2))
    assert (out / "results.jsonl").read_text().count("\n") == 2


def test_store_drops_an_unreadable_last_line_but_not_a_middle_one(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG) as store:
        store.append(_rec("m", 1))
    with open(out / "results.jsonl", "ab") as fh:
        fh.write(b"\x00\x00\x00\n")  # what a power loss can leave
    with ResultsStore(out, SIG) as store:
        assert set(store.finished) == {("m", "1")}
    with open(out / "results.jsonl", "ab") as fh:
        fh.write(b"garbage\n" + json.dumps(_rec("m", 3)).encode() + b"\n")
    with pytest.raises(InputFormatError) as err:
        ResultsStore(out, SIG)
    assert err.value.line == 2 and err.value.path.endswith("results.jsonl")


def test_store_keeps_the_first_of_duplicate_lines(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG) as store:
        store.append(_rec("m", 1, 10.0))
    with open(out / "results.jsonl", "a") as fh:
        fh.write(json.dumps(_rec("m", 1, 90.0)) + "\n")
    with ResultsStore(out, SIG) as store:
        assert store.finished[("m", "1")]["score"] == 10.0


def test_store_refuses_another_signature(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG) as store:
        store.append(_rec("m", 1))
    other = SIG.replace("profile:default", "profile:phybench")
    with pytest.raises(SignatureMismatchError, match="profile default -> phybench"):
        ResultsStore(out, other)
    (out / "run.json").unlink()
    with pytest.raises(SignatureMismatchError, match="is missing"):
        ResultsStore(out, SIG)


def test_store_without_results_takes_the_new_signature(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ResultsStore(out, SIG).close()
    other = SIG + "|x:1"
    ResultsStore(out, other).close()
    assert json.loads((out / "run.json").read_text())["signature"] == other


def test_store_errors(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError):
        ResultsStore(tmp_path / "file", SIG)
    with pytest.raises(OutputError):
        ResultsStore(tmp_path / "file" / "sub", SIG)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "run.json").write_text("{not json")
    with pytest.raises(InputFormatError, match=r"run\.json:1"):
        ResultsStore(tmp_path / "out", SIG)


def test_store_lock_keeps_a_second_run_out(tmp_path: Path) -> None:
    pytest.importorskip("fcntl")
    with (
        ResultsStore(tmp_path / "out", SIG),
        pytest.raises(OutputError, match="another eed-score run"),
    ):
        ResultsStore(tmp_path / "out", SIG)
    ResultsStore(tmp_path / "out", SIG).close()  # released


def test_store_writes_lone_surrogates_escaped(tmp_path: Path) -> None:
    with ResultsStore(tmp_path / "out", SIG) as store:
        store.append({**_rec("m", 1), "pred": "x\ud800"})
    with ResultsStore(tmp_path / "out", SIG) as store:
        assert store.finished[("m", "1")]["pred"] == "x\ud800"


def test_csv_empty_cells_are_missing_values() -> None:
    records = parse_source("id,model,tag,gt,pred\n,,,x,\n", "p.csv").records
    r = records[0]
    assert (r.id, r.model, r.tag, r.gt, r.pred) == (None, None, None, "x", "")


def test_store_never_drops_a_complete_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG) as store:
        store.append(_rec("m", 1))
    path = out / "results.jsonl"
    # A well-formed JSON line that is not a result stops the run, named, and stays in place.
    path.write_bytes(path.read_bytes() + b'{"a": 1}\n')
    before = path.read_bytes()
    with pytest.raises(InputFormatError) as err:
        ResultsStore(out, SIG)
    assert err.value.line == 2
    assert "a JSON object without 'model', 'id', 'score', 'status' (it has 'a')" in str(err.value)
    assert path.read_bytes() == before
    # So does one missing its newline: it is whole, so it is not a torn line.
    path.write_bytes(before[: -len(b'{"a": 1}\n')] + b"[1, 2]")
    with pytest.raises(InputFormatError, match="found a list"):
        ResultsStore(out, SIG)


def test_store_skips_blank_lines_and_completes_a_record_missing_its_newline(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    with ResultsStore(out, SIG) as store:
        store.append(_rec("m", 1))
    path = out / "results.jsonl"
    whole = json.dumps(_rec("m", 3)).encode()
    path.write_bytes(path.read_bytes() + b"\n" + json.dumps(_rec("m", 2)).encode() + b"\n" + whole)
    with ResultsStore(out, SIG) as store:
        assert set(store.finished) == {("m", "1"), ("m", "2"), ("m", "3")}
        assert not store.dropped_torn_line
        store.append(_rec("m", 4))
    assert "results.jsonl:2: skipping a blank line" in caplog.text
    lines = path.read_bytes().split(b"\n")
    assert lines[-3:] == [whole, json.dumps(_rec("m", 4)).encode(), b""]


def test_store_in_a_file_says_it_is_not_a_directory(tmp_path: Path) -> None:
    (tmp_path / "gt.json").write_text("[]")
    with pytest.raises(OutputError, match="is a file, not a directory; --output takes a dir"):
        ResultsStore(tmp_path / "gt.json", SIG)
    assert (tmp_path / "gt.json").read_text() == "[]"


def test_store_lock_is_not_held_by_forked_children(tmp_path: Path) -> None:
    # Worker processes are forked while the store is open; the lock must go with this process
    # alone, or an orphaned worker would keep every later run out.
    pytest.importorskip("fcntl")
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    store = ResultsStore(tmp_path / "out", SIG)
    child = ctx.Process(target=time.sleep, args=(30,), daemon=True)
    child.start()
    try:
        store.close()
        assert child.is_alive()
        ResultsStore(tmp_path / "out", SIG).close()  # free although the child lives on
    finally:
        child.kill()
        child.join(10)


def test_field_messages_name_what_is_wrong() -> None:
    with pytest.raises(InputFormatError) as err:
        parse_source('[{"id": 1, "answer": null}]', "gt.json")
    assert "'answer' is null; expected the ground truth as a LaTeX string" in str(err.value)
    with pytest.raises(InputFormatError, match="found an object"):
        parse_source('{"x": 1}', "gt.json", "phybench")
    with pytest.raises(InputFormatError, match="item 1: expected an object, found a list"):
        parse_source("[[1]]", "gt.json")
    with pytest.raises(InputFormatError, match="expected 'model' to be a string, found an obj"):
        parse_source('{"gt": "x", "pred": "y", "model": {}}\n', "p.jsonl")
    with pytest.raises(InputFormatError, match="the file is empty; expected ground truths"):
        parse_source("", "gt.json", expect="ground truths")
    with pytest.raises(InputFormatError, match=r"gt.json:2: 'answer' is blank"):
        pair_up(
            parse_source('[{"id": 1, "answer": "x"},\n {"id": 2, "answer": "  "}]', "gt.json"),
            [parse_source("a\nb\n", "h.txt")],
        )
    with pytest.raises(InputFormatError, match=r"p.jsonl:1: 'gt' is blank"):
        pair_up(None, [parse_source('{"gt": "", "pred": "y"}\n', "p.jsonl")])
