"""Many pairs at once, on worker processes that are killed when they overrun.

From the bottom up:

- `worker`: the life of one pool worker process (Ctrl-C ignored, memory cap, death with its
  parent);
- `warmup`: a process's one-time costs of scoring (lazy imports, parser tables), paid once
  before workers are forked from it;
- `engines`: what runs tasks (in this process, on a pool of killable processes, on any
  executor), how a task ended (`Outcome`), and `choose_engine`, the one place an engine is
  chosen;
- `tasks`: the tasks sent to workers, their hard walls, and their compute times;
- `cache`: the persistent SQLite cache of prepared sides and pair results;
- `scheduler`: `iter_scores` and `score_many`, which prepare each distinct answer once and
  stream the pairs back as they finish.
"""

from __future__ import annotations

from .cache import Cache
from .engines import (
    Engine,
    ExecutorEngine,
    InlineEngine,
    Outcome,
    ProcessEngine,
    choose_engine,
    default_engine,
    outcome_of,
    shutdown,
    single_call_engine,
)
from .scheduler import iter_scores, preparation_order, score_many
from .tasks import TaskTimes, decide_task, decide_wall, prepare_task, prepare_wall

__all__ = [
    "Cache",
    "Engine",
    "ExecutorEngine",
    "InlineEngine",
    "Outcome",
    "ProcessEngine",
    "TaskTimes",
    "choose_engine",
    "decide_task",
    "decide_wall",
    "default_engine",
    "iter_scores",
    "outcome_of",
    "preparation_order",
    "prepare_task",
    "prepare_wall",
    "score_many",
    "shutdown",
    "single_call_engine",
]
