"""Why a pair scored what it did: both sides' readings, both trees and the edit script.

`explain` runs the same pipeline as `eed.score` (in a worker process, under the same hard
walls) and keeps every intermediate form.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .batch import decide_wall, outcome_of, prepare_wall, single_call_engine
from .budget import AlarmBudget
from .config import Config, configured
from .distance import EditOp, tree_edit_script
from .latex import preprocess
from .result import Result, Status
from .scoring import Side, run_pair, screen
from .tree import Node, draw, tree_of

__all__ = ["Explanation", "SideView", "explain"]


@dataclass(frozen=True)
class SideView:
    """One answer as the pipeline read it."""

    latex: str
    preprocessed: str | None
    sympy: str | None
    tree: str | None
    size: float | None
    error: str | None
    form: str | None = None  # the answer's form as the scorer read it (kind, name, unit...)


@dataclass(frozen=True)
class Explanation:
    """Everything behind one score."""

    gt: SideView
    pred: SideView
    result: Result
    edit_script: tuple[EditOp, ...] = field(default_factory=tuple)
    # The trees the edit script runs between (prediction -> ground truth), for drawing them;
    # None when no trees were compared.
    gt_tree: Node | None = field(default=None, repr=False)
    pred_tree: Node | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        # The trees are in the views already, drawn as text.
        d.pop("gt_tree")
        d.pop("pred_tree")
        d["result"] = self.result.to_dict()
        d["edit_script"] = [
            dataclasses.asdict(op) | {"step": op.describe()} for op in self.edit_script
        ]
        return d

    def to_text(self) -> str:
        out: list[str] = []
        for title, view in (("Ground truth", self.gt), ("Prediction", self.pred)):
            out.append(f"== {title} ==")
            out.append(f"LaTeX:         {view.latex}")
            out.append(f"preprocessed:  {view.preprocessed}")
            out.append(f"SymPy:         {view.sympy}")
            if view.form:
                out.append(f"form:          {view.form}")
            if view.error:
                out.append(f"problem:       {view.error}")
            if view.tree:
                out.append(f"tree ({view.size:g} nodes):")
                out.extend("  " + line for line in view.tree.splitlines())
            out.append("")
        if self.edit_script:
            out.append("== Edit script (prediction -> ground truth) ==")
            total = 0.0
            for k, op in enumerate(self.edit_script, 1):
                if op.cost == 0:
                    continue
                total += op.cost
                out.append(f"{k:>3}. {op.describe():<60} cost {op.cost:g}  (total {total:g})")
            out.append("")
        r = self.result
        out.append("== Score ==")
        out.append(f"status:    {r.status.value}")
        out.append(f"score:     {r.score:.4g}")
        if r.distance is not None:
            out.append(f"distance:  {r.distance:g}")
        if r.gt_size is not None:
            out.append(f"GT size:   {r.gt_size:g}")
        out.append(f"reason:    {r.reason}")
        out.append(f"signature: {r.signature}")
        return "\n".join(out)


def _view(latex: str, side: Side | None, config: Config) -> SideView:
    try:
        pre: str | None = preprocess(latex, config)
    except Exception as exc:  # the reading failed before latex2sympy; say so in the view
        pre = f"<preprocessing failed: {exc}>"
    if side is None:
        return SideView(latex, pre, None, None, None, None)
    tree: Node | None = None
    if side.ok:
        try:
            tree = tree_of(side.expr, config)
        except Exception:
            tree = None
    return SideView(
        latex=latex,
        preprocessed=pre,
        sympy=None if side.expr is None else str(side.expr),
        tree=None if tree is None else draw(tree),
        size=None if side.flat is None else side.flat.size,
        error=side.error or side.tree_error,
        form=_form(side),
    )


def _unread(value: object) -> SideView:
    """The view of an input that is not LaTeX at all."""
    return SideView(repr(value), None, None, None, None, None)


def _form(side: Side) -> str:
    """What the scorer read beyond the expression: kind, name, unit, chain sides, option."""
    parts = [side.kind]
    if side.parts:
        parts[0] += f" of {len(side.parts)}"
        names = [str(p.name) for p in side.parts if p.name is not None]
        if names:
            parts.append("names " + ", ".join(names))
    if side.name is not None:
        parts.append(f"defines {side.name}")
    if side.ops:
        links = ", ".join(
            f"{c.expr} {op} 0" for c, op in zip(side.conjuncts, side.ops, strict=True)
        )
        parts.append(f"states the relation {links}")
    if side.unit is not None:
        parts.append(f"unit {side.unit.strip()}")
    if side.alternatives:
        parts.append("other chain sides " + ", ".join(str(a.expr) for a in side.alternatives))
    if side.derivatives:
        parts.append("derivatives beside the value " + ", ".join(map(str, side.derivatives)))
    if side.worded:
        parts.append("related to words " + ", ".join(side.worded))
    if side.condition is not None:
        links = ", ".join(
            f"{c.expr} {op} 0"
            for c, op in zip(side.condition.conjuncts, side.condition.ops, strict=True)
        )
        parts.append(f"holds where {links}")
    if side.equation_expr is not None:
        parts.append("an equation")
    if side.option is not None:
        parts.append(f"option ({side.option.letter})")
    return "; ".join(parts)


def explain_task(gt: str, pred: str, config: Config) -> Explanation:
    """Worker entry: the whole explanation, computed in one process."""
    run = run_pair(gt, pred, config, AlarmBudget())
    gt_side, pred_side, result = run.gt, run.pred, run.result
    script: tuple[EditOp, ...] = ()
    gt_tree: Node | None = None
    pred_tree: Node | None = None
    if (
        gt_side is not None
        and pred_side is not None
        and result.method
        in (
            "distance",
            "distance_unchecked",
        )
    ):
        gt_tree, pred_tree = tree_of(gt_side.expr, config), tree_of(pred_side.expr, config)
        script = tuple(tree_edit_script(pred_tree, gt_tree, config))
    return Explanation(
        _view(gt, gt_side, config),
        _view(run.pred_text, pred_side, config),
        result,
        script,
        gt_tree,
        pred_tree,
    )


def explain(
    gt: object,
    pred: object,
    *,
    profile: str | Config = "default",
    answer_type: str | None = None,
    extract: bool | None = None,
) -> Explanation:
    """Score a pair and keep every intermediate form, for reports and debugging.

    ``answer_type`` and ``extract`` are as in `eed.score`, so that the explanation is of
    exactly the score that was given; the prediction's view shows the answer that was read."""
    config = configured(profile, answer_type=answer_type, extract=extract)
    if not (isinstance(gt, str) and isinstance(pred, str)):
        invalid = screen(gt, pred, config).early
        assert invalid is not None
        return Explanation(_unread(gt), _unread(pred), invalid)
    engine = single_call_engine()
    wall = 2 * prepare_wall(config) + decide_wall(config)
    out = outcome_of(engine.submit(explain_task, (gt, pred, config), wall))
    if out.value is not None:
        return out.value
    failed = Result(
        score=0.0,
        status=Status.TIMEOUT if out.failure == "timeout" else Status.ERROR,
        reason=f"explaining this pair failed: {out.detail}",
        timed_out=out.failure == "timeout",
        signature=config.signature(),
    )
    return Explanation(_view(gt, None, config), _view(pred, None, config), failed)
