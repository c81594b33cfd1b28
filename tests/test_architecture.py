"""The layers hold: a plain walk over the source with `ast`, no Django needed.

- Rules and states are pure: they import no models and no services of any app (imports under
  `if TYPE_CHECKING:` are for the type checker only and are allowed).
- Views and API endpoints write nothing themselves: no `.save()`, `.delete()`, `.create()`,
  `.update()` or `.bulk_create()` on anything; every write goes through a service.
- No module imports or reaches into another app's private (`_name`) function, class or
  constant.
- `procura/core` is infrastructure: it imports no domain app.

docs/architecture.md draws the layers. An exception is listed below with its reason, never
silently: remove it when the code it excuses is gone.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "procura"
APPS = sorted(
    path.name
    for path in PACKAGE.iterdir()
    if path.is_dir() and (path / "apps.py").exists() and path.name != "core"
)
WRITES = {"save", "delete", "create", "update", "bulk_create"}
#: Django's public API spelled with an underscore (a model's `_meta`, `_default_manager` ...).
DJANGO_PUBLIC = {"_meta", "_default_manager", "_base_manager", "_state"}

#: Calls in views/api that look like writes and are not, by (file, receiver.method).
NOT_WRITES = {
    ("procura/participation/views/supplier.py", "context.update"): "a template context dict",
    ("procura/participation/views/buyer.py", "context.update"): "a template context dict",
    ("procura/participation/views/assessment.py", "context.update"): "a template context dict",
    ("procura/tendering/api.py", "shaped.update"): "a response dict being shaped, not a model",
}

#: Imports of a domain app by `procura/core`, by (file, module imported).
CORE_IMPORTS = {}

#: Uses of another app's private name, by (file, app, name).
PRIVATE_USES = {
    ("procura/testing/fixtures.py", "evaluation", "_opened_tenders"): (
        "a test seam: the test kit's tender_box fixture replaces evaluation's one source of "
        "opened tenders"
    ),
}


@dataclass(frozen=True)
class Import:
    path: str  # the importing file, relative to the repository
    module: str  # the absolute module imported from
    names: tuple[str, ...]  # the names imported from it (empty for `import module`)
    line: int


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(path: Path) -> list[Import]:
    """Every import in the file (at any depth, functions included), as absolute modules, except
    those under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_of(path) if path.name == "__init__.py" else module_of(path).rpartition(".")[0]
    found: list[Import] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(Import(relative(path), a.name, (), node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = tuple(a.name for a in node.names)
            found.append(Import(relative(path), base, names, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def targets(imported: Import) -> list[str]:
    """The modules an import may name: `from procura.x import services` names procura.x.services."""
    return [imported.module] + [f"{imported.module}.{name}" for name in imported.names]


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 2 and parts[0] == "procura" and parts[1] in APPS:
        return parts[1]
    return None


def is_pure_layer(path: Path) -> bool:
    """An app's rules or states, as a module or a package."""
    parts = path.relative_to(PACKAGE).parts
    return (
        len(parts) >= 2 and parts[0] in APPS and parts[1].removesuffix(".py") in ("rules", "states")
    )


def test_the_walk_finds_every_app_and_the_layers():
    assert {"procurements", "participation", "tendering", "evaluation", "contracts"} <= set(APPS)
    assert any(p.parts[-2:] == ("rules", "__init__.py") for p in sources())


def test_rules_and_states_import_no_models_or_services():
    offences = []
    for path in filter(is_pure_layer, sources()):
        for imported in imports_of(path):
            for module in targets(imported):
                if app_of(module) and module.split(".")[2:3] in (["models"], ["services"]):
                    offences.append(f"{imported.path}:{imported.line} imports {module}")
    assert offences == []


def write_calls(path: Path) -> list[tuple[str, int]]:
    """(receiver.method, line) of every call of a write method in the file."""
    calls = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            calls.append((f"{ast.unparse(node.func.value)}.{node.func.attr}", node.lineno))
    return calls


def test_views_and_api_write_no_models():
    offences = []
    for path in sources():
        if path.name not in ("views.py", "api.py") and path.parent.name not in ("views", "api"):
            continue
        for call, line in write_calls(path):
            if (relative(path), call) not in NOT_WRITES:
                offences.append(f"{relative(path)}:{line} calls {call}()")
    assert offences == []


def private_uses(path: Path) -> list[tuple[str, str, int]]:
    """(app, name, line) of each private name of an app the file reaches: imported by name,
    read as `module._name`, or replaced with `setattr(module, "_name", ...)`."""
    found = []
    aliases: dict[str, str] = {}  # a name bound to a module of an app -> that app
    for imported in imports_of(path):
        app = app_of(imported.module)
        if app is None:
            continue
        found += [(app, name, imported.line) for name in imported.names if name.startswith("_")]
        for name in imported.names or (imported.module.split(".")[0],):
            aliases[name] = app
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            target, name = node.value.id, node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[0], ast.Name)
            and isinstance(node.args[1], ast.Constant)
        ):
            target, name = node.args[0].id, str(node.args[1].value)
        else:
            continue
        private = name.startswith("_") and not name.startswith("__") and name not in DJANGO_PUBLIC
        if private and target in aliases:
            found.append((aliases[target], name, node.lineno))
    return found


def test_no_module_uses_another_apps_private_names():
    offences = []
    for path in sources():
        own = app_of(module_of(path))
        for app, name, line in private_uses(path):
            if app != own and (relative(path), app, name) not in PRIVATE_USES:
                offences.append(f"{relative(path)}:{line} uses {name} of {app}")
    assert offences == []


def test_core_imports_no_domain_app():
    offences = []
    for path in sources():
        parts = path.relative_to(PACKAGE).parts
        # core's own tests may drive it through the apps (test_uploads submits a tender).
        if parts[0] != "core" or "tests" in parts:
            continue
        for imported in imports_of(path):
            for module in targets(imported):
                if app_of(module) and (imported.path, imported.module) not in CORE_IMPORTS:
                    offences.append(f"{imported.path}:{imported.line} imports {module}")
    assert sorted(set(offences)) == []


@pytest.mark.parametrize(
    ("allowlist", "exists"),
    [
        (NOT_WRITES, lambda path, call: call in {c for c, _ in write_calls(ROOT / path)}),
        (
            CORE_IMPORTS,
            lambda path, module: module in {i.module for i in imports_of(ROOT / path)},
        ),
        (
            PRIVATE_USES,
            lambda path, app, name: (
                (app, name) in {(a, n) for a, n, _ in private_uses(ROOT / path)}
            ),
        ),
    ],
    ids=["not-writes", "core-imports", "private-uses"],
)
def test_every_exception_still_excuses_something(allowlist, exists):
    stale = [key for key in allowlist if not (ROOT / key[0]).exists() or not exists(*key)]
    assert stale == []
