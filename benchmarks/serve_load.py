"""Load on `eed serve`: N concurrent clients sending RL-sized batches, on 127.0.0.1 only.

Starts the server in a subprocess (once per worker count), then runs ``--clients`` client
threads, each sending ``--requests`` requests of ``--batch`` pairs drawn (seeded, without
replacement) from the real model answers of the shared corpus (``physics_dev_pairs.jsonl``).
Bounded in count and in time: no request starts after ``--max-seconds``.

Reports pairs per second, p50 and p99 request latency, HTTP errors, requests lost (sent but
never answered), 503s, and pairs whose status is ``error`` or ``timeout``; writes them to
docs/performance.md (the section after the marker, which benchmarks/run.py keeps).

    python benchmarks/serve_load.py --clients 8 --batch 64 --requests 2 --workers 1 2
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from corpus import load_pairs  # noqa: E402

MARKER = "<!-- benchmarks/serve_load.py writes below; benchmarks/run.py keeps it -->"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)


def start(
    workers: int, concurrency: int, queue: int, log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "eed",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--concurrency",
        str(concurrency),
        "--queue",
        str(queue),
        "--log-level",
        "warning",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return proc, port
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def client(
    port: int, batches: list[list[dict[str, str]]], deadline: float, out: list[dict[str, Any]]
) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=600)
    for index, batch in enumerate(batches):
        if time.monotonic() > deadline:
            break
        body = json.dumps({"pairs": batch})
        record: dict[str, Any] = {
            "index": index,
            "pairs": len(batch),
            "code": None,
            "statuses": Counter(),
        }
        start = time.perf_counter()
        try:
            conn.request("POST", "/score", body, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            record["code"] = resp.status
            if resp.status == 200:
                results = json.loads(data)["results"]
                record["results"] = results
                record["answered"] = len(results)
                record["statuses"] = Counter(r["status"] for r in results)
        except (OSError, http.client.HTTPException) as exc:
            record["exception"] = f"{type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=600)
        record["seconds"] = time.perf_counter() - start
        out.append(record)
    conn.close()


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def run(
    workers: int, args: argparse.Namespace, batches: list[list[list[dict[str, str]]]]
) -> dict[str, Any]:
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"eed-serve-load-{workers}.log"
    proc, port = start(workers, args.clients, args.clients, log)
    records: list[list[dict[str, Any]]] = [[] for _ in batches]
    try:
        deadline = time.monotonic() + args.max_seconds
        threads = [
            threading.Thread(target=client, args=(port, b, deadline, records[i]))
            for i, b in enumerate(batches)
        ]
        load_before = os.getloadavg()[0]
        start_time = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start_time
        load_after = os.getloadavg()[0]
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    flat = [r for rs in records for r in rs]
    ok = [r for r in flat if r["code"] == 200]
    statuses: Counter[str] = Counter()
    for r in ok:
        statuses.update(r["statuses"])
    pairs = sum(r.get("answered", 0) for r in ok)
    latencies = [r["seconds"] for r in ok]
    return {
        "workers": workers,
        "clients": len(batches),
        "batch": args.batch,
        "requests_sent": len(flat),
        "requests_ok": len(ok),
        "http_errors": sum(
            1 for r in flat if r["code"] not in (200, 503) and r["code"] is not None
        ),
        "refused_503": sum(1 for r in flat if r["code"] == 503),
        "lost": sum(1 for r in flat if r["code"] is None),
        "pairs": pairs,
        "pairs_missing": sum(r["pairs"] for r in ok) - pairs,
        "seconds": wall,
        "pairs_per_second": pairs / wall if wall else 0.0,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "mean": statistics.fmean(latencies) if latencies else float("nan"),
        "statuses": dict(statuses),
        "server_exit": proc.returncode,
        "records": records,
        # Other work on the machine takes cores from the workers: the 1-minute load average
        # at the start and at the end says how much.
        "load": (load_before, load_after),
    }


def direct(workers: int, batches: list[list[list[dict[str, str]]]], rows: dict[str, Any]) -> None:
    """The same pairs through `eed.score_many` in this process's own pool: the server's cost
    is the difference. Counts the pairs whose results differ from the server's."""
    import eed
    from eed import Result

    flat = [p for client_batches in batches for batch in client_batches for p in batch]
    start = time.perf_counter()
    want = eed.score_many([p["gt"] for p in flat], [p["pred"] for p in flat], workers=workers)
    seconds = time.perf_counter() - start
    eed.shutdown()
    got: dict[tuple[str, str], Result] = {}
    for c, client_records in enumerate(rows["records"]):
        for r in client_records:
            for pair, d in zip(batches[c][r["index"]], r.get("results", []), strict=False):
                got[(pair["gt"], pair["pred"])] = Result.from_dict(d)
    differ = [
        p
        for p, w in zip(flat, want, strict=True)
        if (p["gt"], p["pred"]) in got and got[(p["gt"], p["pred"])] != w
    ]
    rows["direct_seconds"] = seconds
    rows["direct_pairs_per_second"] = len(flat) / seconds
    rows["compared"] = len(got)
    rows["differ"] = len(differ)
    timed = {(p["gt"], p["pred"]) for p, w in zip(flat, want, strict=True) if w.timed_out}
    # A pair whose budget fired on either side depends on the load at that moment.
    rows["differ_timed_out"] = sum(
        1 for p in differ if got[(p["gt"], p["pred"])].timed_out or (p["gt"], p["pred"]) in timed
    )


def markdown(rows: list[dict[str, Any]], args: argparse.Namespace) -> list[str]:
    lines = [
        MARKER,
        "",
        f"## Reward server under load ({args.clients} clients x {args.batch} pairs per request)",
        "",
        f"`python benchmarks/serve_load.py --clients {args.clients} --batch {args.batch} "
        f"--requests {args.requests} --workers {' '.join(map(str, args.workers))}`: `eed serve` on "
        f"127.0.0.1 (profile `default`, `--concurrency {args.clients} --queue {args.clients}`), "
        f"{args.clients} client threads each sending {args.requests} `POST /score` requests of "
        f"{args.batch} pairs, drawn with seed {args.seed} from the real model answers of "
        "`physics_dev_pairs.jsonl` (no pair twice in a run; the same pairs for every worker count).",
        "Latency is per request, from sending to the whole answer read. `score_many` pairs/s is the "
        "same pairs through `eed.score_many` in one process with the same number of workers, "
        "the scorer's own speed; \"results differing\" compares the server's Results with its, pair by pair.",
        "",
        "| workers | requests | pairs | seconds | pairs/s | `score_many` pairs/s | p50 latency (s) | "
        "p99 latency (s) | HTTP errors | lost | 503 | pairs timed out | pairs in error | results differing | "
        "load average (start, end) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['workers']} | {r['requests_ok']}/{r['requests_sent']} | {r['pairs']} | "
            f"{r['seconds']:.1f} | {r['pairs_per_second']:.2f} | "
            f"{r.get('direct_pairs_per_second', float('nan')):.2f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['http_errors']} | {r['lost']} | {r['refused_503']} | "
            f"{r['statuses'].get('timeout', 0)} | {r['statuses'].get('error', 0)} | "
            f"{r.get('differ', '—')} of {r.get('compared', '—')} "
            f"({r.get('differ_timed_out', '—')} timed out) | "
            f"{r['load'][0]:.1f}, {r['load'][1]:.1f} |"
        )
    lines += [
        "",
        f"Machine: {os.cpu_count()} cores, shared: the load average shows the other work on it, "
        "which takes cores from the workers. "
        "A request's latency is that of its slowest pairs: a batch holding an answer that runs into "
        "its budget waits for it. Each server stopped on SIGTERM with exit code "
        + ", ".join(str(r["server_exit"]) for r in rows)
        + ".",
    ]
    return lines


def write_doc(lines: list[str]) -> None:
    doc = ROOT / "docs" / "performance.md"
    text = doc.read_text(encoding="utf-8")
    head = text.split(MARKER, 1)[0].rstrip("\n")
    doc.write_text(head + "\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--requests", type=int, default=2, help="requests per client")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--max-seconds", type=float, default=600, help="no request starts after")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--no-doc", action="store_true", help="do not write docs/performance.md")
    parser.add_argument("--no-direct", action="store_true", help="skip the score_many baseline")
    args = parser.parse_args()
    pool = load_pairs("physics")
    need = args.clients * args.requests * args.batch
    chosen = random.Random(args.seed).sample(pool, min(need, len(pool)))
    pairs = [{"gt": p["gt"], "pred": p["pred"]} for p in chosen]
    batches = [
        [
            pairs[(c * args.requests + k) * args.batch : (c * args.requests + k + 1) * args.batch]
            for k in range(args.requests)
        ]
        for c in range(args.clients)
    ]
    rows = []
    for w in args.workers:
        print(
            f"{w} worker(s): {args.clients} clients x {args.requests} requests x {args.batch} pairs ...",
            flush=True,
        )
        row = run(w, args, batches)
        if not args.no_direct:
            direct(w, batches, row)
        print(json.dumps({k: v for k, v in row.items() if k != "records"}), flush=True)
        rows.append(row)
    lines = markdown(rows, args)
    print("\n".join(lines))
    if not args.no_doc:
        write_doc(lines)
    return 0 if all(r["http_errors"] == 0 and r["lost"] == 0 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
