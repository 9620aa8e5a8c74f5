"""The eed-score command, run as a subprocess (``python -m eed``) as a user would run it."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from eed.cli import EXIT_CODES, build_parser

FIELDS = [
    "id",
    "model",
    "tag",
    "gt",
    "pred",
    "extracted",
    "score",
    "distance",
    "relative_distance",
    "gt_size",
    "status",
    "reason",
    "timed_out",
    "seconds",
]

GT = [
    {
        "id": 1,
        "tag": "MECHANICS",
        "content": "q",
        "solution": "s",
        "answer": r"\frac{\sqrt{x^{2}+1}}{2}",
    },
    {"id": 2, "tag": "MECHANICS", "content": "q", "solution": "s", "answer": "2 m g"},
    {"id": 3, "tag": "OPTICS", "content": "q", "solution": "s", "answer": r"$$ n = \frac{c}{v} $$"},
    {"id": 4, "tag": "OPTICS", "content": "q", "solution": "s", "answer": "x + y"},
]
CHAT = [
    {"role": "user", "content": r"answer in \boxed{}"},
    {"role": "assistant", "content": r"so \boxed{\frac{c}{2v}}"},
]
ANSWERS = [
    {"id": 1, "model": "good", "model_answer": r"We get \boxed{\frac{\sqrt{x^{2}+1}}{2}}."},
    {
        "id": 2,
        "model": "good",
        "model_answer": "",
        "model_solution": "Forces balance, so $F = 2 m g$.",
    },
    {"id": 3, "model": "good", "model_answer": r"\[ \frac{c}{v} \]"},
    {"id": 4, "model": "good", "model_answer": "y + x"},
    {"id": 1, "model": "bad", "model_answer": r"\boxed{\frac{\sqrt{x^{2}+2}}{2}}"},
    {"id": 2, "model": "bad", "model_answer": r"\frac{{"},
    {"id": 3, "model": "bad", "model_answer": CHAT},
    {"id": 4, "model": "bad", "model_answer": ""},
]


def eed_score(
    *args: object, cwd: Path, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "eed", *map(str, args)],
        cwd=cwd,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def results(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, indent=1), "utf-8")
    return path


def by_key(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["model"], str(r["id"])): r for r in rows}


# Input formats ----------------------------------------------------------------------------------


def test_phybench_gt_and_official_answers(tmp_path: Path) -> None:
    write_json(tmp_path / "gt.json", GT)
    write_json(tmp_path / "answers.json", ANSWERS)
    run = eed_score(
        "gt.json", "answers.json", "-o", "out", "--workers", "0", "-f", "json", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    rows = results(tmp_path / "out" / "results.jsonl")
    assert len(rows) == 8
    assert all(list(r) == FIELDS for r in rows)
    r = by_key(rows)
    # Extraction, braces nested three deep inside \boxed.
    assert r["good", "1"]["extracted"] == r"\frac{\sqrt{x^{2}+1}}{2}"
    assert r["good", "1"]["pred"] == ANSWERS[0]["model_answer"]
    assert r["good", "2"]["pred"] == "Forces balance, so $F = 2 m g$."  # model_solution stands in
    assert r["good", "2"]["extracted"] == "F = 2 m g"
    assert r["bad", "3"]["pred"] == CHAT[-1]["content"]
    assert r["bad", "3"]["extracted"] == r"\frac{c}{2v}"
    assert all(r["good", i]["score"] == 100.0 for i in "1234")
    assert r["good", "3"]["tag"] == "OPTICS" and r["good", "3"]["gt"] == GT[2]["answer"]
    assert r["bad", "2"]["status"] == "pred_parse_error"
    assert r["bad", "4"]["status"] == "empty"
    assert 0 < r["bad", "1"]["score"] < 100 and r["bad", "1"]["status"] == "scored"
    assert all(x["seconds"] >= 0 for x in rows)

    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert json.loads(run.stdout) == summary
    assert "|extract:on|" in summary["signature"]
    assert summary["signature"].endswith("|l2s:1.10.2|mean:all|ci:95%|boot:1000|seed:12345")
    assert "profile:default" in summary["signature"]
    run_json = json.loads((tmp_path / "out" / "run.json").read_text())
    assert summary["signature"].startswith(run_json["signature"])
    assert [m["model"] for m in summary["models"]] == ["good", "bad"]
    for m in summary["models"]:
        check_summary_numbers(m, [x for x in rows if x["model"] == m["model"]])
        for tag, t in m["tags"].items():
            check_summary_numbers(
                t, [x for x in rows if x["model"] == m["model"] and x["tag"] == tag]
            )
    bad = summary["models"][1]
    assert bad["parse_failures"] == 1 and bad["statuses"]["empty"] == 1


def check_summary_numbers(s: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """The summary's figures are those of the per-item results."""
    scores = [x["score"] for x in rows]
    assert s["answered"] == len(rows) and s["problems"] == s["answered"] + s["missing"]
    # The headline counts a missing answer as 0, over every problem.
    assert s["mean"] == pytest.approx(sum(scores) / s["problems"])
    assert s["mean_answered"] == pytest.approx(sum(scores) / len(scores))
    assert s["accuracy"] == pytest.approx(sum(x == 100.0 for x in scores) / s["problems"])
    assert s["parse_failures"] == sum(
        x["status"] in ("gt_parse_error", "pred_parse_error") for x in rows
    )
    assert s["timeouts"] == sum(x["timed_out"] or x["status"] == "timeout" for x in rows)
    assert s["statuses"] == dict(Counter(x["status"] for x in rows))
    lo, hi = s["ci95"]
    assert lo <= s["mean"] <= hi


PAIRS = [
    {"id": "p1", "gt": "x^{2}", "pred": r"\boxed{x^{2}}", "model": "m", "tag": "alg"},
    {"id": "p2", "gt": "a+b", "pred": "The answer is $a+2b$.", "model": "m", "tag": "alg"},
    {"id": "p3", "gt": r"\sin(t)", "pred": r"\sin(t)", "model": "n"},
]


def test_jsonl_csv_and_stdin_pairs_need_no_gt_file(tmp_path: Path) -> None:
    jsonl = "".join(json.dumps(p) + "\n" for p in PAIRS)
    (tmp_path / "pairs.jsonl").write_text(jsonl)
    with open(tmp_path / "pairs.csv", "w", newline="") as fh:
        writer = csv.DictWriter(fh, ["id", "model", "tag", "gt", "pred"])
        writer.writeheader()
        writer.writerows(PAIRS)
    outputs = []
    for args, stdin in [(["pairs.jsonl"], None), (["pairs.csv"], None), (["-"], jsonl)]:
        run = eed_score(*args, "--workers", "0", "-f", "csv", cwd=tmp_path, stdin=stdin)
        assert run.returncode == 0, run.stderr
        outputs.append(list(csv.DictReader(io.StringIO(run.stdout))))
    assert outputs[0] == outputs[1] == outputs[2]
    rows = {(r["model"], r["level"], r["tag"]): r for r in outputs[0]}
    assert set(rows) == {("m", "all", ""), ("m", "tag", "alg"), ("m", "untagged", "")} | {
        ("n", "all", ""),
        ("n", "tag", "alg"),
        ("n", "untagged", ""),
    }
    # Without a GT_FILE the problems are every id in the pairs: each model misses the others'.
    m, n = rows["m", "all", ""], rows["n", "all", ""]
    assert (m["problems"], m["answered"], m["missing"]) == ("3", "2", "1")
    assert (n["problems"], n["answered"], n["missing"]) == ("3", "1", "2")
    assert float(n["mean_answered"]) == 100.0
    assert float(n["mean"]) == pytest.approx(100.0 / 3)


def test_no_extract_scores_the_field_as_it_is(tmp_path: Path) -> None:
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAIRS))
    run = eed_score("pairs.jsonl", "--workers", "0", "--no-extract", "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    r = by_key(results(tmp_path / "out" / "results.jsonl"))
    assert r["m", "p2"]["extracted"] == r["m", "p2"]["pred"] == PAIRS[1]["pred"]
    assert "|extract:off|" in run.stdout


def test_text_lines_from_a_file_and_from_stdin(tmp_path: Path) -> None:
    (tmp_path / "refs.txt").write_text("x^{2}+1\n2 a\n\\frac{1}{2}\n")
    hyps = "x^{2}+2\n\\boxed{2a}\nso $\\frac{1}{2}$.\n"
    (tmp_path / "hyps.txt").write_text(hyps)
    file_run = eed_score("refs.txt", "hyps.txt", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert file_run.returncode == 0, file_run.stderr
    rows = results(tmp_path / "out" / "results.jsonl")
    assert sorted((r["id"], r["model"], r["extracted"]) for r in rows) == [
        (1, "hyps", "x^{2}+2"),
        (2, "hyps", "2a"),
        (3, "hyps", "\\frac{1}{2}"),
    ]
    for args in (["refs.txt"], ["refs.txt", "-"]):
        run = eed_score(*args, "--workers", "0", "-f", "json", cwd=tmp_path, stdin=hyps)
        assert run.returncode == 0, run.stderr
        model = json.loads(run.stdout)["models"][0]
        assert model["model"] == "stdin"
        assert model["mean"] == pytest.approx(sum(r["score"] for r in rows) / 3)
    limited = eed_score(
        "refs.txt", "-", "--workers", "0", "--limit", "2", "-f", "json", cwd=tmp_path, stdin=hyps
    )
    limited_model = json.loads(limited.stdout)["models"][0]
    assert (limited_model["problems"], limited_model["answered"]) == (2, 2)


def test_input_format_can_be_forced(tmp_path: Path) -> None:
    (tmp_path / "refs.txt").write_text("{a}+b\nc\n")
    (tmp_path / "hyps.txt").write_text('{"a"}+b\nc\n')  # looks like JSON lines
    detected = eed_score("refs.txt", "hyps.txt", "--workers", "0", cwd=tmp_path)
    assert detected.returncode == 3
    assert "hyps.txt:1: expected a JSON object on each line" in detected.stderr
    forced = eed_score(
        "refs.txt", "hyps.txt", "--workers", "0", "--input-format", "text", cwd=tmp_path
    )
    assert forced.returncode == 0, forced.stderr
    assert "hyps " in forced.stdout


# Errors and exit codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        (
            {"a.json": '[\n {"id": 1, "model_answer": "x"},\n {"id": 2 "model_answer": "y"}\n]'},
            ["gt.json", "a.json"],
            "a.json:3: invalid JSON: Expecting ',' delimiter",
        ),
        (
            {"a.json": '[\n {"id": 1, "model_answer": "x"},\n {"id": 99, "model_answer": "y"}\n]'},
            ["gt.json", "a.json"],
            "a.json:3: id 99 is not in gt.json",
        ),
        (
            {"p.jsonl": '{"id": 1, "gt": "x", "pred": "x"}\n{"id": 2, "gt": "x"\n'},
            ["p.jsonl"],
            "p.jsonl:2: expected a JSON object on each line",
        ),
        (
            {"p.csv": "id,gt,pred\n1,x,x\n2,x\n"},
            ["p.csv"],
            "p.csv:3: expected 3 fields as in the header",
        ),
        (
            {"h.txt": "x\ny\n"},
            ["gt.json", "h.txt"],
            "h.txt:3: expected 4 lines, one per reference item",
        ),
        ({}, ["gt.json", "missing.json"], "missing.json: cannot read"),
    ],
)
def test_malformed_input_exits_3_naming_file_and_line(
    tmp_path: Path, files: dict[str, str], args: list[str], message: str
) -> None:
    write_json(tmp_path / "gt.json", GT)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    run = eed_score(*args, "--workers", "0", cwd=tmp_path)
    assert run.returncode == 3
    assert run.stderr.startswith(f"eed-score: error: {message}"), run.stderr
    assert run.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give GT_FILE"),
        (["gt.json", "gt.json", "--profile", "nope"], "invalid choice: 'nope'"),
        (["gt.json", "gt.json", "--limit", "0"], "must be 1 or more"),
        (["gt.json", "-", "-"], "read only once"),
        (["explain", "x"], "required: PRED"),
        (["explain", "-", "-"], "only one of GT and PRED"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    write_json(tmp_path / "gt.json", GT)
    run = eed_score(*args, cwd=tmp_path)
    assert run.returncode == 2
    assert message in run.stderr


def test_refuses_to_mix_signatures_or_inputs(tmp_path: Path) -> None:
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAIRS))
    first = eed_score("pairs.jsonl", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = (tmp_path / "out" / "results.jsonl").read_bytes()

    other_profile = eed_score(
        "pairs.jsonl", "--workers", "0", "-o", "out", "--profile", "phybench", cwd=tmp_path
    )
    assert other_profile.returncode == 4
    assert "eed-score: error: out/run.json: " in other_profile.stderr
    assert "profile default -> phybench" in other_profile.stderr

    no_extract = eed_score(
        "pairs.jsonl", "--workers", "0", "-o", "out", "--no-extract", cwd=tmp_path
    )
    assert no_extract.returncode == 4
    assert "extract on -> off" in no_extract.stderr

    changed = [dict(PAIRS[0], pred="x^{3}"), *PAIRS[1:]]
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in changed))
    other_input = eed_score("pairs.jsonl", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert other_input.returncode == 4
    assert "different ground truth or prediction than pairs.jsonl:1" in other_input.stderr

    assert (tmp_path / "out" / "results.jsonl").read_bytes() == before


def test_unwritable_output_exits_5(tmp_path: Path) -> None:
    (tmp_path / "pairs.jsonl").write_text(json.dumps(PAIRS[0]) + "\n")
    (tmp_path / "afile").write_text("")
    run = eed_score("pairs.jsonl", "--workers", "0", "-o", "afile/out", cwd=tmp_path)
    assert run.returncode == 5
    assert run.stderr.startswith("eed-score: error: afile/out: cannot create the output directory")


def test_plot_without_matplotlib_says_how_to_install(tmp_path: Path) -> None:
    (tmp_path / "pairs.jsonl").write_text(json.dumps(PAIRS[0]) + "\n")
    blocker = tmp_path / "block" / "matplotlib"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text(
        "raise ImportError('matplotlib is blocked for this test')\n"
    )
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(blocker.parent), os.environ.get("PYTHONPATH", "")]),
    )
    run = subprocess.run(
        [sys.executable, "-m", "eed", "pairs.jsonl", "--workers", "0", "--plot", "p.png"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert (
        "eed-score: error: --plot needs matplotlib; install it with: pip install 'eed[plot]'"
        in run.stderr
    )
    assert not (tmp_path / "p.png").exists()


def test_plot_draws_a_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAIRS))
    run = eed_score("pairs.jsonl", "--workers", "0", "--plot", "p.png", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "p.png").read_bytes()[:4] == b"\x89PNG"


def test_version_help_and_exit_codes_documented(tmp_path: Path) -> None:
    run = eed_score("--version", cwd=tmp_path)
    assert run.returncode == 0 and run.stdout.startswith("eed-score 0.")
    text = build_parser().format_help()
    for code in EXIT_CODES:
        assert f"\n  {code:<3}  " in text
    docs = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    if docs.exists():
        doc = docs.read_text()
        assert all(f"| {code} |" in doc for code in EXIT_CODES)


# Resuming ---------------------------------------------------------------------------------------

N_SLOW = 120


def many_pairs(tmp_path: Path, n: int = N_SLOW) -> Path:
    # Distinct, quick pairs: each needs its own parse and simplify, so results stream steadily.
    lines = [
        json.dumps(
            {
                "id": i,
                "gt": f"x^{{{i + 2}}}+{i}",
                "pred": f"\\boxed{{x^{{{i + 2}}}+{i + 1}}}",
                "model": "m",
            }
        )
        for i in range(n)
    ]
    path = tmp_path / "many.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "eed", "many.jsonl", "--workers", "1", "-o", "out", *args],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, workers included
    )


def wait_for_lines(path: Path, proc: subprocess.Popen[str], n: int, deadline: float = 90) -> None:
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        if proc.poll() is not None:
            pytest.fail(f"the run ended early: {proc.stderr.read() if proc.stderr else ''}")
        time.sleep(0.05)
    pytest.fail("no results appeared")


def test_resume_after_sigkill_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    many_pairs(tmp_path)
    out = tmp_path / "out" / "results.jsonl"
    proc = start(tmp_path)
    try:
        wait_for_lines(out, proc, 5)
        assert proc.poll() is None, "the run finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    written = out.read_bytes()
    assert written.endswith(b"\n")
    kept = written.splitlines(keepends=True)
    assert 5 <= len(kept) < N_SLOW
    with open(out, "ab") as fh:  # what a kill in the middle of a write would leave
        fh.write(b'{"id": 999, "model": "m", "sc')

    rerun = eed_score("many.jsonl", "--workers", "1", "-o", "out", "-f", "json", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "dropping a partial last line" in rerun.stderr
    assert f"resuming: {len(kept)} of {N_SLOW} pairs" in rerun.stderr
    final = out.read_bytes()
    assert final.startswith(b"".join(kept))  # nothing already written was lost or rewritten
    rows = results(out)
    keys = Counter((r["model"], r["id"]) for r in rows)
    assert len(rows) == N_SLOW and set(keys.values()) == {1}
    assert set(keys) == {("m", i) for i in range(N_SLOW)}
    summary = json.loads(rerun.stdout)
    check_summary_numbers(summary["models"][0], rows)

    again = eed_score("many.jsonl", "--workers", "0", "-o", "out", "-f", "json", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"resuming: {N_SLOW} of {N_SLOW} pairs" in again.stderr
    assert out.read_bytes() == final
    assert json.loads(again.stdout) == summary


def test_ctrl_c_exits_130_and_keeps_what_was_written(tmp_path: Path) -> None:
    # Far more pairs than get scored before the interrupt, so that the run cannot finish first
    # even on a loaded machine.
    many_pairs(tmp_path, 20 * N_SLOW)
    out = tmp_path / "out" / "results.jsonl"
    proc = start(tmp_path, "-q")
    try:
        wait_for_lines(out, proc, 3)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "run the same command again to resume" in stderr
    assert "Traceback" not in stderr
    rows = results(out)
    assert len(rows) >= 3 and len({(r["model"], r["id"]) for r in rows}) == len(rows)


def test_explain_text(tmp_path: Path) -> None:
    run = eed_score(
        "explain",
        r"2 m g + 4\frac{mv_0^2}{l}",
        r"\boxed{2 m g+2\frac{mv_0^2}{l}}",
        "--profile",
        "phybench",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    for heading in ("== Ground truth ==", "== Prediction ==", "== Edit script", "== Score =="):
        assert heading in out
    assert "operator_Mul" in out and "insert number_2" in out
    assert "distance:  2" in out and "GT size:   15" in out and "score:     46.67" in out
    assert "signature: eed:" in out


def test_explain_json(tmp_path: Path) -> None:
    run = eed_score("explain", "a+b+c+d", "a+b+c-d", "-f", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) == {"gt", "pred", "result", "edit_script"}
    assert data["result"]["status"] == "scored"
    assert sum(step["cost"] for step in data["edit_script"]) == data["result"]["distance"]
    assert data["gt"]["tree"].splitlines()[0] == "operator_Add"


# Coverage and messages --------------------------------------------------------------------------

SIX = [
    {"id": i, "tag": tag, "content": "q", "answer": answer}
    for i, (tag, answer) in enumerate(
        [
            ("MECH", "x+1"),
            ("MECH", "2 m g"),
            ("OPT", "n c"),
            (None, "a b"),
            ("OPT", "v t"),
            (None, "y^{2}"),
        ],
        start=1,
    )
]


def test_unanswered_problems_are_counted_and_announced(tmp_path: Path) -> None:
    write_json(tmp_path / "gt.json", SIX)
    write_json(
        tmp_path / "a.json",
        [
            {"id": 1, "model": "m", "model_answer": "x+1"},
            {"id": 3, "model": "m", "model_answer": "n c"},
        ],
    )
    run = eed_score("gt.json", "a.json", "--workers", "0", "-o", "out", "-f", "json", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "warning: model 'm' has no answer for 4 of the 6 problems" in run.stderr
    summary = json.loads(run.stdout)
    assert summary == json.loads((tmp_path / "out" / "summary.json").read_text())
    m = summary["models"][0]
    assert (m["problems"], m["answered"], m["missing"]) == (6, 2, 4)
    assert m["mean"] == pytest.approx(200 / 6) and m["mean_answered"] == 100.0
    assert m["accuracy"] == pytest.approx(2 / 6) and summary["mean_over"] == "all"
    parts = [*m["tags"].values(), m["untagged"]]
    assert sum(t["problems"] for t in parts) == 6 and sum(t["missing"] for t in parts) == 4
    assert "|mean:all|" in summary["signature"]

    text = eed_score("gt.json", "a.json", "--workers", "0", "-o", "out", cwd=tmp_path).stdout
    assert text.splitlines()[0].split()[2:5] == ["problems", "answered", "missing"]
    assert "a missing answer counts as 0" in text and "(untagged)" in text

    only = eed_score(
        "gt.json", "a.json", "--workers", "0", "-o", "out", "--only-answered", "-f", "csv",
        cwd=tmp_path,
    )  # fmt: skip
    assert only.returncode == 0, only.stderr
    assert "left out of the mean (--only-answered)" in only.stderr
    overall = next(r for r in csv.DictReader(io.StringIO(only.stdout)) if r["level"] == "all")
    assert float(overall["mean"]) == 100.0 and overall["mean_over"] == "answered"
    assert float(overall["mean_all_problems"]) == pytest.approx(200 / 6)
    assert "|mean:answered|" in overall["signature"]
    quiet = eed_score("gt.json", "a.json", "--workers", "0", "-q", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""


@pytest.mark.parametrize(
    ("files", "args", "code", "message"),
    [
        (
            {"g.json": '[{"id": 1, "answer": null}]'},
            ["g.json", "gt.json"],
            3,
            "g.json:1: item 1: 'answer' is null; expected the ground truth as a LaTeX string",
        ),
        ({"g.json": ""}, ["g.json", "gt.json"], 3, "g.json: the file is empty; expected ground"),
        (
            {"a.json": "[]"},
            ["gt.json", "a.json"],
            3,
            "a.json: expected at least one record",
        ),
        (
            {"a.jsonl": '{"id": 1, "model_answer": "x"}\n[1]\n'},
            ["gt.json", "a.jsonl"],
            3,
            "a.jsonl:2: expected a JSON object, found a list",
        ),
        (
            {"a.jsonl": '{"id": 1, "model_answer": {"x": 1}}\n'},
            ["gt.json", "a.jsonl"],
            3,
            "a.jsonl:1: expected 'model_answer' to be a string, found an object",
        ),
        (
            {"g.json": '[{"id": 1, "answer": " "}]', "a.txt": "x\n"},
            ["g.json", "a.txt"],
            3,
            "g.json:1: 'answer' is blank; expected the ground truth's LaTeX",
        ),
        (
            {},
            ["gt.json", "gt.json", "-o", "gt.json"],
            5,
            "gt.json: is a file, not a directory; --output takes a directory",
        ),
        (
            {},
            ["gt.json", "gt.json", "--workers", "0", "--timeout", "5"],
            2,
            "--timeout cannot be enforced with --workers 0",
        ),
        ({}, ["gt.json", "gt.json", "--plot", "h.jpg"], 2, "--plot h.jpg: cannot draw a '.jpg'"),
    ],
)
def test_messages_say_what_is_wrong(
    tmp_path: Path, files: dict[str, str], args: list[str], code: int, message: str
) -> None:
    write_json(tmp_path / "gt.json", GT)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    before = (tmp_path / "gt.json").read_text()
    run = eed_score(*args, cwd=tmp_path)
    assert run.returncode == code, run.stderr
    assert run.stderr.startswith(f"eed-score: error: {message}"), run.stderr
    assert "Traceback" not in run.stderr
    assert (tmp_path / "gt.json").read_text() == before


def test_unreachable_scheduler_has_its_own_exit_code(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as s:  # a port with nothing listening on it
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "p.jsonl").write_text('{"gt": "x", "pred": "x+1"}\n')
    run = eed_score("p.jsonl", "--scheduler", f"tcp://127.0.0.1:{port}", cwd=tmp_path)
    assert run.returncode == 6 and 6 in EXIT_CODES
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:" in run.stderr


def test_results_say_no_distance_where_no_trees_were_compared(tmp_path: Path) -> None:
    (tmp_path / "p.jsonl").write_text(
        '{"id": 1, "gt": "\\\\frac{a^2-b^2}{a-b}", "pred": "a+b"}\n'
        '{"id": 2, "gt": "a+b+c", "pred": "a+b-c"}\n'
    )
    run = eed_score("p.jsonl", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    r = by_key(results(tmp_path / "out" / "results.jsonl"))
    same, other = r["p", "1"], r["p", "2"]
    assert same["status"] == "equivalent" and same["score"] == 100.0
    assert same["gt_size"] is None and same["distance"] is None
    assert same["relative_distance"] is None
    assert other["status"] == "scored" and other["gt_size"] and other["distance"] is not None


def test_repair_only_what_is_torn(tmp_path: Path) -> None:
    (tmp_path / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in PAIRS))
    first = eed_score("pairs.jsonl", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    path = tmp_path / "out" / "results.jsonl"
    good = path.read_bytes()
    path.write_bytes(good + b'{"a": 1}\n')
    run = eed_score("pairs.jsonl", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert run.returncode == 3
    assert "results.jsonl:4: expected a result record as eed-score writes them" in run.stderr
    assert "dropping" not in run.stderr and path.read_bytes() == good + b'{"a": 1}\n'
    lines = good.splitlines(keepends=True)
    path.write_bytes(lines[0] + b"\n" + b"".join(lines[1:]))
    run = eed_score("pairs.jsonl", "--workers", "0", "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "results.jsonl:2: skipping a blank line" in run.stderr
    assert "resuming: 3 of 3 pairs" in run.stderr


def test_help_and_docs_describe_every_option_and_exit_code() -> None:
    parser = build_parser()
    text = parser.format_help()
    assert "explain" in text
    doc = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text()
    options = doc.split("## Options", 1)[1].split("\n## ", 1)[0]
    for action in parser._actions:
        longest = max(action.option_strings, key=len, default=None)
        if longest is None or longest == "--help":
            continue
        assert f"`{longest}" in options, f"{longest} is not in docs/cli.md's options table"
    for code, meaning in EXIT_CODES.items():
        assert f"| {code} |" in doc and f"\n  {code:<3}  " in text, meaning


def test_demo_leaves_its_output_and_prints_working_commands(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "examples" / "demo.py"
    run = subprocess.run(
        [sys.executable, str(demo)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr
    out = tmp_path / "demo-output"
    assert (out / "run" / "results.jsonl").exists() and (out / "run" / "summary.json").exists()
    assert "missing" in run.stdout and "has no answer for" in run.stderr
    # make demo writes the run's report and prints where it is.
    report = out / "report.html"
    assert f"report: {report.resolve()}" in run.stdout.splitlines()
    assert report.stat().st_size > 10_000 and 'id="eed-data"' in report.read_text("utf-8")
    command = shlex.split(run.stdout.splitlines()[0].removeprefix("$ "))
    for word in command:
        if word.endswith(".json"):
            assert (tmp_path / word).exists(), word
    again = subprocess.run(
        [*command, "-f", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert again.returncode == 0, again.stderr
    written = len((out / "run" / "results.jsonl").read_text().splitlines())
    assert f"resuming: {written} of {written} pairs" in again.stderr
    models = json.loads(again.stdout)["models"]
    assert sum(m["answered"] for m in models) == written
    assert all(m["missing"] == m["problems"] - m["answered"] for m in models)


# Killing the parent -----------------------------------------------------------------------------


def session_processes(sid: int) -> list[int]:
    """Live processes of a session (zombies hold nothing and are left out)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, _pgrp, session = stat.rsplit(")", 1)[1].split()[:4]
        if int(session) == sid and state != "Z":
            found.append(int(entry))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigkill_takes_the_workers_and_the_lock_with_it(tmp_path: Path) -> None:
    # A side that no signal can interrupt (a C-level integer power) keeps one worker busy until
    # its wall; the quick pairs go through the other worker.
    lines = [json.dumps({"id": "slow", "model": "m", "gt": "x", "pred": r"5^{5^{5^{5^5}}}"})]
    lines += [
        json.dumps({"id": i, "model": "m", "gt": f"x^{{{i + 2}}}+{i}", "pred": f"x^{{{i + 2}}}"})
        for i in range(8)
    ]
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out" / "results.jsonl"
    cmd = [sys.executable, "-m", "eed", "many.jsonl", "--workers", "2", "-o", "out", "-q"]
    proc = subprocess.Popen(
        cmd,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    resume: subprocess.Popen[str] | None = None
    try:
        wait_for_lines(out, proc, 8)
        assert proc.poll() is None, "the run finished before it could be killed"
        assert len(session_processes(proc.pid)) >= 3  # the CLI and its two workers
        os.kill(proc.pid, signal.SIGKILL)  # the CLI alone, as the OOM killer would
        killed = time.monotonic()
        proc.wait(10)
        while session_processes(proc.pid) and time.monotonic() - killed < 2.0:
            time.sleep(0.02)
        gone = time.monotonic() - killed
        assert session_processes(proc.pid) == [], "a worker outlived its parent"

        resume = subprocess.Popen(
            cmd[:-1],  # not quiet: it says it resumes
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert resume.stderr is not None
        said = ""
        while "resuming:" not in said:  # a warning may come first; EOF ends it
            line = resume.stderr.readline()
            if not line:
                break
            said += line
        started = time.monotonic() - killed
        assert "eed-score: resuming: 8 of 9 pairs" in said, said
        print(f"\nno process left {gone:.2f} s after SIGKILL; resume started after {started:.2f} s")
    finally:
        for p in (proc, resume):
            if p is not None and p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(10)
            if p is not None and p.stderr is not None:
                p.stderr.close()
        for pid in session_processes(proc.pid) + (session_processes(resume.pid) if resume else []):
            os.kill(pid, signal.SIGKILL)
