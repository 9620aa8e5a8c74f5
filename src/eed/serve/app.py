"""The reward server's ASGI application (Starlette): its endpoints, token and backpressure.

Endpoints:

- ``POST /score``: ``{"pairs": [{"gt", "pred"}, ...]}`` in; ``{"results": [Result, ...],
  "signature"}`` out, each Result as `eed.Result.to_dict` writes it, in input order.
- ``POST /reward``: OpenRLHF's remote reward model. OpenRLHF posts
  ``{"query": [...], "prompts": [...], "labels": [...]}`` (``openrlhf/utils/agent.py``,
  ``SingleTurnAgentExecutor._fetch_rewards_via_http``) and reads back ``"rewards"``, then
  ``"scores"`` (falling back to the rewards) and ``"extra_logs"``, a dict of logged values; its
  own example server ``openrlhf/cli/serve_rm.py`` answers ``{"rewards": [...], "scores": [...],
  "extra_logs": {...}}`` with one value per query.
- ``GET /health``: open to all, for load balancers; names the signature served.
- ``GET /metrics``: Prometheus text (`eed.serve.metrics`).

Scoring runs on a thread pool of ``concurrency`` threads, off the event loop, and every pair
through the worker processes with their hard time limits, so a pathological answer costs its
pair's budget and never hangs a request.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextlib
import hmac
import json
import logging
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..batch import Engine, score_many
from ..config import Config, configured, versions
from ..result import Result, Status
from ..rewards import gold_failed, reward_value
from .metrics import CONTENT_TYPE, Metrics
from .options import ServeOptions
from .payloads import BadRequest, parse_json, reward_batch, score_batch

__all__ = ["Overloaded", "Scorer", "build_app"]

logger = logging.getLogger(__name__)

# A tiny pair scored at start-up, so that the first real request finds the workers warm.
_WARM_UP = (["x+1"], ["1+x"])


class Overloaded(Exception):
    """Every scoring slot and every waiting place is taken."""


def _finite(value: Any) -> Any:
    # JSON has no NaN or infinity; a value that is not a finite number has no meaning to send.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def json_response(
    content: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    # ensure_ascii keeps lone surrogates from the input encodable.
    body = json.dumps(content, ensure_ascii=True, allow_nan=False).encode("ascii")
    return Response(body, status, headers=headers, media_type="application/json")


def error_response(
    status: int, error: str, field: str | None, headers: dict[str, str] | None = None
) -> Response:
    return json_response({"error": error, "field": field}, status, headers)


class Scorer:
    """Bounded scoring: ``concurrency`` requests scored at once, ``queue`` more waiting."""

    def __init__(
        self, options: ServeOptions, engine: Engine, config: Config, metrics: Metrics
    ) -> None:
        self.options = options
        self.engine = engine
        self.config = config
        self.metrics = metrics
        self.admitted = 0
        self.limit = options.concurrency + options.queue
        self._slots: asyncio.Semaphore | None = None
        self.threads = cf.ThreadPoolExecutor(options.concurrency, thread_name_prefix="eed-serve")

    @contextlib.asynccontextmanager
    async def admission(self) -> AsyncIterator[None]:
        """A place among the requests being scored or waiting, or Overloaded at once."""
        if self.admitted >= self.limit:
            raise Overloaded
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    async def score(self, gts: Sequence[Any], preds: Sequence[Any]) -> list[Result]:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.options.concurrency)
        self.metrics.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.metrics.waiting -= 1
        self.metrics.in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self.threads, self.score_now, gts, preds)
        finally:
            self.metrics.in_flight -= 1
            self._slots.release()

    def score_now(self, gts: Sequence[Any], preds: Sequence[Any]) -> list[Result]:
        results = score_many(
            list(gts),
            list(preds),
            profile=self.config,
            timeout=self.options.timeout,
            engine=self.engine,
        )
        self.metrics.pairs(results)
        return results

    def warm_up(self) -> None:
        score_many(*_WARM_UP, profile=self.config, engine=self.engine)

    def close(self) -> None:
        self.threads.shutdown(wait=False, cancel_futures=True)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        await _drain(request)
        raise BadRequest(413, f"body of {declared} bytes; the limit is {limit}", "body")
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            await _drain(request)
            raise BadRequest(413, f"body over the limit of {limit} bytes", "body")
        chunks.append(chunk)
    return b"".join(chunks)


# How much of a refused body is read and dropped before the 413 goes out. A client still
# sending when the server answers and closes may see a reset instead of the 413; reading a
# little more lets an ordinary client get its answer, and the cap keeps a flood from costing
# more than this.
DRAIN_LIMIT = 8 * 1024 * 1024


async def _drain(request: Request) -> None:
    """Read and drop what is left of a refused body, up to `DRAIN_LIMIT` bytes."""
    dropped = 0
    try:
        async for chunk in request.stream():
            dropped += len(chunk)
            if dropped > DRAIN_LIMIT:
                return
    except Exception:  # the client went away, or the stream was read already: nothing to drop
        return


Handler = Callable[[Request], Awaitable[Response]]


def build_app(options: ServeOptions, engine: Engine) -> Starlette:
    """The application serving ``options`` on ``engine``, which the caller closes."""
    config = configured(options.profile, extract=options.extract)
    signature = config.signature()
    metrics = Metrics(
        {"version": versions()["eed"], "profile": config.profile, "signature": signature}
    )
    scorer = Scorer(options, engine, config, metrics)
    token = options.token.encode("utf-8") if options.token else None

    def authorized(request: Request) -> bool:
        if token is None:
            return True
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        # compare_digest takes the same time wherever the strings differ.
        return scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode("utf-8", "surrogateescape"), token
        )

    def endpoint(name: str, guarded: bool, scoring: bool) -> Callable[[Handler], Handler]:
        def wrap(handler: Handler) -> Handler:
            async def run(request: Request) -> Response:
                start = time.perf_counter()
                response = await answer(request, handler, guarded, scoring)
                metrics.request(name, response.status_code, time.perf_counter() - start)
                return response

            return run

        return wrap

    async def answer(request: Request, handler: Handler, guarded: bool, scoring: bool) -> Response:
        if guarded and not authorized(request):
            return error_response(
                401,
                "missing or wrong bearer token",
                "Authorization",
                {"WWW-Authenticate": 'Bearer realm="eed"'},
            )
        try:
            if not scoring:
                return await handler(request)
            async with scorer.admission():
                return await handler(request)
        except Overloaded:
            return error_response(
                503,
                f"busy: {scorer.limit} requests are being scored or waiting; retry later",
                None,
                {"Retry-After": str(options.retry_after)},
            )
        except BadRequest as exc:
            return error_response(exc.status, exc.error, exc.field)
        except Exception:
            logger.exception("request failed")
            return error_response(500, "internal error; see the server log", None)

    @endpoint("/score", guarded=True, scoring=True)
    async def score(request: Request) -> Response:
        batch = score_batch(parse_json(await read_body(request, options.max_body_bytes)), options)
        results = await scorer.score(batch.gts, batch.preds)
        out = []
        for r, problem in zip(results, batch.problems, strict=True):
            # The status is score_many's own; the reason names the field at fault.
            d = (replace(r, reason=problem) if problem else r).to_dict()
            out.append({k: _finite(v) for k, v in d.items()})
        return json_response({"results": out, "signature": signature})

    @endpoint("/reward", guarded=True, scoring=True)
    async def reward(request: Request) -> Response:
        batch = reward_batch(parse_json(await read_body(request, options.max_body_bytes)), options)
        results = await scorer.score(batch.gts, batch.preds)
        rewards, eed, equivalent, gold_ok = [], [], [], []
        for r in results:
            failed = gold_failed(r)
            # OpenRLHF turns every value into a tensor: an item cannot be skipped, so a gold
            # answer that cannot be read gives 0.0 and is flagged in the logs.
            rewards.append(0.0 if failed else reward_value(r, options.reward_shape))
            eed.append(0.0 if failed else r.score)
            equivalent.append(1.0 if r.status is Status.EQUIVALENT else 0.0)
            gold_ok.append(0.0 if failed else 1.0)
        logs = {"eed_score": eed, "eed_equivalent": equivalent, "eed_gold_ok": gold_ok}
        return json_response({"rewards": rewards, "scores": rewards, "extra_logs": logs})

    @endpoint("/health", guarded=False, scoring=False)
    async def health(request: Request) -> Response:
        return json_response(
            {
                "status": "ok",
                "profile": config.profile,
                "signature": signature,
                "version": versions()["eed"],
            }
        )

    @endpoint("/metrics", guarded=True, scoring=False)
    async def metrics_page(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(scorer.threads, scorer.warm_up)
        logger.info("serving profile %s: %s", config.profile, signature)
        try:
            yield
        finally:
            scorer.close()

    routes = [
        Route("/score", score, methods=["POST"]),
        Route("/reward", reward, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/metrics", metrics_page, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.scorer = scorer
    return app
