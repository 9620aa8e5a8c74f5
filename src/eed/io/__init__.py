"""Reading answer files, pairing them with ground truths, and the resumable results file.

Input formats (``auto`` detects them from the content; the file name only breaks ties):

- ``phybench``: PHYBench ground truths, a JSON list of ``{id, tag, answer, ...}``.
- ``answers``: the official pipeline's model answers, a JSON list of
  ``{id, model, model_answer, model_solution?}``.
- ``jsonl``: one JSON object per line, ``{id, gt, pred}`` (``model``, ``tag`` optional).
- ``csv``: the same fields as columns, with a header row.
- ``text``: one LaTeX answer per line, matched to the reference by position.

Every record field has the same meaning in every format, so a JSON list of ``{id, gt, pred}`` or
a JSONL file of official answers reads just as well. A malformed file raises `InputFormatError`
naming the file, the line and what was expected.

`ResultsStore` keeps ``DIR/results.jsonl`` (one JSON line per finished pair, appended and flushed
as each finishes) and ``DIR/run.json`` (the scoring signature). Reopening it drops a torn last
line, lists the finished pairs, and refuses a run whose signature differs.

The modules, each with one job:

- ``errors``: the errors, and how messages name a JSON value;
- ``source``: the text of a file or of standard input;
- ``records``: `Record` and `LoadedFile`, and the meaning of each field in every format;
- ``readers``: the built-in formats' readers, and how each recognises its content;
- ``formats``: the registry of input formats (`REGISTRY`, `InputFormat`) and ``detect_format``;
- ``loading``: ``parse_source``, one file's text checked;
- ``pairing``: ``pair_up``, each prediction matched to its ground truth;
- ``store``: `ResultsStore`, the locked results directory.
"""

from __future__ import annotations

from .errors import InputFormatError, OutputError, SignatureMismatchError
from .formats import (
    FORMATS,
    REGISTRY,
    FormatRegistry,
    InputFormat,
    Reader,
    Sniffer,
    detect_format,
    formats,
)
from .loading import parse_source
from .pairing import Pair, model_names, pair_up, reference_problems
from .records import (
    GT_FIELDS,
    PRED_FIELDS,
    SOLUTION_FIELD,
    LoadedFile,
    Record,
    record_from_mapping,
)
from .source import STDIN, display_name, read_source
from .store import (
    LOCK_FILE,
    RESULT_KEYS,
    RESULTS_FILE,
    RUN_FILE,
    RUN_FORMAT,
    ResultsStore,
    write_atomic,
)

__all__ = [
    "FORMATS",
    "GT_FIELDS",
    "LOCK_FILE",
    "PRED_FIELDS",
    "REGISTRY",
    "RESULTS_FILE",
    "RESULT_KEYS",
    "RUN_FILE",
    "RUN_FORMAT",
    "SOLUTION_FIELD",
    "STDIN",
    "FormatRegistry",
    "InputFormat",
    "InputFormatError",
    "LoadedFile",
    "OutputError",
    "Pair",
    "Reader",
    "Record",
    "ResultsStore",
    "SignatureMismatchError",
    "Sniffer",
    "detect_format",
    "display_name",
    "formats",
    "model_names",
    "pair_up",
    "parse_source",
    "read_source",
    "record_from_mapping",
    "reference_problems",
    "write_atomic",
]
