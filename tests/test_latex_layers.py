"""The import structure of the package, read from the source with ``ast``: no module imports
another module's private names, no subpackage has an import cycle, ``eed.batch`` imports only down its layers, and ``eed.cli`` reaches the process layer
only through ``eed.batch``'s public names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "eed"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _is_module(name: str) -> bool:
    """Whether a dotted name is a module or package of the source tree (an extension module
    counts: ``eed._zs`` is built from ``_zs.c``)."""
    path = SRC.joinpath(*name.split("."))
    return path.is_dir() or any(path.parent.glob(path.name + ".*"))


def _imports(path: Path) -> Iterator[tuple[str, str | None]]:
    """(module, name) for every import in a file, function-level ones included; ``name`` is
    None for ``import module``. Relative imports are resolved."""
    here = _module_name(path).split(".")
    package = here if _is_package(path) else here[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                yield module, alias.name


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_module_names_resolve() -> None:
    assert _module_name(PACKAGE / "latex" / "physics" / "__init__.py") == "eed.latex.physics"
    assert ("eed.latex.tokens", "Token") in set(
        _imports(PACKAGE / "latex" / "physics" / "registry.py")
    )


def test_no_module_imports_a_private_name() -> None:
    found = []
    for path in _sources():
        for module, name in _imports(path):
            if name is None or not name.startswith("_") or name.startswith("__"):
                continue
            if _is_module(f"{module}.{name}"):
                continue  # a package importing its own private submodule (eed._zs)
            found.append(f"{path.relative_to(SRC)}: from {module} import {name}")
    assert found == []


def _graph(package: str) -> dict[str, set[str]]:
    """Which modules of ``package`` each of its modules imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.joinpath(*package.split(".")[1:]).rglob("*.py")):
        deps = graph.setdefault(_module_name(path), set())
        for module, name in _imports(path):
            target = f"{module}.{name}" if name and _is_module(f"{module}.{name}") else module
            if target == package or target.startswith(package + "."):
                deps.add(target)
    return graph


def _latex_graph() -> dict[str, set[str]]:
    return _graph("eed.latex")


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := visit(dep)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_latex_has_no_import_cycle() -> None:
    graph = _latex_graph()
    assert "eed.latex.physics.registry" in graph
    assert _cycle(graph) is None


def test_answers_has_no_import_cycle() -> None:
    graph = _graph("eed.answers")
    assert "eed.answers.answer" in graph["eed.answers.reading"]
    assert _cycle(graph) is None


def test_subpackages_have_no_import_cycle() -> None:
    for package in ("eed.batch", "eed.cli", "eed.config", "eed.scoring", "eed.distance"):
        graph = _graph(package)
        assert f"{package}.__init__" not in graph and package in graph
        assert _cycle(graph) is None, package


# eed.batch from the bottom up: each module imports only the modules before it.
BATCH_LAYERS = ["warmup", "worker", "engines", "tasks", "cache", "scheduler"]


def test_batch_imports_only_down_its_layers() -> None:
    graph = _graph("eed.batch")
    assert set(graph) == {"eed.batch", *(f"eed.batch.{m}" for m in BATCH_LAYERS)}
    for i, module in enumerate(BATCH_LAYERS):
        below = {f"eed.batch.{m}" for m in BATCH_LAYERS[:i]}
        assert graph[f"eed.batch.{module}"] <= below, module


def test_cli_reaches_the_process_layer_only_through_eed_batch() -> None:
    """The commands choose an engine and read task times through ``eed.batch``; they never name
    a task function or a module of the process layer."""
    found = []
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        for module, name in _imports(path):
            if module.startswith("eed.batch.") or (
                module == "eed.batch" and name in ("prepare_task", "decide_task")
            ):
                found.append(f"{path.relative_to(SRC)}: from {module} import {name}")
    assert found == []


# The package from the bottom up, as the pipeline reads: a module may import from its own layer
# and the layers below it, never from a layer above.
PACKAGE_LAYERS: list[set[str]] = [
    {"version", "config", "errors", "result", "budget", "serialize", "extract", "_zs"},
    {"latex"},
    {"answers"},
    {"canonical", "units"},
    {"tree"},
    {"distance"},
    {"scoring"},
    {"batch"},
    {"io"},
    {"explain", "rewards"},
    {"report", "serve"},  # the HTML page draws tree diffs through explain; the reward server
    {"api", "cli"},
    {"__main__", ""},  # ``""`` is the package itself, ``eed/__init__.py``
]


def _top(module: str) -> str | None:
    """The first level under ``eed`` of a dotted module name (None outside the package)."""
    parts = module.split(".")
    if parts[0] != "eed":
        return None
    return parts[1] if len(parts) > 1 else ""


def test_imports_only_point_down_the_layers() -> None:
    layer_of = {name: i for i, layer in enumerate(PACKAGE_LAYERS) for name in layer}
    found = []
    for path in _sources():
        here = _top(_module_name(path))
        assert here in layer_of, f"{here} is in no layer of PACKAGE_LAYERS"
        for module, name in _imports(path):
            target = module if module != "eed" or name is None else f"eed.{name}"
            there = _top(target)
            if there is None or there == here:
                continue
            assert there in layer_of, f"{there} is in no layer of PACKAGE_LAYERS"
            if layer_of[there] > layer_of[here]:
                found.append(f"{path.relative_to(SRC)} imports {target}")
    assert found == []
