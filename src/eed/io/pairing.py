"""Pairing: each prediction matched to its ground truth, by id or by position."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputFormatError
from .records import LoadedFile, Record
from .source import STDIN

__all__ = ["Pair", "model_names", "pair_up", "reference_problems"]


@dataclass(frozen=True)
class Pair:
    """One (ground truth, prediction) pair to score. ``pred`` is the raw field."""

    id: str | int
    model: str
    tag: str | None
    gt: str
    pred: str | list[dict[str, Any]]
    source: str  # FILE:LINE of the prediction

    @property
    def key(self) -> tuple[str, str]:
        return (self.model, str(self.id))


@dataclass(frozen=True)
class _Ref:
    id: str | int
    tag: str | None
    gt: str
    where: str


def _references(ref: LoadedFile) -> tuple[list[_Ref], dict[str, _Ref]]:
    refs: list[_Ref] = []
    by_id: dict[str, _Ref] = {}
    for r in ref.records:
        gt = r.text if ref.is_text else r.gt
        if gt is None:
            raise InputFormatError(r.path, r.line, "expected a ground truth ('gt' or 'answer')")
        _check_gt_not_blank(gt, r)
        rid = r.id if r.id is not None else r.number
        item = _Ref(rid, r.tag, gt, r.where)
        if str(rid) in by_id:
            raise InputFormatError(
                r.path, r.line, f"id {rid!r} appears twice (first at {by_id[str(rid)].where})"
            )
        by_id[str(rid)] = item
        refs.append(item)
    return refs, by_id


def reference_problems(ref: LoadedFile) -> list[tuple[str, str | None]]:
    """``(id, tag)`` of every problem in a reference file, in file order."""
    refs, _ = _references(ref)
    return [(str(r.id), r.tag) for r in refs]


def _check_gt_not_blank(gt: str, r: Record) -> None:
    # A blank ground truth is a broken benchmark item, not a wrong answer: scoring it would
    # charge the model a 0 for the data's fault.
    if not gt.strip():
        field_name = "the line" if r.text is not None else repr(r.gt_field or "gt")
        raise InputFormatError(
            r.path, r.line, f"{field_name} is blank; expected the ground truth's LaTeX"
        )


def model_names(paths: Sequence[str]) -> list[str]:
    """Default model names for prediction files: their stems, or their paths when stems clash."""
    stems = ["stdin" if p in (STDIN, "<stdin>") else Path(p).stem for p in paths]
    return [
        s if stems.count(s) == 1 else str(Path(p).with_suffix(""))
        for s, p in zip(stems, paths, strict=True)
    ]


def pair_up(reference: LoadedFile | None, predictions: Sequence[LoadedFile]) -> list[Pair]:
    """Match each prediction to its ground truth: by id, or by position when it has none.

    Records that carry their own ``gt`` need no reference.
    """
    refs: list[_Ref] = []
    by_id: dict[str, _Ref] = {}
    if reference is not None:
        refs, by_id = _references(reference)
    pairs: list[Pair] = []
    seen: dict[tuple[str, str], str] = {}
    names = model_names([p.path for p in predictions])
    for loaded, default_model in zip(predictions, names, strict=True):
        if loaded.is_text and reference is not None and len(loaded.records) != len(refs):
            n, m = len(loaded.records), len(refs)
            raise InputFormatError(
                loaded.path,
                min(n, m) + 1,
                f"expected {m} lines, one per reference item in {reference.path}, found {n}",
            )
        for r in loaded.records:
            pred: str | list[dict[str, Any]] = (r.text if loaded.is_text else r.pred) or ""
            gt = None if loaded.is_text else r.gt
            rid: str | int = r.id if r.id is not None else r.number
            tag = r.tag
            if gt is None:
                if reference is None:
                    what = "a GT_FILE for these text lines" if loaded.is_text else "a 'gt' field"
                    raise InputFormatError(
                        r.path, r.line, f"expected {what}, since no GT_FILE was given"
                    )
                if r.id is not None:
                    ref = by_id.get(str(r.id))
                    if ref is None:
                        raise InputFormatError(
                            r.path, r.line, f"id {r.id!r} is not in {reference.path}"
                        )
                else:
                    if r.number > len(refs):
                        raise InputFormatError(
                            r.path,
                            r.line,
                            f"record {r.number} has no id, and {reference.path} has {len(refs)}",
                        )
                    ref = refs[r.number - 1]
                gt, rid, tag = ref.gt, ref.id, tag if tag is not None else ref.tag
            else:
                _check_gt_not_blank(gt, r)
            pair = Pair(
                id=rid, model=r.model or default_model, tag=tag, gt=gt, pred=pred, source=r.where
            )
            if pair.key in seen:
                raise InputFormatError(
                    r.path,
                    r.line,
                    f"model {pair.model!r} answers id {rid!r} twice (first at {seen[pair.key]})",
                )
            seen[pair.key] = r.where
            pairs.append(pair)
    return pairs
