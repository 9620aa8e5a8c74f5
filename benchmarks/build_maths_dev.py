"""Build tests/data/maths_dev.jsonl: labelled (gold, pred) maths answer pairs from public sources.

Every label comes from its source (a grader's unit-test expectation, a human-labelled judge set, or
the labelled examples of an LLM-judge prompt). Nothing is labelled here. The `form` field is given
by the deterministic rule `answer_form()` below, on the gold string only.

Inputs are git snapshots, read with `git show <commit>:<path>` (nothing from them is executed:
Python sources are read with `ast`, literals with `ast.literal_eval`). Get them with the session's
`fetch` tool, e.g. `fetch github:hendrycks/math`, which puts a bare repo under
/work/.mirror/<owner>+<name>/repo; or clone from GitHub and check out the commit in SOURCES:

    git clone https://github.com/<owner>/<name> && git -C <name> checkout <commit>

and pass --mirror-root so that <root>/<owner>+<name>/repo (or <root>/<name>) is the git dir.

Usage: python benchmarks/build_maths_dev.py [--mirror-root /work/.mirror] [--out tests/data/maths_dev.jsonl]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# repo, commit, licence
REPOS = {
    "hendrycks/math": ("985bdc1696e88e8643f081a0ff4719da39f2ae2a", "MIT"),
    "MARIO-Math-Reasoning/MARIO_EVAL": (
        "13584f20b71ffc6e9873e86481054849ed015065",
        "MIT (setup.py classifier)",
    ),
    "openai/simple-evals": ("ee3b0318d8d1d9d72755a4120879be65f7c07e9e", "MIT"),
    "NVIDIA/NeMo-Skills": ("0b012df8a09cd4730d31b16e90a0d8f13d145fb8", "Apache-2.0"),
    "huggingface/lighteval": ("3fd15266bc8448b797e61462d293aa3fd40b3580", "MIT"),
    "NovaSky-AI/SkyThought": ("0d190f11fd8e885bbe113aeccacba5ccde5b1102", "Apache-2.0"),
    "QwenLM/Qwen2.5-Math": ("a45202bd16f1ec06f433442dc1152d0074773465", "MIT (evaluation/LICENSE)"),
}


# --------------------------------------------------------------------------- reading sources


def git_show(root: Path, repo: str, path: str) -> str:
    owner, name = repo.split("/")
    commit = REPOS[repo][0]
    for gitdir in (root / f"{owner}+{name}" / "repo", root / name / ".git", root / name):
        if gitdir.exists():
            return subprocess.run(
                ["git", "--git-dir", str(gitdir), "show", f"{commit}:{path}"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
    raise FileNotFoundError(f"no snapshot of {repo} under {root}")


def src(repo: str, path: str, where: str) -> str:
    return f"{repo}@{REPOS[repo][0][:7]}:{path}::{where}"


def pair(gold, pred, label, source, label_source, note=None):
    return {
        "gold": gold,
        "pred": pred,
        "label": bool(label),
        "source": source,
        "label_source": label_source,
        "note": note,
    }


# --- unittest classes (hendrycks/math, MARIO_EVAL): interpret assert calls, never execute

EQUIV_TRUE = {"is_equiv", "_test_is_equiv", "are_equal_under_sympy"}
# _test_is_not_equiv returns is_equiv(...); assertFalse on it means "not equivalent"
EQUIV_SAME = EQUIV_TRUE | {"_test_is_not_equiv"}


def _unittest_pairs(text: str, repo: str, path: str, label_source: str):
    tree = ast.parse(text)
    out = []
    for cls in [n for n in tree.body if isinstance(n, ast.ClassDef)]:
        for fn in [n for n in cls.body if isinstance(n, ast.FunctionDef)]:
            env: dict = {}

            def visit(stmts, env, where):
                for st in stmts:
                    if (
                        isinstance(st, ast.Assign)
                        and len(st.targets) == 1
                        and isinstance(st.targets[0], ast.Name)
                    ):
                        with contextlib.suppress(ValueError):
                            env[st.targets[0].id] = ast.literal_eval(st.value)
                    elif (
                        isinstance(st, ast.For)
                        and isinstance(st.iter, ast.Name)
                        and isinstance(st.target, ast.Tuple)
                    ):
                        names = [t.id for t in st.target.elts]
                        for item in env.get(st.iter.id, []):
                            visit(st.body, {**env, **dict(zip(names, item, strict=True))}, where)
                    elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
                        call = st.value
                        if not (
                            isinstance(call.func, ast.Attribute)
                            and call.func.attr in ("assertTrue", "assertFalse")
                        ):
                            continue
                        inner = call.args[0]
                        if not (
                            isinstance(inner, ast.Call)
                            and isinstance(inner.func, ast.Name)
                            and inner.func.id in EQUIV_SAME
                        ):
                            continue
                        a, b = (
                            env[x.id] if isinstance(x, ast.Name) else ast.literal_eval(x)
                            for x in inner.args[:2]
                        )
                        label = call.func.attr == "assertTrue"
                        out.append(
                            pair(
                                a,
                                b,
                                label,
                                src(repo, path, where),
                                label_source,
                                f"checked with {inner.func.id}",
                            )
                        )

            visit(fn.body, env, f"{cls.name}.{fn.name}")
    return out


def hendrycks(root):
    repo, path = "hendrycks/math", "modeling/math_equivalence_test.py"
    return _unittest_pairs(git_show(root, repo, path), repo, path, "grader-test")


def mario(root):
    repo, path = "MARIO-Math-Reasoning/MARIO_EVAL", "math_evaluation/tests/test_is_equiv.py"
    return _unittest_pairs(git_show(root, repo, path), repo, path, "grader-test")


# --- pytest parametrize tables


def _literal(node):
    """literal_eval, with enum attributes such as Language.FRENCH kept as their dotted name."""
    if isinstance(node, ast.Attribute):
        return f"{_literal(node.value)}.{node.attr}"
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, (ast.Tuple, ast.List)):
        return [_literal(e) for e in node.elts]
    if isinstance(node, ast.BinOp):  # e.g. 5 / 2 in NeMo-Skills
        return ast.unparse(node)
    return ast.literal_eval(node)


def _parametrize_tables(text: str):
    tree = ast.parse(text)
    for fn in [n for n in tree.body if isinstance(n, ast.FunctionDef)]:
        for dec in fn.decorator_list:
            if isinstance(dec, ast.Call) and getattr(dec.func, "attr", "") == "parametrize":
                names = [s.strip() for s in ast.literal_eval(dec.args[0]).split(",")]
                yield fn.name, names, [(_literal(row), row.lineno) for row in dec.args[1].elts]


# lighteval tests of multiple-choice letter extraction are not maths answers
LIGHTEVAL_SKIP = {"test_extraction_abc", "test_multilingual_extraction_abc"}


def lighteval(root, known: set):
    repo, path = "huggingface/lighteval", "tests/unit/metrics/test_extractive_match.py"
    out = []
    for fn, names, rows in _parametrize_tables(git_show(root, repo, path)):
        if fn in LIGHTEVAL_SKIP or names[:2] != ["gold", "pred"]:
            continue
        for row, lineno in rows:
            args = dict(zip(names, row, strict=True))
            if (args["gold"], args["pred"]) in known:
                continue  # already in math_verify_cases.json
            extra = {k: v for k, v in args.items() if k not in ("gold", "pred", "expected")}
            note = "extractive match (pred may be a full response); " + ", ".join(
                f"{k}={v}" for k, v in extra.items()
            )
            out.append(
                pair(
                    args["gold"],
                    args["pred"],
                    args["expected"] in (1, True),
                    src(repo, path, f"{fn}#L{lineno}"),
                    "grader-test",
                    note.rstrip("; "),
                )
            )
    return out


def nemo_tests(root):
    repo, path = "NVIDIA/NeMo-Skills", "tests/test_math_equal.py"
    out = []
    for fn, _names, rows in _parametrize_tables(git_show(root, repo, path)):
        label = {"test_correct_examples": True, "test_incorrect_examples": False}[fn]
        for row, lineno in rows:
            gold, pred = row
            if gold is None or pred is None:
                continue
            out.append(
                pair(
                    str(gold),
                    str(pred),
                    label,
                    src(repo, path, f"{fn}#L{lineno}"),
                    "grader-test",
                    "math_equal(gt, pred); the test asserts both argument orders",
                )
            )
    return out


def skythought(root):
    repo, path = "NovaSky-AI/SkyThought", "tests/evals/util/test_math_parsing.py"
    out = []
    for fn, names, rows in _parametrize_tables(git_show(root, repo, path)):
        if fn != "test_math_equal":
            continue
        for row, lineno in rows:
            args = dict(zip(names, row, strict=True))  # math_equal(prediction, reference)
            out.append(
                pair(
                    args["reference"],
                    args["prediction"],
                    args["expected"],
                    src(repo, path, f"{fn}#L{lineno}"),
                    "grader-test",
                    "math_equal(prediction, reference); include_percentage and 1e-3 tolerance are its policy",
                )
            )
    return out


def skythought_handler(root):
    repo, path = "NovaSky-AI/SkyThought", "tests/evals/tasks/test_math.py"
    out = []
    for fn, names, rows in _parametrize_tables(git_show(root, repo, path)):
        if fn != "test_check_correctness":
            continue
        for row, lineno in rows:
            args = dict(zip(names, row, strict=True))
            out.append(
                pair(
                    args["problem"]["answer"],
                    args["response"],
                    args["expected"],
                    src(repo, path, f"{fn}#L{lineno}"),
                    "grader-test",
                    "MathTaskHandler.check_correctness; pred is a whole response",
                )
            )
    return out


def qwen_rm_example(root):
    """Real model answers (8 samples per MATH problem) with the score shipped in the file.

    The score was produced by Qwen2.5-Math's own rule-based grader (evaluation/grader.py math_equal),
    so these labels are rule-based."""
    repo, path = "QwenLM/Qwen2.5-Math", "evaluation/data/eval_rm_maj_example/math_cot_100.jsonl"
    out, seen = [], set()
    for line in git_show(root, repo, path).splitlines():
        d = json.loads(line)
        for k, (p, sc) in enumerate(zip(d["pred"], d["score"], strict=True)):
            if (d["gt"], p) in seen or not p.strip():
                continue
            seen.add((d["gt"], p))
            out.append(
                pair(
                    d["gt"],
                    p,
                    sc,
                    src(repo, path, f"idx={d['idx']} sample={k}"),
                    "rule-based",
                    "score field of the file, from Qwen2.5-Math evaluation/grader.py math_equal",
                )
            )
    return out


def nemo_answer_judge(root):
    repo, path = "NVIDIA/NeMo-Skills", "nemo_skills/dataset/answer-judge/prepare.py"
    tree = ast.parse(git_show(root, repo, path))
    data = next(
        n.value for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "data"
    )
    out = []
    for i, item in enumerate(ast.literal_eval(data)):
        label = {"Judgement: Yes": True, "Judgement: No": False}[item["expected_judgement"]]
        out.append(
            pair(
                item["expected_answer"],
                item["predicted_answer"],
                label,
                src(repo, path, f"data[{i}]"),
                "human",
                "judged in the context of its problem: " + item.get("comment", ""),
            )
        )
    return out


def nemo_judge_prompt(root):
    repo, path = "NVIDIA/NeMo-Skills", "nemo_skills/prompt/config/judge/math.yaml"
    text = git_show(root, repo, path)
    out = []
    pat = re.compile(
        r"Example (\d+):.*?Predicted answer:(.*?)\n\s*Expected answer:(.*?)\n.*?Judgement: (Yes|No)",
        re.S,
    )
    for m in pat.finditer(text):
        # the prompt is a format string: {{ }} stand for { }
        pred, gold = (s.strip().replace("{{", "{").replace("}}", "}") for s in m.group(2, 3))
        out.append(
            pair(
                gold,
                pred,
                m.group(4) == "Yes",
                src(repo, path, f"Example {m.group(1)}"),
                "prompt-example",
                "few-shot example of an LLM judge prompt, judged in its problem's context",
            )
        )
    return out


def simple_evals(root):
    repo, path = "openai/simple-evals", "common.py"
    text = git_show(root, repo, path)
    block = text.split("Examples:", 1)[1].split("YOUR TASK", 1)[0]
    out = []
    pat = re.compile(r"Expression 1: (.*?)\n\s*Expression 2: (.*?)\n\s*\n(Yes|No)")
    for i, m in enumerate(pat.finditer(block)):
        out.append(
            pair(
                m.group(1).strip(),
                m.group(2).strip(),
                m.group(3) == "Yes",
                src(repo, path, f"EQUALITY_TEMPLATE example {i + 1}"),
                "prompt-example",
                "LLM judge prompt example; 'only trivial simplifications' policy",
            )
        )
    return out


# --------------------------------------------------------------------------- form rule

_WRAP = [
    re.compile(p, re.S)
    for p in (
        r"^\$\$(.*)\$\$$",
        r"^\$(.*)\$$",
        r"^\\\[(.*)\\\]$",
        r"^\\\((.*)\\\)$",
        r"^\\boxed\{(.*)\}$",
    )
]


def _strip(s: str) -> str:
    s = s.strip()
    changed = True
    while changed:
        changed = False
        for p in _WRAP:
            m = p.match(s)
            if m:
                s, changed = m.group(1).strip(), True
    return s.rstrip(".").strip()


def _top_level_commas(s: str) -> int:
    depth, n = 0, 0
    i = 0
    while i < len(s):
        c = s[i]
        if s.startswith("\\{", i):
            depth += 1
            i += 2
            continue
        if s.startswith("\\}", i):
            depth -= 1
            i += 2
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        elif c == "," and depth == 0:
            n += 1
        i += 1
    return n


_NUM = re.compile(r"^[-+]?(\d[\d,\s]*(\\!)?[\d,\s]*)*\.?\d*$")
_FRAC = re.compile(r"^[-+]?\\[dt]?frac\{?\d+\}?\{?\d+\}?$|^[-+]?\d+/\d+$")
_REL = re.compile(r"(?<![\\a-z])(=|<|>)|\\(le|ge|leq|geq|neq|ne|lt|gt|approx)(?![a-z])")
_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_WORDS = re.compile(r"[A-Za-z]{2,}")


def answer_form(gold: str) -> str:
    s = _strip(gold)
    body = re.sub(r"\\(left|right|big|Big)", "", s)
    if re.search(r"\\begin\{[pbvBV]?matrix\}|\\begin\{array\}", s):
        return "matrix"
    if re.search(r"\\cup|\\cap", s) or re.search(r"\\in\s*[\[(]", s):
        return "interval"
    m = re.match(r"^[\[(](.*)[\])]$", body.strip())
    if (
        m
        and _top_level_commas(m.group(1)) == 1
        and ("\\infty" in body or body[0] + body[-1] in ("[)", "(]", "[]"))
    ):
        return "interval"
    if _REL.search(re.sub(r"\\text\{[^}]*\}", "", s)):
        return "relation"
    if re.search(r"\^\s*\{?\\circ|\\degree|°|\bdegrees?\b", s):
        return "degrees"
    if "%" in s:
        return "percent"
    if _THOUSANDS.match(s.replace("\\!", "").replace("{,}", ",").replace(" ", "")):
        return "number"
    if _top_level_commas(body) >= 1 or re.match(r"^\\\{.*\\\}$", s):
        return "list"
    words = [
        w
        for w in _WORDS.findall(
            re.sub(r"\\[A-Za-z]+", " ", s.replace("\\text{", " ").replace("\\mbox{", " "))
        )
    ]
    number_first = re.match(r"^\\?\$?\s*[-+]?\d[\d.,\\!\s]*", s)
    if words and "\\text" in s and number_first:
        return "unit"
    if words and not number_first and not re.search(r"\\(frac|sqrt|pi|sin|cos|tan|log|ln)", s):
        return "text"
    if words and number_first:
        return "unit"
    plain = s.replace("\\!", "").replace("\\$", "").replace(" ", "")
    if (_NUM.match(plain) and re.search(r"\d", plain)) or _FRAC.match(plain):
        return "number"
    return "expression"


# --------------------------------------------------------------------------- main


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirror-root", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--out", type=Path, default=ROOT / "tests/data/maths_dev.jsonl")
    args = ap.parse_args(argv)
    root = args.mirror_root

    mv = json.loads((ROOT / "tests/data/math_verify_cases.json").read_text())
    known = {(r["args"]["gold"], r["args"]["pred"]) for r in mv["rows"]}

    rows = []
    for part in (
        hendrycks(root),
        mario(root),
        simple_evals(root),
        nemo_tests(root),
        nemo_answer_judge(root),
        nemo_judge_prompt(root),
        skythought(root),
        skythought_handler(root),
        lighteval(root, known),
        qwen_rm_example(root),
    ):
        rows.extend(part)

    seen, out = set(), []
    for r in rows:
        if not isinstance(r["gold"], str) or not isinstance(r["pred"], str):
            continue
        if not r["gold"].strip() or not r["pred"].strip():
            continue  # empty-answer cases test extraction, not equivalence
        key = (r["gold"], r["pred"], r["label"])
        if key in seen:
            continue
        seen.add(key)
        out.append(r)

    counts = Counter()
    with args.out.open("w", encoding="utf-8") as f:
        for i, r in enumerate(out):
            repo = r["source"].split("@")[0]
            row = {
                "id": f"md{i:05d}",
                "gold": r["gold"],
                "pred": r["pred"],
                "label": r["label"],
                "form": answer_form(r["gold"]),
                "source": r["source"],
                "licence": REPOS[repo][1],
                "label_source": r["label_source"],
                "note": r["note"],
            }
            counts[(repo, row["form"], row["label"])] += 1
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(out)} pairs to {args.out}", file=sys.stderr)
    print(markdown_summary(args.out))


def markdown_summary(path: Path) -> str:
    """Tables for tests/data/README.md: positives/negatives per source and per form."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    forms = sorted({r["form"] for r in rows})
    lines = [
        "| source | label_source | " + " | ".join(forms) + " | total |",
        "|---|---|" + "---|" * (len(forms) + 1),
    ]
    by = Counter(
        (r["source"].split("@")[0], r["label_source"], r["form"], r["label"]) for r in rows
    )
    for repo, ls in sorted({(r["source"].split("@")[0], r["label_source"]) for r in rows}):
        cells = [f"{by[(repo, ls, f, True)]}/{by[(repo, ls, f, False)]}" for f in forms]
        tp = sum(by[(repo, ls, f, True)] for f in forms)
        tn = sum(by[(repo, ls, f, False)] for f in forms)
        lines.append(f"| {repo} | {ls} | " + " | ".join(cells) + f" | {tp}/{tn} |")
    tot = [
        f"{sum(1 for r in rows if r['form'] == f and r['label'])}/{sum(1 for r in rows if r['form'] == f and not r['label'])}"
        for f in forms
    ]
    lines.append(
        "| **all** | | "
        + " | ".join(tot)
        + f" | {sum(r['label'] for r in rows)}/{sum(not r['label'] for r in rows)} |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
