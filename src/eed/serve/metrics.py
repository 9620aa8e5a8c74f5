"""The server's metrics, written in the Prometheus text exposition format (version 0.0.4).

A few counters and one histogram need no client library: writing them here keeps `eed[serve]`
to the web stack alone.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Mapping

from ..result import Result, Status

__all__ = ["CONTENT_TYPE", "LATENCY_BUCKETS", "Metrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Request latencies, seconds: a batch of RL completions takes from milliseconds (cached, simple)
# to a pair's whole budget (a pathological answer).
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(pairs: Mapping[str, str]) -> str:
    if not pairs:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in pairs.items())
    return "{" + inner + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class _Histogram:
    def __init__(self) -> None:
        self.counts = [0] * len(LATENCY_BUCKETS)
        self.total = 0
        self.sum = 0.0

    def observe(self, seconds: float) -> None:
        self.total += 1
        self.sum += seconds
        for i, bound in enumerate(LATENCY_BUCKETS):
            if seconds <= bound:
                self.counts[i] += 1


class Metrics:
    """Counters of requests, pairs, timeouts and errors, and a latency histogram per endpoint.

    Updated from the event loop and read by /metrics; a lock keeps a scrape consistent.
    """

    def __init__(self, info: Mapping[str, str]) -> None:
        self._lock = threading.Lock()
        self._info = dict(info)
        self._requests: Counter[tuple[str, int]] = Counter()
        self._pairs: Counter[str] = Counter()
        self._errors: Counter[str] = Counter()
        self._latency: dict[str, _Histogram] = {}
        self.in_flight = 0
        self.waiting = 0

    def request(self, endpoint: str, code: int, seconds: float) -> None:
        with self._lock:
            self._requests[(endpoint, code)] += 1
            self._latency.setdefault(endpoint, _Histogram()).observe(seconds)
            if code == 503:
                self._errors["overloaded"] += 1
            elif 400 <= code < 500:
                self._errors["bad_request" if code != 401 else "unauthorized"] += 1
            elif code >= 500:
                self._errors["internal"] += 1

    def pairs(self, results: Iterable[Result]) -> None:
        with self._lock:
            for r in results:
                self._pairs[r.status.value] += 1

    def render(self) -> str:
        with self._lock:
            return "\n".join(self._lines()) + "\n"

    def _lines(self) -> Iterable[str]:
        yield "# HELP eed_info The scoring configuration served; its signature names it."
        yield "# TYPE eed_info gauge"
        yield f"eed_info{_labels(self._info)} 1"
        yield "# HELP eed_requests_total Requests answered, by endpoint and HTTP status code."
        yield "# TYPE eed_requests_total counter"
        for (endpoint, code), n in sorted(self._requests.items()):
            yield f"eed_requests_total{_labels({'endpoint': endpoint, 'code': str(code)})} {n}"
        yield "# HELP eed_pairs_total Pairs scored, by result status."
        yield "# TYPE eed_pairs_total counter"
        for status in Status:
            labels = _labels({"status": status.value})
            yield f"eed_pairs_total{labels} {self._pairs.get(status.value, 0)}"
        yield "# HELP eed_timeouts_total Pairs whose budget ran out (status timeout)."
        yield "# TYPE eed_timeouts_total counter"
        yield f"eed_timeouts_total {self._pairs.get(Status.TIMEOUT.value, 0)}"
        yield "# HELP eed_errors_total Failures: requests refused, and pairs that failed."
        yield "# TYPE eed_errors_total counter"
        errors = Counter(self._errors)
        errors["pair"] = self._pairs.get(Status.ERROR.value, 0)
        for kind in ("bad_request", "unauthorized", "overloaded", "internal", "pair"):
            yield f"eed_errors_total{_labels({'kind': kind})} {errors.get(kind, 0)}"
        yield "# HELP eed_requests_in_flight Requests being scored now."
        yield "# TYPE eed_requests_in_flight gauge"
        yield f"eed_requests_in_flight {self.in_flight}"
        yield "# HELP eed_requests_waiting Requests waiting for a scoring slot."
        yield "# TYPE eed_requests_waiting gauge"
        yield f"eed_requests_waiting {self.waiting}"
        yield "# HELP eed_request_duration_seconds Request latency, by endpoint."
        yield "# TYPE eed_request_duration_seconds histogram"
        for endpoint, h in sorted(self._latency.items()):
            for bound, n in zip(LATENCY_BUCKETS, h.counts, strict=True):
                labels = _labels({"endpoint": endpoint, "le": _number(bound)})
                yield f"eed_request_duration_seconds_bucket{labels} {n}"
            labels = _labels({"endpoint": endpoint, "le": "+Inf"})
            yield f"eed_request_duration_seconds_bucket{labels} {h.total}"
            labels = _labels({"endpoint": endpoint})
            yield f"eed_request_duration_seconds_sum{labels} {h.sum!r}"
            yield f"eed_request_duration_seconds_count{labels} {h.total}"
