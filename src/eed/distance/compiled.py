"""The binding to the C core (`eed._zs`), which computes exactly what `python_distance` does."""

from __future__ import annotations

from collections.abc import Callable

from ..config import NODE_KINDS, Config
from .flat import FlatTree

__all__ = ["compiled_distance"]


def compiled_distance() -> Callable[[FlatTree, FlatTree, Config], float] | None:
    try:
        from .. import _zs  # type: ignore[attr-defined]
    except ImportError:
        return None

    c_distance = _zs.distance
    kind_id: dict[str, int] = {k: i for i, k in enumerate(NODE_KINDS)}
    kind_of = kind_id.__getitem__

    def run(a: FlatTree, b: FlatTree, config: Config) -> float:
        # The C core compares int ids: a's labels get ids, and a target label that a lacks gets
        # -1, which equals no id, just as the string matches nothing in a.
        ids = {s: i for i, s in enumerate(a.labels)}
        get = ids.get
        return float(
            c_distance(
                a.lmd,
                [ids[s] for s in a.labels],
                list(map(kind_of, a.kinds)),
                a.single_del,
                a.tree_cost,
                b.lmd,
                [get(s, -1) for s in b.labels],
                list(map(kind_of, b.kinds)),
                b.single_ins,
                b.tree_cost,
                [config.update_cost.of(k) for k in NODE_KINDS],
                config.change_type_cost,
            )
        )

    return run
