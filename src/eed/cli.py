"""eed-score: score answer files against ground truths from the command line.

The conventions follow sacreBLEU: the reference file first, hypotheses after it or on stdin, a
signature with every summary, and a switch for the printed form. See docs/cli.md.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, TypeVar

from . import __version__
from .batch import iter_scores
from .config import ANSWER_TYPES, PROFILES, Config, get_config, versions, with_answer_type
from .extract import extract, message_text
from .io import (
    RESULTS_FILE,
    STDIN,
    InputFormatError,
    LoadedFile,
    OutputError,
    Pair,
    ResultsStore,
    SignatureMismatchError,
    formats,
    pair_up,
    parse_source,
    read_source,
    reference_problems,
    write_atomic,
)
from .report import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    RENDERERS,
    PlotUnavailableError,
    Problem,
    missing_notes,
    plot_format,
    plot_histograms,
    render,
    render_json,
    require_matplotlib,
    summarize,
)
from .result import Result
from .workers import (
    Engine,
    ExecutorEngine,
    InlineEngine,
    ProcessEngine,
    decide_task,
    prepare_task,
)

__all__ = ["EXIT_CODES", "build_parser", "explain_main", "main"]

PROG = "eed-score"

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_SIGNATURE = 4
EXIT_OUTPUT = 5
EXIT_SCHEDULER = 6
EXIT_INTERRUPTED = 130

EXIT_CODES = {
    EXIT_OK: "success (unparseable answers are results with a status, not errors)",
    EXIT_USAGE: "usage error: bad options or arguments (--plot without matplotlib, --timeout "
    "with --workers 0, --scheduler without Dask too)",
    EXIT_INPUT: "an input file is missing, unreadable or malformed (named with its line)",
    EXIT_SIGNATURE: "--output DIR holds results scored with another signature or on other inputs",
    EXIT_OUTPUT: "--output DIR, the summary or the plot cannot be written (or another run has DIR)",
    EXIT_SCHEDULER: "the Dask scheduler given by --scheduler cannot be reached",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); every result finished so far is saved",
}

SCHEDULER_CONNECT_SECONDS = 10.0
SUMMARY_FILE = "summary.json"
CACHE_FILE = "cache.sqlite"

logger = logging.getLogger(__name__)

T = TypeVar("T")


# Subcommands -----------------------------------------------------------------------------------


def explain_main(argv: Sequence[str]) -> int:
    """``eed-score explain GT PRED``: the readings, trees and edit script behind one score."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} explain",
        description="Show why a prediction scored what it did: each side's preprocessed LaTeX and "
        "SymPy form, both expression trees, the edit script with the cost of each step, and the "
        "distance, size, score and signature.",
    )
    parser.add_argument("gt", metavar="GT", help="ground-truth LaTeX ('-' reads it from stdin)")
    parser.add_argument("pred", metavar="PRED", help="predicted LaTeX ('-' reads it from stdin)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="default")
    parser.add_argument(
        "--answer-type",
        choices=ANSWER_TYPES,
        default=None,
        help="how to compare the answers, as for scoring (default: detected)",
    )
    parser.add_argument("-f", "--format", choices=["text", "json"], default="text")
    parser.add_argument(
        "--no-extract", action="store_true", help="do not extract the final answer from PRED"
    )
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.gt == "-" and args.pred == "-":
        return _error("only one of GT and PRED can come from stdin", EXIT_USAGE)
    gt = sys.stdin.read().strip() if args.gt == "-" else args.gt
    pred = sys.stdin.read().strip() if args.pred == "-" else args.pred
    if not args.no_extract:
        pred = extract(pred).text
    from .explain import explain

    result = explain(gt, pred, profile=args.profile, answer_type=args.answer_type)
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(result.to_text() + "\n")
    return EXIT_OK


# A first argument naming a subcommand dispatches to it; anything else is the scoring command.
# (A file literally named like a subcommand can be given as ./explain.)
SUBCOMMANDS: dict[str, Callable[[Sequence[str]], int]] = {"explain": explain_main}


# Parser ----------------------------------------------------------------------------------------

USAGE = f"""\
{PROG} [options] GT_FILE PRED_FILE [PRED_FILE ...]
       {PROG} [options] GT_FILE < PRED_FILE
       {PROG} [options] PAIRS_FILE [PAIRS_FILE ...]
       {PROG} explain [--profile P] [--answer-type T] [-f text|json] GT PRED"""

DESCRIPTION = """\
Score model answers against ground truths with PHYBench's Expression Edit Distance (EED).

GT_FILE comes first; the prediction files follow it, or come on stdin ('-'). A file whose records
carry both 'gt' and 'pred' needs no GT_FILE. Formats are detected from the content:
  phybench  a JSON list of {id, tag, answer, ...} (PHYBench ground truths)
  answers   a JSON list of {id, model, model_answer, model_solution?} (official model answers)
  jsonl     one JSON object per line: {id, gt, pred}, model and tag optional
  csv       the same fields as columns, with a header row
  text      one LaTeX answer per line, matched to the reference lines by position
Predictions are matched to ground truths by id (by position when they have none). Unless
--no-extract is given, the final answer is extracted from each prediction: the last \\boxed{...},
else the last display or inline math, else the whole field.

Every problem of GT_FILE counts for every model: the summary shows how many each model answered
and how many are missing, and the headline mean scores a missing answer as 0 (--only-answered
averages the answered problems instead).

subcommand:
  explain   show why a prediction scored what it did: each side's reading, both trees and the
            edit script ('eed-score explain --help')"""


def _epilog() -> str:
    lines = ["exit codes:"]
    lines += [f"  {code:<3}  {text}" for code, text in EXIT_CODES.items()]
    lines += [
        "",
        f"with --output DIR: DIR/{RESULTS_FILE} (one line per pair, appended as pairs finish),",
        f"DIR/{SUMMARY_FILE}, DIR/run.json (the signature) and DIR/{CACHE_FILE}. Re-running the",
        "same command resumes: finished pairs are skipped. See docs/cli.md.",
    ]
    return "\n".join(lines)


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _version() -> str:
    v = versions()
    libs = f"sympy {v['sympy']}, latex2sympy2_extended {v['latex2sympy2_extended']}"
    return f"{PROG} {__version__} ({libs})"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        usage=USAGE,
        description=DESCRIPTION,
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="GT_FILE then PRED_FILEs ('-' reads stdin), or PAIRS_FILEs",
    )
    scoring = parser.add_argument_group("scoring")
    scoring.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="default",
        help="scoring profile; 'phybench' reproduces the official scorer (default: %(default)s)",
    )
    scoring.add_argument(
        "--workers",
        type=_non_negative_int,
        default=None,
        metavar="N",
        help="worker processes (default: all cores; 0 scores in this process)",
    )
    scoring.add_argument(
        "--timeout",
        type=_positive_float,
        default=None,
        metavar="SECONDS",
        help="wall-time limit per pair, on top of the profile's stage budgets; needs worker "
        "processes (not --workers 0)",
    )
    scoring.add_argument(
        "--limit",
        type=_positive_int,
        default=None,
        metavar="N",
        help="score only the first N pairs",
    )
    scoring.add_argument(
        "--no-extract",
        action="store_true",
        help="score each prediction field as it is, without extracting the final answer",
    )
    scoring.add_argument(
        "--cache",
        default=None,
        metavar="PATH",
        help=f"persistent SQLite cache (default: DIR/{CACHE_FILE} with --output, else none)",
    )
    scoring.add_argument("--no-cache", action="store_true", help="use no cache at all")
    scoring.add_argument(
        "--answer-type",
        choices=ANSWER_TYPES,
        default=None,
        help="how to compare answers (default: detected from each ground truth)",
    )
    scoring.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run on a Dask cluster, e.g. tcp://HOST:8786 (needs eed[dask]); exit code 6 if it "
        f"cannot be reached in {SCHEDULER_CONNECT_SECONDS:g} s",
    )

    inputs = parser.add_argument_group("input")
    inputs.add_argument(
        "--input-format",
        choices=formats(),
        default="auto",
        help="force the format of the input files: jsonl, csv and text apply to every file, "
        "phybench to GT_FILE and answers to the prediction files (default: %(default)s)",
    )
    inputs.add_argument(
        "--gt-format", choices=formats(), default=None, help="force the format of GT_FILE alone"
    )

    output = parser.add_argument_group("output")
    output.add_argument(
        "-o",
        "--output",
        default=None,
        metavar="DIR",
        help=f"write DIR/{RESULTS_FILE} and DIR/{SUMMARY_FILE}; re-running resumes",
    )
    output.add_argument(
        "-f",
        "--format",
        choices=sorted(RENDERERS),
        default="text",
        help="printed form of the summary (default: %(default)s)",
    )
    output.add_argument(
        "--only-answered",
        action="store_true",
        help="headline mean, CI and accuracy over each model's answered problems, instead of "
        "over all problems with a missing answer scoring 0 (named in the signature)",
    )
    output.add_argument(
        "--plot",
        default=None,
        metavar="FILE.png",
        help="score histogram per model, written to exactly FILE (.png, .pdf or .svg; PNG "
        "without a suffix; needs eed[plot])",
    )
    output.add_argument(
        "--bootstrap",
        type=_non_negative_int,
        default=DEFAULT_RESAMPLES,
        metavar="N",
        help="bootstrap resamples for the 95%% CI; 0 turns it off (default: %(default)s)",
    )
    output.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="bootstrap seed (default: %(default)s)"
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no notes on stderr"
    )
    output.add_argument("--version", action="version", version=_version())
    return parser


# Timing ----------------------------------------------------------------------------------------


def _timed(fn: Callable[..., T], args: tuple[Any, ...]) -> tuple[T, float]:
    """Worker entry: run a task and measure its compute time where it runs."""
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


class _TimingEngine:
    """An Engine wrapper recording each task's compute time by the answer(s) it worked on.

    A pair's ``seconds`` is then the time of preparing its two sides plus its equivalence check:
    the work it needed, wherever and whenever that ran (0 for what the cache served).
    """

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.side_seconds: dict[str, float] = {}
        self.pair_seconds: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., T], args: tuple[Any, ...], wall: float) -> cf.Future[T]:
        outer: cf.Future[T] = cf.Future()
        started = time.perf_counter()
        inner: cf.Future[tuple[T, float]] = self.inner.submit(_timed, (fn, args), wall)

        def done(f: cf.Future[tuple[T, float]]) -> None:
            try:
                value, seconds = f.result()
            except BaseException as exc:
                self._record(fn, args, min(time.perf_counter() - started, wall))
                outer.set_exception(exc)
            else:
                self._record(fn, args, seconds)
                outer.set_result(value)

        inner.add_done_callback(done)
        return outer

    def _record(self, fn: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> None:
        with self._lock:
            if fn is prepare_task:
                self.side_seconds[args[0]] = seconds
            elif fn is decide_task:
                self.pair_seconds[(args[0].latex, args[1].latex)] = seconds

    def seconds(self, gt: str, pred: str) -> float:
        with self._lock:
            sides = self.side_seconds.get(gt, 0.0) + (
                self.side_seconds.get(pred, 0.0) if pred != gt else 0.0
            )
            return sides + self.pair_seconds.get((gt, pred), 0.0)

    def close(self) -> None:
        self.inner.close()

    @property
    def capacity(self) -> int:
        return int(getattr(self.inner, "capacity", 1))

    @property
    def enforces_walls(self) -> bool:
        return bool(getattr(self.inner, "enforces_walls", True))


# Running ---------------------------------------------------------------------------------------


class _Fail(Exception):
    """An error to print as ``eed-score: error: ...`` and exit with ``code``."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class _LowerLevelFormatter(logging.Formatter):
    """``warning:`` rather than ``WARNING:``, like argparse's ``error:``."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)
        record.levelname = record.levelname.lower()
        return super().format(record)


@contextmanager
def _logging_to_stderr(quiet: bool) -> Iterator[None]:
    """Show the library's warnings as ``eed-score: warning: ...`` for the length of a run."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LowerLevelFormatter(f"{PROG}: %(levelname)s: %(message)s"))
    handler.setLevel(logging.ERROR if quiet else logging.WARNING)
    root = logging.getLogger("eed")
    root.addHandler(handler)
    old_level = root.level
    if root.level == logging.NOTSET or root.level > handler.level:
        root.setLevel(handler.level)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _note(args: argparse.Namespace, message: str) -> None:
    if not args.quiet:
        print(f"{PROG}: {message}", file=sys.stderr)


def _stdin_bytes() -> IO[bytes] | None:
    stdin = sys.stdin
    return None if stdin is None else stdin.buffer


FIRST_FILE = "ground truths (GT_FILE) or pairs with 'gt' and 'pred'"
PAIRS_FILE = "pairs with 'gt' and 'pred'"
PRED_FILE = "predictions ('pred' or 'model_answer'), one per problem"


def _load_inputs(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[list[Pair], list[Problem]]:
    """The pairs to score, and the problems every model is measured on."""
    files: list[str] = args.files
    if not files:
        parser.error(
            "give GT_FILE and PRED_FILE(s), GT_FILE with predictions on stdin, or a pairs file"
        )
    if files.count(STDIN) > 1:
        parser.error("standard input ('-') can be read only once")
    forced = args.input_format
    gt_format = args.gt_format or ("auto" if forced == "answers" else forced)
    pred_format = "auto" if forced == "phybench" else forced
    stdin = _stdin_bytes()

    first_text = read_source(files[0], stdin)
    first = parse_source(first_text, files[0], gt_format, expect=FIRST_FILE)
    is_reference = args.gt_format is not None or forced == "phybench" or not first.holds_predictions
    reference: LoadedFile | None
    if is_reference:
        reference = first
        pred_paths = files[1:]
        if not pred_paths:
            if files[0] == STDIN or stdin is None or sys.stdin.isatty():
                parser.error("no predictions: give PRED_FILE after GT_FILE, or pipe them on stdin")
            pred_paths = [STDIN]
        predictions = [
            parse_source(read_source(p, stdin), p, pred_format, expect=PRED_FILE)
            for p in pred_paths
        ]
    else:
        reference = None
        if gt_format != pred_format:  # read it again as what it turned out to be
            first = parse_source(first_text, files[0], pred_format, expect=FIRST_FILE)
        predictions = [first] + [
            parse_source(read_source(p, stdin), p, pred_format, expect=PAIRS_FILE)
            for p in files[1:]
        ]
    pairs = pair_up(reference, predictions)
    if args.limit is not None:
        pairs = pairs[: args.limit]
    return pairs, _problems(reference if args.limit is None else None, pairs)


def _problems(reference: LoadedFile | None, pairs: Sequence[Pair]) -> list[Problem]:
    """GT_FILE's problems; without one (or with --limit), every id the pairs name.

    A problem's tag is the ground truth's, else the first one a prediction gives.
    """
    tags: dict[str, str | None] = {}
    if reference is not None:
        tags.update(reference_problems(reference))
    for pair in pairs:
        key = str(pair.id)
        if tags.get(key) is None:
            tags[key] = pair.tag
    return [Problem(k, t) for k, t in tags.items()]


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


def _score_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.plot is not None:
        try:
            plot_format(args.plot)
        except ValueError as exc:
            raise _Fail(EXIT_USAGE, f"--plot {exc}") from None
        try:
            require_matplotlib()
        except PlotUnavailableError as exc:
            raise _Fail(EXIT_USAGE, str(exc)) from None
    if args.workers == 0 and args.timeout is not None:
        raise _Fail(
            EXIT_USAGE,
            "--timeout cannot be enforced with --workers 0: in this process C-level work (a "
            "huge integer power, say) ignores every signal. Use --workers 1 or more, or drop "
            "--timeout",
        )
    pairs, problems = _load_inputs(args, parser)
    config = with_answer_type(get_config(args.profile), args.answer_type)
    scoring_signature = f"{config.signature()}|extract:{'off' if args.no_extract else 'on'}"

    texts = [message_text(p.pred) for p in pairs]
    extracted = texts if args.no_extract else [extract(p.pred).text for p in pairs]

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
                _note(
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
    for note in missing_notes(summary):
        logger.warning("%s", note)
    if args.output is not None:
        path = Path(args.output) / SUMMARY_FILE
        try:
            write_atomic(path, render_json(summary))
        except OSError as exc:
            raise OutputError(path, f"cannot write: {exc.strerror or exc}") from exc
    sys.stdout.write(render(summary, args.format))
    sys.stdout.flush()
    if args.plot is not None:
        try:
            plot_histograms(ordered, summary, args.plot)
        except OSError as exc:
            raise OutputError(args.plot, f"cannot write the plot: {exc.strerror or exc}") from exc
        _note(args, f"wrote {args.plot}")
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
    inner: Engine
    if client is not None:
        threads = sum(client.nthreads().values())
        inner = ExecutorEngine(client.get_executor(), capacity=threads or None)
    elif args.workers == 0:
        inner = InlineEngine()
    else:
        inner = ProcessEngine(args.workers)
    engine = _TimingEngine(inner)
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
        [extracted[i] for i in todo],
        profile=profile,
        timeout=args.timeout,
        cache=cache,
        engine=engine,
        on_wait=on_wait,
    )
    interrupted = _InterruptFlag()
    try:
        for j, result in scores:
            i = todo[j]
            pair = pairs[i]
            seconds = engine.seconds(pair.gt, extracted[i])
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


class _InterruptFlag:
    """Records Ctrl-C (and still raises KeyboardInterrupt) while a run is scoring."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._previous: Any = None
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._on_sigint)

    def _on_sigint(self, signum: int, frame: Any) -> None:
        self._event.set()
        raise KeyboardInterrupt

    def is_set(self) -> bool:
        return self._event.is_set()

    def restore(self) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None


def _dask_client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise _Fail(EXIT_USAGE, "--scheduler needs Dask: pip install 'eed[dask]'") from None
    try:
        return Client(address, timeout=SCHEDULER_CONNECT_SECONDS)  # type: ignore[no-untyped-call]
    except ValueError as exc:  # Dask's word for an address it cannot read
        raise _Fail(
            EXIT_SCHEDULER, f"cannot reach the Dask scheduler at {address}: {exc}"
        ) from None
    except OSError as exc:
        raise _Fail(
            EXIT_SCHEDULER,
            f"cannot reach the Dask scheduler at {address} "
            f"(gave up after {SCHEDULER_CONNECT_SECONDS:g} s): {exc}",
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``eed-score``; returns the exit code (see EXIT_CODES)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SUBCOMMANDS:
        return SUBCOMMANDS[arguments[0]](arguments[1:])
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        with _logging_to_stderr(args.quiet):
            return _score_command(args, parser)
    except SystemExit as exc:  # parser.error() after parsing
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except _Fail as exc:
        return _error(str(exc), exc.code)
    except InputFormatError as exc:
        return _error(str(exc), EXIT_INPUT)
    except SignatureMismatchError as exc:
        return _error(str(exc), EXIT_SIGNATURE)
    except OutputError as exc:
        return _error(str(exc), EXIT_OUTPUT)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of stdout went away (| head): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


def _error(message: str, code: int) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
