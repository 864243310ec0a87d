"""List import circles among the app's modules (and among its parts), imports inside
functions included. Exit 1 when there is one.

    python scripts/import_cycles.py            # modules and parts
"""

import ast
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parents[1] / "site"
PACKAGES = ("creditdesk", "creditdesk_demo")


def module_files(site: Path = SITE) -> dict[str, Path]:
    """Return {dotted module name: file} for every module of the packages."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((site / package).rglob("*.py")):
            if "migrations" in path.relative_to(site).parts:
                continue  # Alembic loads these by file, not by import
            parts = list(path.relative_to(site).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Return the app modules `name` imports anywhere in its file."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(name, is_package, node.module, node.level)
            # `from x import y` imports the module x.y when there is one, else x.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                       for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:  # `import a.b.c` for a.b.c's class
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _absolute(name: str, is_package: bool, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    package = name.split(".") if is_package else name.split(".")[:-1]
    base = package[: len(package) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def graph(site: Path = SITE) -> dict[str, set[str]]:
    modules = module_files(site)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def part_graph(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """Collapse modules into the app's parts (creditdesk.admin, creditdesk.leads...).

    The root package (create_app, which wires every part) is left out.
    """
    def part(module: str) -> str:
        return ".".join(module.split(".")[:2])

    parts: dict[str, set[str]] = {}
    for module, targets in edges.items():
        if module in PACKAGES:
            continue
        source = part(module)
        parts.setdefault(source, set())
        parts[source] |= {part(t) for t in targets if part(t) != source and t not in PACKAGES}
    return parts


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one node (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def main() -> int:
    edges = graph()
    found = [("modules", c) for c in cycles(edges)]
    found += [("parts", c) for c in cycles(part_graph(edges))]
    for kind, group in found:
        print(f"import circle among {kind}: {' <-> '.join(group)}")
    if not found:
        print(f"no import circle among {len(edges)} modules")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
