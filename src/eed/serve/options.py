"""The reward server's settings, with their documented defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..rewards import Shape

__all__ = ["TOKEN_ENV", "ServeOptions"]

# The environment variable read for the bearer token when --token is not given: a token on the
# command line shows in `ps` to every user of the machine.
TOKEN_ENV = "EED_SERVE_TOKEN"


@dataclass(frozen=True)
class ServeOptions:
    """How `eed serve` runs. Every limit is checked before any scoring starts."""

    host: str = "127.0.0.1"  # loopback unless told otherwise
    port: int = 8000
    profile: str = "default"
    workers: int | None = None  # worker processes; None: every core
    timeout: float | None = None  # seconds per pair, on top of the profile's stage budgets
    extract: bool = True  # predictions are whole model outputs: take their final answer
    reward_shape: Shape = "scaled"  # /reward: OpenRLHF filters on scores in [0, 1]
    token: str | None = None
    # Backpressure: requests scored at once, and requests allowed to wait for a slot. Beyond
    # both, a request gets 503 with Retry-After at once, so memory stays bounded.
    concurrency: int = 4
    queue: int = 16
    retry_after: int = 1  # seconds, in the Retry-After header of a 503
    max_pairs: int = 1024  # pairs in one request
    max_answer_chars: int = 100_000  # characters in one answer (a long chain of thought fits)
    max_body_bytes: int = 32 * 1024 * 1024  # bytes in one request body
    grace: int = 30  # seconds to finish the requests in flight after SIGTERM
    log_level: str = "info"

    @staticmethod
    def token_from_env() -> str | None:
        """The token in `TOKEN_ENV`, if set and not blank."""
        value = os.environ.get(TOKEN_ENV, "").strip()
        return value or None
