"""score_many on a Dask cluster gives exactly the local results."""

from __future__ import annotations

import pytest

import eed

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")

GTS = [r"2 m g + 4\frac{mv_0^2}{l}", r"\frac{a^2-b^2}{a-b}", "x + y", r"\frac{1}{", r"5^{5^{5^{5^5}}}"]
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
