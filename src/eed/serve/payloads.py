"""The request bodies the server accepts, checked field by field before any scoring.

A request that breaks a rule of its shape or a limit is refused whole, with the HTTP status and
the field at fault. Inside a well-formed ``/score`` request, a pair whose values are not strings
is still scored: `eed.score_many` gives it the status ``invalid_input``, and the rest go on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .options import ServeOptions

__all__ = ["BadRequest", "RewardBatch", "ScoreBatch", "parse_json", "reward_batch", "score_batch"]


class BadRequest(Exception):
    """A request refused whole: ``status`` is the HTTP code, ``field`` names what is wrong."""

    def __init__(self, status: int, error: str, field: str | None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.field = field


@dataclass(frozen=True)
class ScoreBatch:
    gts: list[Any]
    preds: list[Any]
    # Per pair, why it could not be read as {gt, pred} strings (None: it could).
    problems: list[str | None]


@dataclass(frozen=True)
class RewardBatch:
    gts: list[str]
    preds: list[str]


def parse_json(body: bytes) -> Any:
    """The JSON value of a request body. Only JSON is ever decoded: nothing is unpickled."""
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(400, f"malformed JSON: {exc}", "body") from None
    except RecursionError:
        raise BadRequest(400, "malformed JSON: nested too deeply", "body") from None


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise BadRequest(400, f"expected a JSON object, got {_kind(data)}", "body")
    return data


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _array(data: dict[str, Any], key: str, options: ServeOptions) -> list[Any]:
    if key not in data:
        raise BadRequest(422, f"missing field {key!r}", key)
    value = data[key]
    if not isinstance(value, list):
        raise BadRequest(422, f"{key!r} must be an array, got {_kind(value)}", key)
    if len(value) > options.max_pairs:
        raise BadRequest(
            413, f"{len(value)} items in {key!r}; the limit is {options.max_pairs}", key
        )
    return value


def _check_length(value: Any, field: str, options: ServeOptions) -> None:
    if isinstance(value, str) and len(value) > options.max_answer_chars:
        raise BadRequest(
            413,
            f"{len(value)} characters; the limit is {options.max_answer_chars}",
            field,
        )


def score_batch(data: Any, options: ServeOptions) -> ScoreBatch:
    """``{"pairs": [{"gt": str, "pred": str}, ...]}``."""
    pairs = _array(_object(data), "pairs", options)
    gts: list[Any] = []
    preds: list[Any] = []
    problems: list[str | None] = []
    for i, item in enumerate(pairs):
        if not isinstance(item, dict):
            gts.append(None)
            preds.append(None)
            problems.append(f"pairs[{i}] must be an object with gt and pred, not {_kind(item)}")
            continue
        problem = None
        for key in ("gt", "pred"):
            field = f"pairs[{i}].{key}"
            if key not in item:
                problem = problem or f"{field} is missing"
            elif not isinstance(item[key], str):
                problem = problem or f"{field} must be a string, not {_kind(item[key])}"
            _check_length(item.get(key), field, options)
        gts.append(item.get("gt"))
        preds.append(item.get("pred"))
        problems.append(problem)
    return ScoreBatch(gts, preds, problems)


def _strings(values: list[Any], key: str, numbers: bool = False) -> list[str]:
    out = []
    for i, value in enumerate(values):
        if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # datasets often store a numeric answer as a number
        if not isinstance(value, str):
            raise BadRequest(422, f"{key}[{i}] must be a string, not {_kind(value)}", f"{key}[{i}]")
        out.append(value)
    return out


def reward_batch(data: Any, options: ServeOptions) -> RewardBatch:
    """OpenRLHF's remote reward model request: ``{"query": [...], "prompts": [...],
    "labels": [...]}``, one item per sample (see `eed.serve.app`). The completion is the query
    less its prompt; the label is the gold answer."""
    obj = _object(data)
    queries = _strings(_array(obj, "query", options), "query")
    labels = _strings(_array(obj, "labels", options), "labels", numbers=True)
    if len(labels) != len(queries):
        raise BadRequest(422, f"{len(labels)} labels for {len(queries)} queries", "labels")
    prompts: list[str] = []
    if obj.get("prompts") is not None:
        prompts = _strings(_array(obj, "prompts", options), "prompts")
        if len(prompts) != len(queries):
            raise BadRequest(422, f"{len(prompts)} prompts for {len(queries)} queries", "prompts")
    for key, values in (("query", queries), ("labels", labels)):
        for i, value in enumerate(values):
            _check_length(value, f"{key}[{i}]", options)
    preds = [_completion(q, prompts[i] if prompts else "") for i, q in enumerate(queries)]
    return RewardBatch(labels, preds)


def _completion(query: str, prompt: str) -> str:
    # OpenRLHF's query is the prompt and the response decoded together; the answer is read from
    # the response alone, so that a formula in the question is never taken for it.
    if prompt and query.startswith(prompt):
        return query[len(prompt) :]
    return query
