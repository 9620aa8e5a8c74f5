"""`eed serve` with real HTTP clients: the server runs in a subprocess on a free local port."""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="eed serve needs the web stack: pip install 'eed[serve]'")
pytest.importorskip("uvicorn", reason="eed serve needs the web stack: pip install 'eed[serve]'")

import eed
from corpus import load_pairs
from eed import Result, Status
from eed.cli.serve import build_serve_parser
from serve_helpers import Server, alive, children, running, start_server

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "test-token-xyz"
TIMEOUT = 2.0
MAX_PAIRS = 40
MAX_CHARS = 2000
# No alarm interrupts this power: only the hard wall of the worker pool ends it.
HANG = r"5^{5^{5^{5^5}}}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("serve")
    args = [
        "--workers",
        "2",
        "--timeout",
        str(TIMEOUT),
        "--max-pairs",
        str(MAX_PAIRS),
        "--max-answer-chars",
        str(MAX_CHARS),
        "--max-body-mb",
        "1",
        "--concurrency",
        "1",
        "--queue",
        "1",
    ]
    # The token comes from the environment, as a deployment would give it.
    with running(tmp, *args, env={"EED_SERVE_TOKEN": TOKEN}) as s:
        yield s


def score(server: Server, pairs: list[Any]) -> tuple[int, Any]:
    return server.json("POST", "/score", {"pairs": pairs}, token=TOKEN)


def corpus_pairs(n: int) -> list[dict[str, str]]:
    rows = [p for p in load_pairs("physics") if len(p["gt"]) < 60 and len(p["pred"]) < 80]
    return [{"gt": p["gt"], "pred": p["pred"]} for p in rows[:n]]


# Endpoints


def test_health_is_open_and_names_the_signature(server: Server) -> None:
    code, body = server.json("GET", "/health")
    assert code == 200 and body["status"] == "ok"
    config = eed.get_config("default")
    assert body["signature"] == config.signature()


def test_results_are_those_of_score_many(server: Server) -> None:
    pairs = corpus_pairs(16)
    code, body = score(server, pairs)
    assert code == 200
    got = [Result.from_dict(d) for d in body["results"]]
    want = eed.score_many(
        [p["gt"] for p in pairs], [p["pred"] for p in pairs], profile="default", workers=2
    )
    # A pair whose budget fired depends on the machine's load, not only on (gt, pred, config),
    # as in benchmarks/run.py: it is left out of the identity check.
    kept = [i for i in range(len(pairs)) if not (got[i].timed_out or want[i].timed_out)]
    assert len(kept) >= len(pairs) // 2
    assert [got[i] for i in kept] == [want[i] for i in kept]
    assert body["signature"] == want[0].signature
    assert {r.status for r in got} & {Status.EQUIVALENT, Status.SCORED}


def test_reward_speaks_openrlhf(server: Server) -> None:
    prompt = r"<|user|>The energy is $\frac{1}{2} m v^2$ or what? <|assistant|>"
    body = {
        "query": [prompt + r"It is \boxed{\frac{m v^2}{2}}", prompt + r"\boxed{m v}", "no math"],
        "prompts": [prompt, prompt, "x"],
        "labels": [r"\frac{1}{2} m v^2", r"\frac{1}{2} m v^2", r"\frac{1}{"],
    }
    code, out = server.json("POST", "/reward", body, token=TOKEN)
    assert code == 200
    assert set(out) == {"rewards", "scores", "extra_logs"}
    rewards = out["rewards"]
    assert len(rewards) == 3 and out["scores"] == rewards
    assert rewards[0] == 1.0 and 0.0 <= rewards[1] < 1.0
    logs = out["extra_logs"]
    assert logs["eed_equivalent"] == [1.0, 0.0, 0.0]
    # An unreadable gold answer cannot be skipped by OpenRLHF: 0, and flagged.
    assert rewards[2] == 0.0 and logs["eed_gold_ok"] == [1.0, 1.0, 0.0]
    # The answer is read from the response alone, not from the formula in the prompt.
    code, out = server.json(
        "POST",
        "/reward",
        {"query": [prompt + "no idea"], "prompts": [prompt], "labels": [r"\frac{1}{2} m v^2"]},
        token=TOKEN,
    )
    assert code == 200 and out["rewards"] == [0.0]
    # prompts may be left out; a numeric label counts as its LaTeX.
    code, out = server.json(
        "POST", "/reward", {"query": [r"\boxed{3}"], "labels": [3]}, token=TOKEN
    )
    assert code == 200 and out["rewards"] == [1.0]


def test_a_pathological_pair_costs_its_budget_only(server: Server) -> None:
    start = time.monotonic()
    code, body = score(server, [{"gt": HANG, "pred": "x"}, {"gt": "x+1", "pred": "1+x"}])
    took = time.monotonic() - start
    assert code == 200
    first, second = (Result.from_dict(d) for d in body["results"])
    assert first.status is Status.TIMEOUT and second.status is Status.EQUIVALENT
    assert took < TIMEOUT + 4


# Token


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/score"), ("POST", "/reward"), ("GET", "/metrics")]
)
@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x"])
def test_the_token_guards_every_endpoint_but_health(
    server: Server, method: str, path: str, token: str | None
) -> None:
    body = {"pairs": []} if method == "POST" else None
    code, headers, data = server.request(method, path, body, token=token)
    assert code == 401 and headers.get("www-authenticate", headers.get("WWW-Authenticate"))
    assert json.loads(data)["field"] == "Authorization"


# Bad input


@pytest.mark.parametrize(
    ("path", "raw", "code", "field"),
    [
        ("/score", b'{"pairs": [', 400, "body"),
        ("/score", b"\xff\xfe", 400, "body"),
        ("/score", b"[1, 2]", 400, "body"),
        ("/score", b"{}", 422, "pairs"),
        ("/score", b'{"pairs": "x+1"}', 422, "pairs"),
        (
            "/score",
            json.dumps({"pairs": [{"gt": "x", "pred": "x"}] * (MAX_PAIRS + 1)}).encode(),
            413,
            "pairs",
        ),
        (
            "/score",
            json.dumps({"pairs": [{"gt": "x", "pred": "x" * (MAX_CHARS + 1)}]}).encode(),
            413,
            "pairs[0].pred",
        ),
        ("/score", b'{"pairs": [], "pad": "' + b"x" * (1024 * 1024) + b'"}', 413, "body"),
        ("/reward", b'{"query": ["x"]}', 422, "labels"),
        ("/reward", b'{"query": ["x", "y"], "labels": ["x"]}', 422, "labels"),
        ("/reward", b'{"query": [1], "labels": ["x"]}', 422, "query[0]"),
        ("/reward", b'{"query": ["x"], "labels": ["x"], "prompts": ["a", "b"]}', 422, "prompts"),
        (
            "/reward",
            json.dumps({"query": ["x" * (MAX_CHARS + 1)], "labels": ["x"]}).encode(),
            413,
            "query[0]",
        ),
    ],
)
def test_bad_requests_get_a_4xx_naming_the_field(
    server: Server, path: str, raw: bytes, code: int, field: str
) -> None:
    got, headers, data = server.request("POST", path, raw=raw, token=TOKEN)
    assert got == code, data
    body = json.loads(data)
    assert body["field"] == field and body["error"]
    assert headers.get("content-type", headers.get("Content-Type", "")).startswith(
        "application/json"
    )


def test_one_bad_pair_gets_its_own_status_and_the_rest_are_scored(server: Server) -> None:
    pairs: list[Any] = [
        {"gt": "x+1", "pred": "1+x"},
        {"gt": 5, "pred": "5"},
        "x+1",
        {"gt": "y"},
        {"gt": "2x", "pred": "x+x"},
    ]
    code, body = score(server, pairs)
    assert code == 200
    results = [Result.from_dict(d) for d in body["results"]]
    assert [r.status for r in results] == [
        Status.EQUIVALENT,
        Status.INVALID_INPUT,
        Status.INVALID_INPUT,
        Status.INVALID_INPUT,
        Status.EQUIVALENT,
    ]
    assert "pairs[1].gt" in (results[1].reason or "")
    assert "pairs[2]" in (results[2].reason or "")
    assert "pairs[3].pred" in (results[3].reason or "")


# Backpressure


def test_a_flood_gets_503_with_retry_after_and_the_admitted_are_scored(server: Server) -> None:
    # One slot and one waiting place: each request holds its slot for a pair's whole budget.
    slow = {"pairs": [{"gt": HANG, "pred": "x"}]}
    with cf.ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(_timed, server, slow) for _ in range(8)]
        answers = [f.result() for f in futures]
    codes = [code for code, _, _ in answers]
    assert codes.count(200) >= 1 and codes.count(503) >= 4, codes
    assert set(codes) <= {200, 503}
    for code, headers, took in answers:
        if code == 503:
            assert int(headers.get("retry-after", headers.get("Retry-After", "0"))) >= 1
            assert took < 1.5  # refused at once, never queued without bound
    code, metrics = server.request("GET", "/metrics", token=TOKEN)[::2]
    text = metrics.decode()
    assert 'eed_errors_total{kind="overloaded"}' in text
    overloaded = _metric(text, 'eed_errors_total{kind="overloaded"}')
    assert overloaded >= codes.count(503)


def _timed(server: Server, body: Any) -> tuple[int, dict[str, str], float]:
    start = time.monotonic()
    code, headers, _ = server.request("POST", "/score", body, token=TOKEN)
    return code, headers, time.monotonic() - start


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    raise AssertionError(f"{name} not in the metrics")


def test_metrics_are_prometheus_text(server: Server) -> None:
    score(server, [{"gt": HANG, "pred": "x"}, {"gt": 1, "pred": "x"}])
    code, headers, data = server.request("GET", "/metrics", token=TOKEN)
    assert code == 200
    assert headers.get("content-type", headers.get("Content-Type", "")).startswith("text/plain")
    text = data.decode()
    for family in (
        "eed_requests_total",
        "eed_pairs_total",
        "eed_request_duration_seconds",
        "eed_timeouts_total",
        "eed_errors_total",
        "eed_info",
    ):
        assert f"# TYPE {family} " in text, family
    assert _metric(text, "eed_timeouts_total") >= 1
    assert _metric(text, 'eed_pairs_total{status="invalid_input"}') >= 1
    assert eed.get_config("default").signature() in text
    count = _metric(text, 'eed_request_duration_seconds_count{endpoint="/score"}')
    inf = _metric(text, 'eed_request_duration_seconds_bucket{endpoint="/score",le="+Inf"}')
    assert count == inf >= 1
    for line in text.splitlines():
        assert line.startswith("#") or len(line.rsplit(" ", 1)) == 2, line


# Lifecycle


def test_sigterm_finishes_the_requests_in_flight_and_leaves_no_worker(tmp_path: Path) -> None:
    server = start_server(
        tmp_path,
        "--workers",
        "2",
        "--timeout",
        str(TIMEOUT),
        "--concurrency",
        "2",
        "--grace",
        "20",
    )
    try:
        workers = children(server.proc.pid)
        assert len(workers) >= 2
        slow = {"pairs": [{"gt": HANG, "pred": "x"}, {"gt": "x+1", "pred": "1+x"}]}
        with cf.ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(server.json, "POST", "/score", slow) for _ in range(2)]
            time.sleep(0.8)  # both requests are being scored
            start = time.monotonic()
            server.proc.send_signal(signal.SIGTERM)
            answers = [f.result() for f in futures]
        code = server.proc.wait(30)
        took = time.monotonic() - start
    finally:
        server.stop()
    assert code == 0, server.log.read_text()
    assert [a[0] for a in answers] == [200, 200]
    for _, body in answers:
        assert [r["status"] for r in body["results"]] == ["timeout", "equivalent"]
    assert took < TIMEOUT + 10
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)
    done = sum(a[0] == 200 for a in answers)
    print(f"\nSIGTERM: exit after {took:.2f} s, {done} of 2 requests in flight completed")


def test_sigkill_takes_the_workers_with_it(tmp_path: Path) -> None:
    server = start_server(tmp_path, "--workers", "2")
    try:
        workers = children(server.proc.pid)
        assert len(workers) >= 2
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(10)
    finally:
        server.stop()
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)


def test_it_binds_to_loopback_unless_told(tmp_path: Path) -> None:
    args = build_serve_parser().parse_args([])
    assert args.host == "127.0.0.1" and args.token is None


def test_help_shows_the_trainer_configurations_and_docs_every_option() -> None:
    parser = build_serve_parser()
    text = parser.format_help()
    for needle in ("/reward", "remote_url", "pkg://eed.rewards.verl", "EEDReward", "503"):
        assert needle in text, needle
    doc = (ROOT / "docs" / "rewards.md").read_text()
    for action in parser._actions:
        longest = max(action.option_strings, key=len, default=None)
        if longest is None or longest == "--help":
            continue
        assert f"`{longest}" in doc, f"{longest} is not in docs/rewards.md"


# Clients: TRL and verl through the server


def test_remote_rewards_match_the_local_ones(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eed.rewards import EEDReward, RemoteEEDReward, RemoteScoringError
    from eed.rewards.verl import compute_score

    gold = [r"\frac{1}{2} m v^2", r"2 m g + 4\frac{mv_0^2}{l}", r"\frac{1}{"]
    completions = [r"so \boxed{\frac{m v^2}{2}}", r"$2 m g+2\frac{mv_0^2}{l}$", r"\boxed{x}"]
    for shape in ("eed", "scaled", "binary"):
        remote = RemoteEEDReward(server.url, shape=shape, token=TOKEN)
        local = EEDReward(shape=shape)
        assert remote(completions=completions, solution=gold) == local(
            completions=completions, solution=gold
        )
    monkeypatch.setenv("EED_SERVE_TOKEN", TOKEN)
    for c, g in zip(completions, gold, strict=True):
        assert compute_score("x", c, g, {}, server_url=server.url) == compute_score("x", c, g, {})
    with pytest.raises(RemoteScoringError, match="401"):
        RemoteEEDReward(server.url, token="wrong")(completions=["1"], solution=["1"])


def test_a_port_in_use_exits_7_and_says_so() -> None:
    import socket
    import subprocess
    import sys

    from serve_helpers import die_with_pytest

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            [sys.executable, "-m", "eed", "serve", "--port", str(port), "--workers", "1"],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            preexec_fn=die_with_pytest,
        )
    assert run.returncode == 7, run.stderr
    assert "cannot serve on" in run.stderr
