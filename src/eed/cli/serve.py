"""``eed serve``: run the HTTP reward server (needs ``pip install 'eed[serve]'``).

The web stack is imported only when the command runs, so the rest of the CLI never needs it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ..config import PROFILES
from .exits import EXIT_OK, EXIT_USAGE, PROG, error
from .parser import positive_int, positive_seconds

__all__ = ["EXIT_BIND", "serve_main"]

# The address cannot be bound (in use, or not this machine's).
EXIT_BIND = 7

DEFAULTS = {
    "port": 8000,
    "concurrency": 4,
    "queue": 16,
    "max_pairs": 1024,
    "max_answer_chars": 100_000,
    "max_body_mb": 32,
    "grace": 30,
    "retry_after": 1,
}

EPILOG = f"""\
endpoints:
  POST /score    {{"pairs": [{{"gt": ..., "pred": ...}}, ...]}} -> {{"results": [...], "signature"}}
  POST /reward   OpenRLHF's remote reward model: {{"query", "prompts", "labels"}} -> {{"rewards",
                 "scores", "extra_logs"}}
  GET  /health   open to all (no token): status and the signature served
  GET  /metrics  Prometheus text: requests, pairs, latency histogram, timeouts, errors

HTTP codes: 200 scored (each pair with its own status); 400 malformed JSON or not an object;
401 missing or wrong token; 413 too many pairs, an answer or a body over its limit; 422 a field
missing or of the wrong type; 503 busy (with Retry-After). Errors are JSON
{{"error": ..., "field": ...}}.

examples:
  # a reward server on this machine, 2 worker processes
  {PROG} serve --workers 2
  # for a cluster: every interface, a token from the environment
  EED_SERVE_TOKEN=$(cat token) {PROG} serve --host 0.0.0.0 --port 8000 --workers 16

  # score two pairs
  curl -s localhost:8000/score -H 'Content-Type: application/json' \\
       -d '{{"pairs": [{{"gt": "x+1", "pred": "\\\\boxed{{1+x}}"}}]}}'

  # OpenRLHF: point the remote reward model at /reward
  python -m openrlhf.cli.train_ppo_ray ... --reward.remote_url http://HOST:8000/reward

  # verl scores in-process instead: custom_reward_function.path=pkg://eed.rewards.verl
  #   custom_reward_function.name=compute_score
  # TRL: reward_funcs=[eed.rewards.EEDReward(shape="scaled")]; see docs/rewards.md

exit codes: 0 stopped cleanly (SIGTERM or Ctrl-C); 2 usage error or the web stack missing;
{EXIT_BIND} the address cannot be bound."""


def build_serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve",
        description="Serve EED scores and rewards over HTTP, for RL trainers on other machines. "
        "Scoring runs on worker processes with hard time limits; requests beyond the "
        "concurrency and queue limits get 503 with Retry-After.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    net = parser.add_argument_group("network")
    net.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s, this machine)"
    )
    net.add_argument("--port", type=int, default=DEFAULTS["port"], help="(default: %(default)s)")
    net.add_argument(
        "--token",
        default=None,
        help="bearer token required by every endpoint but /health (default: $EED_SERVE_TOKEN, "
        "else none); prefer the variable: a command line is visible to other users",
    )
    scoring = parser.add_argument_group("scoring")
    scoring.add_argument("--profile", choices=sorted(PROFILES), default="default")
    scoring.add_argument(
        "--workers",
        type=positive_int,
        default=None,
        metavar="N",
        help="worker processes (default: all cores)",
    )
    scoring.add_argument(
        "--timeout",
        type=positive_seconds,
        default=None,
        metavar="SECONDS",
        help="hard limit per pair, on top of the profile's stage budgets",
    )
    scoring.add_argument(
        "--no-extract",
        action="store_true",
        help="predictions are bare answers: do not extract the final answer from them",
    )
    scoring.add_argument(
        "--reward-shape",
        choices=["eed", "scaled", "binary"],
        default="scaled",
        help="the reward /reward returns (default: %(default)s, in [0, 1])",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument(
        "--concurrency",
        type=positive_int,
        default=DEFAULTS["concurrency"],
        metavar="N",
        help="requests scored at once (default: %(default)s)",
    )
    limits.add_argument(
        "--queue",
        type=int,
        default=DEFAULTS["queue"],
        metavar="N",
        help="requests allowed to wait; beyond, 503 (default: %(default)s)",
    )
    limits.add_argument(
        "--retry-after",
        type=positive_int,
        default=DEFAULTS["retry_after"],
        metavar="SECONDS",
        help="Retry-After of a 503 (default: %(default)s)",
    )
    limits.add_argument(
        "--max-pairs",
        type=positive_int,
        default=DEFAULTS["max_pairs"],
        metavar="N",
        help="pairs in one request (default: %(default)s)",
    )
    limits.add_argument(
        "--max-answer-chars",
        type=positive_int,
        default=DEFAULTS["max_answer_chars"],
        metavar="N",
        help="characters in one answer (default: %(default)s)",
    )
    limits.add_argument(
        "--max-body-mb",
        type=positive_int,
        default=DEFAULTS["max_body_mb"],
        metavar="MB",
        help="size of one request body (default: %(default)s)",
    )
    limits.add_argument(
        "--grace",
        type=positive_int,
        default=DEFAULTS["grace"],
        metavar="SECONDS",
        help="after SIGTERM, time for the requests in flight (default: %(default)s)",
    )
    parser.add_argument(
        "--log-level", choices=["debug", "info", "warning", "error"], default="info"
    )
    return parser


def serve_main(argv: Sequence[str]) -> int:
    """``eed serve``: run the reward server until SIGTERM or Ctrl-C."""
    parser = build_serve_parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.queue < 0:
        return error("--queue must be 0 or more", EXIT_USAGE)
    try:
        from ..serve import ServeOptions, serve
    except ImportError as exc:
        return error(f"eed serve needs the web stack: pip install 'eed[serve]' ({exc})", EXIT_USAGE)
    options = ServeOptions(
        host=args.host,
        port=args.port,
        profile=args.profile,
        workers=args.workers,
        timeout=args.timeout,
        extract=not args.no_extract,
        reward_shape=args.reward_shape,
        token=args.token or ServeOptions.token_from_env(),
        concurrency=args.concurrency,
        queue=args.queue,
        retry_after=args.retry_after,
        max_pairs=args.max_pairs,
        max_answer_chars=args.max_answer_chars,
        max_body_bytes=args.max_body_mb * 1024 * 1024,
        grace=args.grace,
        log_level=args.log_level,
    )
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    try:
        return serve(options) or EXIT_OK
    except OSError as exc:
        return error(str(exc), EXIT_BIND)
