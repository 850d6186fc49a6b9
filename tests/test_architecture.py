"""The shape of the code: one-way imports between the modules of the three packages.

Every import counts — at module level, inside functions, under ``TYPE_CHECKING`` —
and ``from pkg import submodule`` is an edge to the submodule. A cycle, or an
import of another module's private (``_underscore``) name, fails with its modules
named. The layers are described in each package's README.md.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("dashboard", "data_loaders", "metrics")


def module_files(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name → file, for every module of the three packages."""
    out: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = path
    return out


def imports(module: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import in ``path``."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, [], node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            found.append((base, [a.name for a in node.names], node.lineno))
    return found


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the modules of the three packages it imports."""
    mods = module_files(root)
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for module, path in mods.items():
        for base, names, _ in imports(module, path):
            subs = [f"{base}.{n}" for n in names]
            targets = subs if subs and all(s in mods for s in subs) else [base, *subs]
            graph[module] |= {t for t in targets if t in mods and t != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(graph):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return out


def private_imports(root: Path = ROOT) -> list[str]:
    """``from other_module import _name`` across modules of the three packages."""
    mods = module_files(root)
    out = []
    for module, path in mods.items():
        for base, names, line in imports(module, path):
            if base == module or not base.startswith(PACKAGES):
                continue
            for name in names:
                dunder = name.startswith("__") and name.endswith("__")
                if name.startswith("_") and not dunder and f"{base}.{name}" not in mods:
                    out.append(f"{path.relative_to(root)}:{line} imports {base}.{name}")
    return out


def test_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" → ".join(c) for c in found)


def test_no_private_names_imported_across_modules() -> None:
    found = private_imports()
    assert not found, "private names imported from another module:\n" + "\n".join(found)


@pytest.fixture
def tiny_tree(tmp_path: Path) -> Path:
    (tmp_path / "metrics").mkdir()
    (tmp_path / "dashboard").mkdir()
    (tmp_path / "data_loaders").mkdir()
    for package in PACKAGES:
        (tmp_path / package / "__init__.py").write_text("")
    return tmp_path


def test_the_checks_find_a_cycle_inside_functions_and_a_private_import(tiny_tree: Path) -> None:
    (tiny_tree / "metrics" / "low.py").write_text(
        "def f():\n    from metrics import high\n    return high\n"
    )
    (tiny_tree / "metrics" / "high.py").write_text("from .low import f\n")
    (tiny_tree / "dashboard" / "page.py").write_text("from metrics.low import _hidden\n")
    assert cycles(import_graph(tiny_tree)) == [["metrics.high", "metrics.low"]]
    assert private_imports(tiny_tree) == ["dashboard/page.py:1 imports metrics.low._hidden"]
    (tiny_tree / "metrics" / "low.py").write_text("X = 1\n")
    assert cycles(import_graph(tiny_tree)) == []


def third_party_imports(root: Path = ROOT) -> dict[str, str]:
    """Top-level name of every import outside the standard library and the three packages,
    with the first file that imports it."""
    out: dict[str, str] = {}
    for module, path in module_files(root).items():
        for base, _, line in imports(module, path):
            top = base.partition(".")[0]
            if top and top not in sys.stdlib_module_names and top not in PACKAGES:
                out.setdefault(top, f"{path.relative_to(root)}:{line}")
    return out


def declared(pyproject: Path = ROOT / "pyproject.toml") -> set[str]:
    """Normalised names of the distributions pyproject.toml declares (main and every extra)."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    specs = [*project["dependencies"]]
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return {normalise(re.split(r"[\s\[<>=!~;]", s, maxsplit=1)[0]) for s in specs}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_third_party_import_is_declared() -> None:
    wanted = declared()
    providers = importlib.metadata.packages_distributions()
    missing = []
    for top, where in sorted(third_party_imports().items()):
        dists = {normalise(d) for d in providers.get(top, [])}
        if not dists & wanted:
            missing.append(f"{top} (distribution {sorted(dists) or '?'}; {where})")
    assert not missing, "imported but not declared in pyproject.toml:\n" + "\n".join(missing)


def test_the_declared_check_reads_extras(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[project]\nname = "x"\ndependencies = ["Python_Docx>=1", "psycopg[binary]>=3"]\n'
        '[project.optional-dependencies]\ngeo = ["shapely>=2"]\n'
    )
    assert declared(pyproject) == {"python-docx", "psycopg", "shapely"}


def test_packages_import_one_way() -> None:
    """dashboard → metrics → data_loaders (each package's README.md)."""
    below = {"data_loaders": set(), "metrics": {"data_loaders"}, "dashboard": set(PACKAGES)}
    wrong = [
        f"{m} imports {t}"
        for m, targets in import_graph().items()
        for t in sorted(targets)
        if t.split(".")[0] not in below[m.split(".")[0]] | {m.split(".")[0]}
    ]
    assert not wrong, "imports against the layers:\n" + "\n".join(wrong)


SQL_WORDS = re.compile(r"\b(SELECT|WHERE|FROM|JOIN|GROUP BY|ORDER BY|WITH|AND|OR|AS)\b")
SQL_NAMES = re.compile(r"(sql|cond|raw|query|where|statement|ctes?|joins?|body)$", re.I)


def _text(node: ast.AST) -> str | None:
    """The text of a string constant or the literal parts of an f-string."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_text(v) or "" for v in node.values)
    return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_sql(node: ast.AST) -> bool:
    if isinstance(node, ast.IfExp):
        return _is_sql(node.body) or _is_sql(node.orelse)
    text = _text(node)
    if text is not None:
        return bool(SQL_WORDS.search(text))
    return bool(SQL_NAMES.search(_name(node)))


# modules of metrics/ whose str.replace works on words, not on SQL
TEXT_REPLACE_ALLOWED = {"sqlparts.py": "literal() doubles quotes", "formatting.py": "numbers"}


def sql_surgery(root: Path = ROOT, package: str = "metrics") -> list[str]:
    """Places in ``package`` that edit finished SQL instead of composing it.

    Flagged: ``re.sub``/``pattern.sub`` (regex over SQL), ``.replace(``/``.format(`` called on
    SQL (a string with SQL keywords, or a variable named like one: ``sql``, ``cond``, ``raw``…)
    or replacing SQL text, ``str.replace`` anywhere else than in the modules of
    ``TEXT_REPLACE_ALLOWED``, and an f-string that writes a value between quotes (``'{x}'``:
    a value belongs in a parameter, the code's own constants in ``metrics.sqlparts.literal``).
    """
    out = []
    for path in sorted((root / package).rglob("*.py")):
        where = path.relative_to(root)
        found: list[tuple[int, str]] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method, target = node.func.attr, node.func.value
                if method in ("sub", "subn"):
                    found.append((node.lineno, "regex substitution"))
                elif method in ("replace", "format") and (
                    _is_sql(target) or any(_text(a) and _is_sql(a) for a in node.args)
                ):
                    found.append((node.lineno, f".{method}( on SQL"))
                elif (
                    method == "replace"
                    and len(node.args) >= 2
                    and _name(target) != "os"
                    and path.name not in TEXT_REPLACE_ALLOWED
                ):  # e.g. renaming an alias in a fragment held by a plain variable
                    found.append((node.lineno, "text replaced in a module that builds SQL"))
            elif isinstance(node, ast.JoinedStr):
                parts = node.values
                for before, value, after in zip(parts, parts[1:], parts[2:]):
                    if (
                        isinstance(value, ast.FormattedValue)
                        and (_text(before) or "").endswith("'")
                        and (_text(after) or "").startswith("'")
                    ):
                        found.append((node.lineno, "a value written between quotes"))
        out += [f"{where}:{line} {what}" for line, what in sorted(found)]
    return out


def test_metrics_compose_sql_instead_of_editing_it() -> None:
    found = sql_surgery()
    assert not found, "SQL edited after it was built:\n" + "\n".join(found)


def test_the_benchmark_composes_its_reference_sql() -> None:
    """``dvk bench``'s plain-SQL reference is a timing baseline, but it is composed the same way:
    the totals condition from the dimensions' total ids, values as parameters."""
    found = [f for f in sql_surgery(package="dashboard/tools") if "/bench.py:" in f]
    assert not found, "SQL edited after it was built:\n" + "\n".join(found)


def test_the_sql_check_finds_each_kind_of_surgery(tiny_tree: Path) -> None:
    (tiny_tree / "metrics" / "bad.py").write_text(
        "import re\n"
        "def q(raw, cond, tier):\n"
        "    raw = raw.replace('WHERE ', 'WHERE x AND ', 1)\n"
        "    s = re.sub(r'\\bbase\\b', 'p_base', raw)\n"
        "    t = 'SELECT * FROM t WHERE {c}'.format(c=cond)\n"
        "    u = (A_SQL if tier else B_SQL).format(c=cond)\n"
        "    v = [j.replace(' a ', ' a1 ') for j in tier]\n"
        "    return f\"SELECT 1 FROM t WHERE tier = '{tier}'\"\n"
    )
    (tiny_tree / "metrics" / "good.py").write_text(
        "import os\n"
        "def q(f, tier):\n"
        "    g = f.replace(metric='x')\n"
        "    os.replace('a', 'b')\n"
        "    return f'SELECT 1 FROM t WHERE tier = ? AND n = {len(tier)}', [tier]\n"
    )
    assert sql_surgery(tiny_tree) == [
        "metrics/bad.py:3 .replace( on SQL",
        "metrics/bad.py:4 regex substitution",
        "metrics/bad.py:5 .format( on SQL",
        "metrics/bad.py:6 .format( on SQL",
        "metrics/bad.py:7 text replaced in a module that builds SQL",
        "metrics/bad.py:8 a value written between quotes",
    ]


# -- dependency hygiene -------------------------------------------------------------------------

# declared for the product but never imported by name: each says what needs it
USED_WITHOUT_IMPORT = {
    "lxml": "the parser BeautifulSoup is given by name",
    "psycopg": "the PostgreSQL driver a DVK_DATABASE_URL names",
    "authlib": "what Streamlit's st.login runs on",
}
# the test extra's tools, run as commands rather than imported
TEST_TOOLS = {
    "pytest-xdist": "pytest -n 2 in .ci/run",
    "ruff": "ruff check in .ci/run",
    "oidc-provider-mock": "started as a process by tests/serve_support.py",
}


def test_test_imports_are_declared_in_the_test_extra() -> None:
    wanted = declared()
    providers = importlib.metadata.packages_distributions()
    missing = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for base, _, line in imports("tests", path):
            top = base.partition(".")[0]
            if not top or top in sys.stdlib_module_names or top in (*PACKAGES, "tests"):
                continue
            dists = {normalise(d) for d in providers.get(top, [])}
            if not dists & wanted:
                missing.append(f"{top} ({path.relative_to(ROOT)}:{line})")
    assert not missing, "imported by tests but not declared:\n" + "\n".join(sorted(set(missing)))


def _extra(name: str | None) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    specs = project["dependencies"] if name is None else project["optional-dependencies"][name]
    return {normalise(re.split(r"[\s\[<>=!~;]", s, maxsplit=1)[0]) for s in specs}


def test_no_declared_dependency_is_unused() -> None:
    providers = importlib.metadata.packages_distributions()
    product = {normalise(d) for top in third_party_imports() for d in providers.get(top, [])}
    tests = set()
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for base, _, _ in imports("tests", path):
            tests |= {normalise(d) for d in providers.get(base.partition(".")[0], [])}
    unused = sorted(_extra(None) - product - set(USED_WITHOUT_IMPORT))
    assert not unused, f"declared for the product, never imported by it: {unused}"
    unused_tests = sorted(_extra("test") - tests - set(TEST_TOOLS))
    assert not unused_tests, f"declared for the tests, never used by them: {unused_tests}"


def test_the_lockfile_pins_every_declared_package_and_setup_uses_it() -> None:
    lock = (ROOT / ".ci" / "requirements.lock").read_text(encoding="utf-8")
    pinned = {normalise(m) for m in re.findall(r"^([A-Za-z0-9_.\-]+)==", lock, re.M)}
    missing = sorted((_extra(None) | _extra("test")) - pinned)
    assert not missing, f"declared in pyproject.toml, not pinned in the lockfile: {missing}"
    setup = (ROOT / ".ci" / "setup").read_text(encoding="utf-8")
    assert setup.count("-c .ci/requirements.lock") == 2  # the app, and the app with its tests


PACKAGE_FILES = ("vietnamadminunits.__file__", "dataset.db", "converter_2025.json")


def test_the_admin_units_package_is_read_through_its_public_api() -> None:
    """Its functions and tables, never its files (data_loaders/reference/localities.py)."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(x in line for x in PACKAGE_FILES)
    ]
    assert found == []


# -- the project documents itself ---------------------------------------------------------------


def test_every_package_and_subpackage_has_a_readme() -> None:
    """What it holds, what it may import, the flow through it."""
    packages = sorted(
        init.parent.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for init in (ROOT / package).rglob("__init__.py")
    )
    missing = [p for p in packages if not (ROOT / p / "README.md").exists()]
    assert missing == []
    for p in packages:
        if p in ("dashboard/geo",):  # geo: the data's provenance
            continue
        text = (ROOT / p / "README.md").read_text(encoding="utf-8")
        assert "May import" in text, f"{p}/README.md does not say what it may import"


# metrics/README.md: the query engine at the bottom, derived storage above it, the question
# families above both, the background build on top
METRICS_LAYERS: dict[str, int] = {
    **dict.fromkeys(["sqlparts", "formatting", "engine", "filters", "population"], 0),
    **dict.fromkeys(["rules_sql", "testing"], 0),
    "materialised": 1,
    **dict.fromkeys(
        ["rules", "quality", "catalogue", "sources", "citations", "comparisons", "control_limits"],
        2,
    ),
    **dict.fromkeys(["distributions", "totals", "trends", "speech", "places", "points"], 2),
    "materialised_build": 3,
}


def test_metrics_layers_import_downwards() -> None:
    """A module imports only from its own layer or below; each module has a layer."""
    graph = import_graph()
    modules = [m for m in graph if m.startswith("metrics.")]
    unplaced = [m for m in modules if m.removeprefix("metrics.") not in METRICS_LAYERS]
    assert not unplaced, f"give these modules a layer (metrics/README.md): {unplaced}"
    upward = [
        f"{m} imports {t}"
        for m in modules
        for t in sorted(graph[m])
        if t.startswith("metrics.")
        and METRICS_LAYERS[t.removeprefix("metrics.")] > METRICS_LAYERS[m.removeprefix("metrics.")]
    ]
    assert not upward, "imports up the layers of metrics/:\n" + "\n".join(upward)
