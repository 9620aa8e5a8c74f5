"""Answers of several elements: tuples, sets, intervals, and elements matched by name."""

from __future__ import annotations

from ..answers import forced_form, form_of
from ..config import Config
from ..result import Result, Status
from .context import Context
from .matching import best_matching, mean_of
from .outcomes import PARTIAL_CAP
from .side import Side

__all__ = ["decide_named", "decide_parts", "named_pairs"]


def _brackets(side: Side) -> str | None:
    """How an answer's outer brackets read: an interval's own, "()" for a tuple written in
    parentheses, "{}" for a set written in braces, None for a bare list."""
    if form_of(side.kind).brackets_matter:
        return side.brackets
    return side.brackets if side.parts else None


def _shape(side: Side) -> str:
    return "none" if side.shape is None else f"{side.shape[0]}x{side.shape[1]}"


def decide_parts(gt: Side, pred: Side, ctx: Context) -> Result:
    """Tuples, lists, sets, intervals and matrices: the mean of per-element scores.

    Tuples, intervals and matrices compare in order; sets (and any pair where the answer type
    is "set") by the best one-to-one matching, and so do two bare lists, or a list and a set; a
    bare list against an ordered answer keeps its written order. When either answer is a
    matrix, the shapes must match (a tuple in parentheses is a column), else it keeps at most
    half. Missing or extra elements score 0: the mean runs over the larger count. When either
    answer is an interval and the two are written with different brackets (``(0, 9)`` and
    ``[0, 9)``), or one is a set in braces and the other a tuple in parentheses or angle
    brackets (``\\{1, 2\\}`` and ``(1, 2)``), the answer keeps at most half.
    """
    config = ctx.config
    gparts, pparts = gt.parts or (gt,), pred.parts or (pred,)
    forced = forced_form(config)
    gform, pform = form_of(gt.kind), form_of(pred.kind)
    if forced is not None:
        unordered = not forced.ordered
    elif gform.ordered or pform.ordered:
        # A set on either side: its parts have no order. A bare list against an answer that
        # states an order keeps the order it is written in.
        unordered = not (
            (gform.ordered or gform.loose_order) and (pform.ordered or pform.loose_order)
        )
    else:  # two lists, or a set
        unordered = True
    notes = []
    if unordered:
        table = [[ctx.compare(g, p) for p in pparts] for g in gparts]
        # Only a set or a bare list may name a value twice: a tuple's entries are its own.
        repeats = _repeats(table, pparts) if gt.parts and not pform.ordered else []
        if repeats:
            named = ", ".join(str(pparts[j].expr) for j in repeats)
            notes.append(f"listed twice, counted once: {named}")
            pparts = tuple(p for j, p in enumerate(pparts) if j not in repeats)
            table = [[r for j, r in enumerate(row) if j not in repeats] for row in table]
        matching = best_matching([[r.score for r in row] for row in table])
        chosen = [table[i][j] for i, j in matching]
    else:
        chosen = [ctx.compare(g, p) for g, p in zip(gparts, pparts, strict=False)]
    cap = 100.0
    gb, pb = _brackets(gt), _brackets(pred)
    if form_of(gt.kind).brackets_matter or form_of(pred.kind).brackets_matter:
        clash = (gb or "()") != (pb or "()")
    else:  # a set in braces is not a tuple in parentheses; a bare list may be either
        clash = "{}" in (gb, pb) and bool({gb, pb} & {"()", "<>"})
    if clash:
        cap = PARTIAL_CAP
        notes.append(f"brackets {pb or 'none'} instead of {gb or 'none'}")
    if (gform.shaped or pform.shaped) and gt.shape != pred.shape:
        # A matrix is not its entries in another shape, a row is not a column, and a set or a
        # bare list is no vector.
        cap = PARTIAL_CAP
        notes.append(f"shape {_shape(pred)} instead of {_shape(gt)}")
    how = "best matching" if unordered else "in order"
    summary = f"{gt.kind} of {len(gparts)} vs {len(pparts)} elements, {how}"
    count = max(len(gparts), len(pparts))
    return mean_of(chosen, count, summary, notes, cap, gt, pred, config)


def _repeats(table: list[list[Result]], pparts: tuple[Side, ...]) -> list[int]:
    r"""The prediction's elements (columns) that repeat an earlier one: the same expression,
    equivalent to the same ground-truth element (``3.14`` is no repeat of ``\pi``). A set named
    twice is the same set, so a repeat is dropped, but only when no prediction element is
    equivalent to two ground-truth elements: a ground truth that lists a value twice counts it
    (roots with their multiplicity), and then so does the prediction."""
    same = [
        {i for i, row in enumerate(table) if row[j].status is Status.EQUIVALENT}
        for j in range(len(table[0]) if table else 0)
    ]
    if any(len(rows) > 1 for rows in same):
        return []
    repeats = []
    for j, rows in enumerate(same):
        earlier = [k for k in range(j) if k not in repeats and same[k] == rows]
        if rows and any(pparts[k].expr == pparts[j].expr for k in earlier):
            repeats.append(j)
    return repeats


def named_pairs(gt: Side, pred: Side, config: Config) -> list[tuple[Side, Side | None]] | None:
    """Pair elements by the names their equations define, when both answers name them.

    Applies when one answer lists several elements, every ground-truth element defines a
    distinct name, the prediction's names are distinct, and at least one name is shared:
    ``B_z = ...`` against ``E_z = ..., B_z = ...`` compares the two ``B_z``.
    """
    if forced_form(config) is not None:
        return None
    gparts, pparts = gt.parts or (gt,), pred.parts or (pred,)
    # A set's parts are values; but when every part of both answers names what it is
    # (``\{x = 1, y = 2\}``), the names pair them, in a set too.
    every_part_named = all(p.name is not None for p in (*gparts, *pparts))
    if not (form_of(gt.kind).named_parts and form_of(pred.kind).named_parts) and not (
        every_part_named
    ):
        return None
    if len(gparts) == 1 and len(pparts) == 1:
        return None
    gnames = [g.name for g in gparts]
    pnames = [p.name for p in pparts if p.name is not None]
    if None in gnames or len(set(gnames)) != len(gnames) or len(set(pnames)) != len(pnames):
        return None
    by_name = {p.name: p for p in pparts if p.name is not None}
    if not any(n in by_name for n in gnames):
        return None
    return [(g, by_name.get(g.name)) for g in gparts]


def decide_named(
    gt: Side,
    pred: Side,
    pairs: list[tuple[Side, Side | None]],
    ctx: Context,
) -> Result:
    """The mean over the ground truth's named elements of the score of the prediction's element
    of the same name (0 when the prediction does not give it). Other quantities the prediction
    lists are not the question's and are not scored."""
    chosen = [ctx.compare(g, p) for g, p in pairs if p is not None]
    missing = [str(g.name) for g, p in pairs if p is None]
    notes = [f"not given: {', '.join(missing)}"] if missing else []
    gcount, pcount = len(gt.parts or (gt,)), len(pred.parts or (pred,))
    summary = f"{gcount} vs {pcount} elements, matched by name"
    return mean_of(chosen, len(pairs), summary, notes, 100.0, gt, pred, ctx.config)
