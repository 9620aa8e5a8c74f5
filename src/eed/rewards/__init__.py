"""EED as a reward for RL trainers.

- `EEDReward` (`eed.rewards.trl`): TRL's ``reward_funcs`` interface;
- `eed.rewards.verl`: ``compute_score`` for verl's ``custom_reward_function``;
- `remote`: the same rewards scored by an `eed serve` server (`RemoteEEDReward`,
  `score_remote`), so that GPU nodes leave the symbolic work to CPU machines;
- `shapes`: how a Result becomes a reward (``eed``, ``scaled``, ``binary``), shared by both and
  by the reward server (`eed.serve`), which serves OpenRLHF's remote reward model.
"""

from __future__ import annotations

from .remote import RemoteEEDReward, RemoteScoringError, score_remote
from .shapes import SHAPES, Shape, gold_failed, reward_value
from .trl import EEDReward

__all__ = [
    "SHAPES",
    "EEDReward",
    "RemoteEEDReward",
    "RemoteScoringError",
    "Shape",
    "gold_failed",
    "reward_value",
    "score_remote",
]
