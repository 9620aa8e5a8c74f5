"""The argument parser of the scoring command: its usage, options, help and version."""

from __future__ import annotations

import argparse

from ..config import ANSWER_TYPES, PROFILES, versions
from ..io import RESULTS_FILE, formats
from ..report import DEFAULT_RESAMPLES, DEFAULT_SEED, RENDERERS
from ..version import __version__
from .exits import EXIT_CODES, PROG

__all__ = [
    "CACHE_FILE",
    "SCHEDULER_CONNECT_SECONDS",
    "SUMMARY_FILE",
    "build_parser",
    "positive_int",
    "positive_seconds",
]

SCHEDULER_CONNECT_SECONDS = 10.0
SUMMARY_FILE = "summary.json"
CACHE_FILE = "cache.sqlite"


USAGE = f"""\
{PROG} [options] GT_FILE PRED_FILE [PRED_FILE ...]
       {PROG} [options] GT_FILE < PRED_FILE
       {PROG} [options] PAIRS_FILE [PAIRS_FILE ...]
       {PROG} explain [--profile P] [--answer-type T] [-f text|json] [--svg FILE] GT PRED
       {PROG} report DIR -o report.html
       {PROG} serve [--host H] [--port P] [--workers N] [options]"""

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
            edit script ('eed-score explain --help')
  report    one self-contained HTML page of a results directory ('eed-score report --help')
  serve     an HTTP reward server for RL trainers, needs eed[serve] ('eed-score serve --help')"""


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


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def positive_seconds(text: str) -> float:
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
        type=positive_seconds,
        default=None,
        metavar="SECONDS",
        help="wall-time limit per pair, on top of the profile's stage budgets; needs worker "
        "processes (not --workers 0)",
    )
    scoring.add_argument(
        "--limit",
        type=positive_int,
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
        "--paired-bs",
        action="store_true",
        help="also print the paired bootstrap test between every two models on the problems "
        "both answered, as sacreBLEU's --paired-bs (--bootstrap resamples, --seed); the p-values "
        "are in summary.json whenever there are two models",
    )
    output.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help="bootstrap seed (default: %(default)s)"
    )
    output.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no notes on stderr"
    )
    output.add_argument("--version", action="version", version=_version())
    return parser
