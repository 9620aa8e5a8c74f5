"""eed-score: score answer files against ground truths from the command line.

The conventions follow sacreBLEU: the reference file first, hypotheses after it or on stdin, a
signature with every summary, and a switch for the printed form. See docs/cli.md.

- `exits`: the exit codes, and how an error is reported;
- `parser`: the scoring command's options, help and version;
- `inputs`: the input files read, and the pairs to score;
- `score`: the scoring command, its results directory and summary;
- `explain`: the ``explain`` subcommand;
- `report`: the ``report`` subcommand (an HTML page of a results directory);
- `serve`: the ``serve`` subcommand, the HTTP reward server (`eed.serve`);
- `console` and `signals`: stderr, and Ctrl-C.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from ..io import InputFormatError, OutputError, SignatureMismatchError
from .console import logging_to_stderr
from .exits import (
    EXIT_CODES,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_SIGNATURE,
    EXIT_USAGE,
    PROG,
    Fail,
    error,
)
from .explain import explain_main
from .parser import build_parser
from .report import report_main
from .score import score_command
from .serve import serve_main

__all__ = ["EXIT_CODES", "build_parser", "explain_main", "main", "report_main"]

# A first argument naming a subcommand dispatches to it; anything else is the scoring command.
# (A file literally named like a subcommand can be given as ./explain.)
SUBCOMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "explain": explain_main,
    "report": report_main,
    "serve": serve_main,
}


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
        with logging_to_stderr(args.quiet):
            return score_command(args, parser)
    except SystemExit as exc:  # parser.error() after parsing
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except Fail as exc:
        return error(str(exc), exc.code)
    except InputFormatError as exc:
        return error(str(exc), EXIT_INPUT)
    except SignatureMismatchError as exc:
        return error(str(exc), EXIT_SIGNATURE)
    except OutputError as exc:
        return error(str(exc), EXIT_OUTPUT)
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader of stdout went away (| head): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
