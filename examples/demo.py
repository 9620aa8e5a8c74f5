"""Score the bundled sample answers against PHYBench's public ground truths and print a summary."""

from __future__ import annotations

import json
import statistics
from importlib import resources

import eed


def main() -> None:
    data = resources.files("eed") / "data"
    problems = {p["id"]: p for p in json.loads((data / "phybench_public.json").read_text("utf-8"))}
    answers = json.loads((data / "sample_answers.json").read_text("utf-8"))
    by_model: dict[str, list[eed.Result]] = {}
    for a in answers:
        r = eed.score(problems[a["id"]]["answer"], a["model_answer"], profile="phybench")
        by_model.setdefault(a["model"], []).append(r)
    sig = eed.get_config("phybench").signature()
    print(f"{'model':<10} {'items':>5} {'mean EED':>9} {'accuracy':>9} {'failed':>7}")
    for model, results in sorted(by_model.items()):
        mean = statistics.fmean(r.score for r in results)
        acc = sum(r.status is eed.Status.EQUIVALENT for r in results) / len(results)
        failed = sum(not r.ok for r in results)
        print(f"{model:<10} {len(results):>5} {mean:>9.2f} {acc:>9.1%} {failed:>7}")
    print(f"signature: {sig}")


if __name__ == "__main__":
    main()
