"""The scoring command: score the pairs, keep the results directory, print the summary."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Generator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..batch import TaskTimes, choose_engine, iter_scores
from ..config import Config, configured
from ..extract import message_text
from ..io import (
    OutputError,
    Pair,
    ResultsStore,
    SignatureMismatchError,
    write_atomic,
)
from ..report import (
    PlotUnavailableError,
    missing_notes,
    plot_format,
    plot_histograms,
    render,
    render_comparisons,
    render_json,
    require_matplotlib,
    summarize,
)
from ..result import Result
from ..scoring import answer_text
from ..version import __version__
from .console import note
from .exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_SCHEDULER, EXIT_USAGE, PROG, Fail
from .inputs import load_inputs
from .parser import CACHE_FILE, SCHEDULER_CONNECT_SECONDS, SUMMARY_FILE
from .signals import InterruptFlag

__all__ = ["score_command"]

logger = logging.getLogger("eed.cli")  # the name these warnings have always had


def _record(
    pair: Pair, text: str, extracted: str, result: Result, seconds: float
) -> dict[str, Any]:
    """One line of results.jsonl: exactly the fields docs/cli.md lists, in that order."""
    distance, relative = result.distance, result.relative_distance
    if result.gt_size is None:
        # No trees were compared (equivalence was proved first, or nothing could be read):
        # a distance of 0 beside an unknown size would claim a comparison that never ran.
        distance = relative = None
    return {
        "id": pair.id,
        "model": pair.model,
        "tag": pair.tag,
        "gt": pair.gt,
        "pred": text,
        "extracted": extracted,
        "score": result.score,
        "distance": distance,
        "relative_distance": relative,
        "gt_size": result.gt_size,
        "status": result.status.value,
        "reason": result.reason,
        "timed_out": result.timed_out,
        "seconds": round(seconds, 6),
    }


def _check_same_inputs(store: ResultsStore, pairs: Sequence[Pair], texts: Sequence[str]) -> None:
    for pair, text in zip(pairs, texts, strict=True):
        old = store.finished.get(pair.key)
        if old is not None and (old.get("gt") != pair.gt or old.get("pred") != text):
            raise SignatureMismatchError(
                store.results_path,
                f"holds a result for model {pair.model!r}, id {pair.id!r} scored on a different "
                f"ground truth or prediction than {pair.source} gives; refusing to mix them. "
                "Use another --output directory.",
            )


def score_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.plot is not None:
        try:
            plot_format(args.plot)
        except ValueError as exc:
            raise Fail(EXIT_USAGE, f"--plot {exc}") from None
        try:
            require_matplotlib()
        except PlotUnavailableError as exc:
            raise Fail(EXIT_USAGE, str(exc)) from None
    if args.workers == 0 and args.timeout is not None:
        raise Fail(
            EXIT_USAGE,
            "--timeout cannot be enforced with --workers 0: in this process C-level work (a "
            "huge integer power, say) ignores every signal. Use --workers 1 or more, or drop "
            "--timeout",
        )
    pairs, problems = load_inputs(args, parser)
    # Extraction is on unless --no-extract, whatever the profile: files hold whole outputs.
    config = configured(args.profile, answer_type=args.answer_type, extract=not args.no_extract)
    scoring_signature = config.signature()

    texts = [message_text(p.pred) for p in pairs]
    extracted = [answer_text(t, config) for t in texts]

    store: ResultsStore | None = None
    cache: str | None = None
    if args.output is not None:
        meta = {
            "profile": config.profile,
            "extract": not args.no_extract,
            "eed": __version__,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        store = ResultsStore(args.output, scoring_signature, meta=meta)
        cache = os.fspath(Path(args.output) / CACHE_FILE)
    if args.cache is not None:
        cache = args.cache
    if args.no_cache:
        cache = None

    records: dict[tuple[str, str], dict[str, Any]] = {}
    try:
        todo = list(range(len(pairs)))
        if store is not None:
            _check_same_inputs(store, pairs, texts)
            todo = [i for i in todo if pairs[i].key not in store.finished]
            records = {p.key: store.finished[p.key] for p in pairs if p.key in store.finished}
            if records:
                note(
                    args,
                    f"resuming: {len(records)} of {len(pairs)} pairs are already in "
                    f"{store.results_path}",
                )
        try:
            _score(args, config, pairs, texts, extracted, todo, cache, store, records)
        except KeyboardInterrupt:
            saved = (
                f"; {len(store.finished)} results are saved in {store.results_path}"
                if store
                else ""
            )
            again = "; run the same command again to resume" if store else ""
            print(f"{PROG}: interrupted{saved}{again}", file=sys.stderr)
            return EXIT_INTERRUPTED
    finally:
        if store is not None:
            store.close()

    ordered = [records[p.key] for p in pairs]
    summary = summarize(
        ordered,
        signature=scoring_signature,
        resamples=args.bootstrap,
        seed=args.seed,
        problems=problems,
        only_answered=args.only_answered,
    )
    for missing in missing_notes(summary):
        logger.warning("%s", missing)
    if args.output is not None:
        path = Path(args.output) / SUMMARY_FILE
        try:
            write_atomic(path, render_json(summary))
        except OSError as exc:
            raise OutputError(path, f"cannot write: {exc.strerror or exc}") from exc
    sys.stdout.write(render(summary, args.format))
    if args.paired_bs:
        sys.stdout.write("\n" + render_comparisons(summary))
    sys.stdout.flush()
    if args.plot is not None:
        try:
            plot_histograms(ordered, summary, args.plot)
        except OSError as exc:
            raise OutputError(args.plot, f"cannot write the plot: {exc.strerror or exc}") from exc
        note(args, f"wrote {args.plot}")
    return EXIT_OK


def _score(
    args: argparse.Namespace,
    profile: Config,
    pairs: Sequence[Pair],
    texts: Sequence[str],
    extracted: Sequence[str],
    todo: Sequence[int],
    cache: str | None,
    store: ResultsStore | None,
    records: dict[tuple[str, str], dict[str, Any]],
) -> None:
    if not todo:
        return
    from tqdm import tqdm

    client = _dask_client(args.scheduler) if args.scheduler else None
    if client is not None:
        threads = sum(client.nthreads().values())
        engine = choose_engine(executor=client.get_executor(), capacity=threads or None)
    else:
        engine = choose_engine(workers=args.workers)
    # A pair's seconds: preparing its two sides plus its equivalence check, the work it needed
    # wherever and whenever that ran (0 for what the cache served).
    timings = TaskTimes()
    bar = tqdm(
        total=len(pairs),
        initial=len(pairs) - len(todo),
        unit="pair",
        desc=PROG,
        file=sys.stderr,
        delay=1.0,  # only runs longer than a second get a bar
        mininterval=0.25,
        disable=args.quiet or not sys.stderr.isatty(),
    )

    def on_wait(running: int) -> None:
        # Several times a second while pairs run, so the elapsed time never freezes.
        bar.set_postfix_str(f"{running} running")

    scores = iter_scores(
        [pairs[i].gt for i in todo],
        [texts[i] for i in todo],
        profile=profile,
        timeout=args.timeout,
        cache=cache,
        engine=engine,
        on_wait=on_wait,
        timings=timings,
    )
    interrupted = InterruptFlag()
    try:
        for j, result in scores:
            i = todo[j]
            pair = pairs[i]
            seconds = timings.seconds(pair.gt, extracted[i])
            record = _record(pair, texts[i], extracted[i], result, seconds)
            if store is not None:
                store.append(record)
            records[pair.key] = record
            bar.update(1)
            # Should a library swallow the KeyboardInterrupt, the flag still stops the run.
            if interrupted.is_set():
                raise KeyboardInterrupt
    finally:
        interrupted.restore()
        if isinstance(scores, Generator):
            scores.close()  # stops the workers' tasks at once on Ctrl-C
        engine.close()
        bar.set_postfix_str("", refresh=False)  # nothing runs any more
        bar.close()
        if client is not None:
            client.close()


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise Fail(EXIT_USAGE, "--scheduler needs Dask: pip install 'eed[dask]'") from None
    try:
        return Client(address, timeout=SCHEDULER_CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    except ValueError as exc:  # Dask's word for an address it cannot read
        raise Fail(EXIT_SCHEDULER, f"cannot reach the Dask scheduler at {address}: {exc}") from None
    except OSError as exc:
        raise Fail(
            EXIT_SCHEDULER,
            f"cannot reach the Dask scheduler at {address} "
            f"(gave up after {SCHEDULER_CONNECT_SECONDS:g} s): {exc}",
        ) from None
