"""score_many on a Dask cluster gives exactly the local results."""

from __future__ import annotations

import pytest

import eed

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

GTS = [
    r"2 m g + 4\frac{mv_0^2}{l}",
    r"\frac{a^2-b^2}{a-b}",
    "x + y",
    r"\frac{1}{",
    r"5^{5^{5^{5^5}}}",
]
PREDS = [r"2 m g+2\frac{mv_0^2}{l}", "a+b", "x - y", "x", "x"]


@pytest.fixture(scope="module")
def client() -> object:
    # Non-daemonic workers may start their own killable pools: hard walls hold on the cluster too.
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        c = distributed.Client(cluster)
        try:
            yield c
        finally:
            c.close()
            cluster.close()


def test_dask_results_equal_local(client: object) -> None:
    executor = client.get_executor()  # type: ignore[attr-defined]
    remote = eed.score_many(GTS, PREDS, profile="phybench", executor=executor, timeout=5.0)
    local = eed.score_many(GTS, PREDS, profile="phybench", workers=2, timeout=5.0)
    assert remote[:4] == local[:4]
    # The power tower is killed on the cluster as locally.
    assert remote[4].status is local[4].status is eed.Status.TIMEOUT


def test_cli_scheduler(client: object, tmp_path: object) -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    tmp = Path(str(tmp_path))
    pairs = [
        {"id": i, "gt": g, "pred": p}
        for i, (g, p) in enumerate(zip(GTS[:4], PREDS[:4], strict=True))
    ]
    (tmp / "pairs.jsonl").write_text("".join(json.dumps(p) + "\n" for p in pairs))
    address = client.scheduler.address  # type: ignore[attr-defined]
    common = ["pairs.jsonl", "--profile", "phybench", "--no-cache", "-f", "json", "-q"]
    remote = subprocess.run(
        [sys.executable, "-m", "eed", *common, "--scheduler", address, "-o", "remote"],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert remote.returncode == 0, remote.stderr
    local = subprocess.run(
        [sys.executable, "-m", "eed", *common, "--workers", "0", "-o", "local"],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert local.returncode == 0, local.stderr

    def scores(d: str) -> dict[object, tuple[object, ...]]:
        rows = [json.loads(x) for x in (tmp / d / "results.jsonl").read_text().splitlines()]
        return {r["id"]: (r["score"], r["status"], r["distance"]) for r in rows}

    assert scores("remote") == scores("local")
