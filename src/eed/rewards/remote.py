"""Scoring through an `eed serve` reward server, for trainers whose GPU nodes should not do the
symbolic work themselves.

Only the standard library is used (``urllib``), so a trainer needs no web stack. A 503 from a
busy server is retried after its ``Retry-After``; any other failure raises, since a reward that
silently turned into zeros would corrupt training.
"""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

from ..extract import message_text
from ..result import Result
from .shapes import check_shape, gold_failed, reward_value, trl_columns

__all__ = ["RemoteEEDReward", "RemoteScoringError", "score_remote"]

logger = logging.getLogger(__name__)

TOKEN_ENV = "EED_SERVE_TOKEN"  # the variable `eed serve` reads its token from
DEFAULT_RETRIES = 30
MAX_RETRY_WAIT = 30.0


class RemoteScoringError(RuntimeError):
    """The server refused the request or could not be reached."""


def score_remote(
    url: str,
    gts: Sequence[Any],
    preds: Sequence[Any],
    *,
    token: str | None = None,
    timeout: float = 600.0,
    retries: int = DEFAULT_RETRIES,
) -> list[Result]:
    """POST the pairs to ``url`` (the server's base address, or its ``/score``) and return one
    Result per pair, in order. ``token`` defaults to $EED_SERVE_TOKEN."""
    endpoint = url.rstrip("/")
    if not endpoint.endswith("/score"):
        endpoint += "/score"
    token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    body = json.dumps(
        {"pairs": [{"gt": g, "pred": p} for g, p in zip(gts, preds, strict=True)]}
    ).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    for attempt in range(retries + 1):
        request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                data = json.loads(response.read())
            return [Result.from_dict(d) for d in data["results"]]
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            if exc.code != 503 or attempt == retries:
                raise RemoteScoringError(f"{endpoint}: HTTP {exc.code}: {detail}") from None
            wait = _retry_after(exc.headers.get("Retry-After"))
            logger.info("%s is busy; retrying in %gs", endpoint, wait)
            time.sleep(wait)
        except (OSError, ValueError, KeyError) as exc:
            raise RemoteScoringError(f"{endpoint}: {exc}") from exc
    raise AssertionError("unreachable: the last attempt returns or raises")


def _retry_after(value: str | None) -> float:
    try:
        return min(MAX_RETRY_WAIT, max(0.1, float(value or 1)))
    except ValueError:
        return 1.0


class RemoteEEDReward:
    """`eed.rewards.EEDReward`, scored by an `eed serve` server: the same call and the same
    shapes, with the server's profile (its ``/health`` names the signature)."""

    def __init__(
        self,
        url: str,
        shape: str = "eed",
        *,
        token: str | None = None,
        timeout: float = 600.0,
        solution_key: str = "solution",
    ) -> None:
        self.url = url
        self.shape = check_shape(shape)
        self.token = token
        self.timeout = timeout
        self.solution_key = solution_key
        self.__name__ = f"eed_{self.shape}"

    def __repr__(self) -> str:
        return f"RemoteEEDReward(url={self.url!r}, shape={self.shape!r})"

    def __call__(
        self,
        prompts: Sequence[Any] | None = None,
        completions: Sequence[str | Sequence[Mapping[str, Any]]] | None = None,
        solution: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> list[float | None]:
        completions, solution = trl_columns(
            "RemoteEEDReward", completions, solution, kwargs, self.solution_key
        )
        preds = [c if isinstance(c, str) else (message_text(c) if c else "") for c in completions]
        results = score_remote(
            self.url, list(solution), preds, token=self.token, timeout=self.timeout
        )
        return [None if gold_failed(r) else reward_value(r, self.shape) for r in results]
