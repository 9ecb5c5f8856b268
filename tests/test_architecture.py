"""The conventions of DESIGN.md and docs/architecture.md that the code can be held to, by walking its syntax
trees (src/renda, migrations left out): nobody has to remember them.

Each rule has its set of today's offenders (KNOWN_OFFENDERS, module paths; a module's submodules count as it,
so a module that becomes a package keeps its entry). A new offender fails the test, and so does an entry that no
longer offends: the sets only shrink, and they are emptied as #12's app refactors land."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


@dataclass(frozen=True)
class Module:
    name: str  # renda.core.deadlines.sweep
    path: Path
    tree: ast.Module
    is_package: bool

    @property
    def parts(self) -> list[str]:
        return self.name.split(".")


@cache
def modules() -> tuple[Module, ...]:
    out = []
    for path in sorted((SRC / "renda").rglob("*.py")):
        rel = path.relative_to(SRC)
        if "migrations" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        out.append(
            Module(".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"), str(path)), is_package)
        )
    return tuple(out)


def where(module: Module, node: ast.AST) -> str:
    return f"{module.path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"


def offenders(found: dict[str, list[str]], known: set[str]) -> tuple[dict[str, list[str]], set[str]]:
    """(offences of modules not in `known`, entries of `known` that no longer offend)."""

    def entry_of(name: str) -> str | None:
        return next((k for k in known if name == k or name.startswith(k + ".")), None)

    new = {name: places for name, places in found.items() if entry_of(name) is None}
    gone = {k for k in known if not any(entry_of(name) == k for name in found)}
    return new, gone


def check(found: dict[str, list[str]], known: set[str], rule: str) -> None:
    new, gone = offenders(found, known)
    assert not new, f"{rule}:\n" + "\n".join(p for places in new.values() for p in places)
    assert not gone, f"no longer offending ({rule}), remove from KNOWN_OFFENDERS: {sorted(gone)}"


# --- (a) core is the base: it imports nothing of the project but itself ------------------------------


def imported_names(module: Module) -> list[tuple[str, ast.AST]]:
    """Every module an import statement names (module level and inside functions), relative ones resolved,
    and every literal `import_module("...")`."""
    out: list[tuple[str, ast.AST]] = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = module.parts if module.is_package else module.parts[:-1]
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.append((target, node))
            out += [(f"{target}.{alias.name}", node) for alias in node.names]  # `from renda import registry`
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            out.append((node.args[0].value, node))
    return out


KNOWN_CORE_IMPORTS: set[str] = set()  # emptied as #12's app refactors land (core is clean: keep it so)


def test_core_imports_no_app():
    found: dict[str, list[str]] = {}
    for module in modules():
        if module.parts[:2] != ["renda", "core"]:
            continue
        for target, node in imported_names(module):
            parts = target.split(".")
            # The project's apps, and its project-level modules (urls, api, settings: use django.conf.settings).
            if parts[0] == "renda" and len(parts) > 1 and parts[1] != "core":
                found.setdefault(module.name, []).append(f"{where(module, node)} imports {target}")
    check(found, KNOWN_CORE_IMPORTS, "core imports an app (core is the base: the apps register with it)")


def test_the_import_walk_sees_local_and_relative_imports():
    tree = ast.parse(
        "from ..registry.models import Person\n"
        "def f():\n    import renda.congress.services\n    from renda import portal\n"
        "import_module('renda.receptions.demo')\n"
    )
    module = Module("renda.core.x", SRC / "renda/core/x.py", tree, False)
    names = {name for name, _ in imported_names(module)}
    assert {
        "renda.registry.models",
        "renda.congress.services",
        "renda.portal",
        "renda.receptions.demo",
    } <= names


# --- (b) only workflow_apply changes `.state` -------------------------------------------------------

STATE_WRITER = "renda.core.workflow"  # workflow_apply, through setattr, after the table allowed the step

KNOWN_STATE_WRITERS: set[str] = set()  # none left: every workflow app's steps are in its workflow.py


def state_writes(module: Module) -> list[ast.AST]:
    def targets(node: ast.AST) -> list[ast.AST]:
        if isinstance(node, ast.Tuple | ast.List):
            return [t for elt in node.elts for t in targets(elt)]
        if isinstance(node, ast.Starred):
            return targets(node.value)
        return [node]

    out: list[ast.AST] = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Assign):
            assigned = [t for target in node.targets for t in targets(target)]
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            assigned = targets(node.target)
        elif (
            isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr" and len(node.args) > 1
        ):
            name = node.args[1]
            if isinstance(name, ast.Constant) and name.value == "state":
                out.append(node)
            continue
        else:
            continue
        out += [t for t in assigned if isinstance(t, ast.Attribute) and t.attr == "state"]
    return out


def test_only_workflow_apply_assigns_state():
    found: dict[str, list[str]] = {}
    for module in modules():
        if module.name == STATE_WRITER:
            continue
        for node in state_writes(module):
            found.setdefault(module.name, []).append(f"{where(module, node)} assigns .state")
    check(
        found,
        KNOWN_STATE_WRITERS,
        "`.state` set outside workflow_apply (declare the step in <app>/workflow.py)",
    )


def test_the_state_walk_sees_every_shape_of_assignment():
    tree = ast.parse(
        "a.state = 1\nb.state += 1\nc.state: str = 'x'\nd.x, (e.state, f) = g\nsetattr(h, 'state', 1)\n"
        "state = 1\ni.states = 1\nsetattr(j, 'other', 1)\n"
    )
    found = state_writes(Module("renda.x.services", SRC / "renda/x/services.py", tree, False))
    assert [n.lineno for n in found] == [1, 2, 3, 4, 5]


# --- (c) views and API handlers read through the app's queries ----------------------------------------

KNOWN_VIEW_MODEL_QUERIES: set[str] = set()  # none left


def is_view_or_api(module: Module) -> bool:
    """views*.py, api*.py, or anything under a views/ or api/ package."""
    return module.parts[-1].startswith(("views", "api")) or any(
        p in ("views", "api") for p in module.parts[:-1]
    )


def model_manager_reads(module: Module) -> list[ast.AST]:
    return [
        node
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Name)
    ]


def test_views_and_api_never_call_model_objects():
    found: dict[str, list[str]] = {}
    for module in modules():
        if not is_view_or_api(module):
            continue
        for node in model_manager_reads(module):
            found.setdefault(module.name, []).append(
                f"{where(module, node)} {node.value.id}.objects"  # type: ignore[attr-defined]
            )
    check(found, KNOWN_VIEW_MODEL_QUERIES, "Model.objects in a view or API module (use the app's queries.py)")


def test_view_and_api_modules_are_recognised():
    def named(name: str, package: bool = False) -> Module:
        return Module(name, SRC, ast.parse(""), package)

    assert is_view_or_api(named("renda.congress.views"))
    assert is_view_or_api(named("renda.suggestions.views_review"))
    assert is_view_or_api(named("renda.core.api_parts"))
    assert is_view_or_api(named("renda.api"))
    assert is_view_or_api(named("renda.receptions.views.days"))
    assert is_view_or_api(named("renda.receptions.views", package=True))
    assert not is_view_or_api(named("renda.core.apps"))
    assert not is_view_or_api(named("renda.suggestions.queries"))


# --- (d) the scope is bypassed only by services and queries -------------------------------------------

BYPASSES = {"unscoped", "_base_manager"}

# Core infrastructure that works across towns by nature, each with its reason.
BYPASS_ALLOWED = {
    # The audit trail: written for any subject (district-level rows have no town) and read only after the
    # subject's own access check (activities_for).
    "renda.core.audit",
    # The lock-out rows of the login throttle are read by whoever may see them, across towns.
    "renda.core.security",
    # Background tasks run outside any request and re-enter the towns of the rows they were given.
    "renda.core.tasks",
    # workflow_apply locks the row by primary key in whatever scope the caller is, after its own require().
    "renda.core.workflow",
    # The deadline sweep runs across towns, outside a request.
    "renda.core.deadlines.sweep",
    # form_choices: a form field's starting queryset, built at import; each form narrows it to one town.
    "renda.core.tenancy",
}


def may_bypass_the_scope(module: Module) -> bool:
    parts = module.parts
    if any(p.startswith(("services", "queries")) for p in parts[1:]):
        return True
    if module.name in BYPASS_ALLOWED:
        return True
    # Seeding and demo data, and management commands, work across towns (DESIGN convention 3).
    return parts[:2] == ["renda", "seeding"] or parts[-1] == "demo" or "commands" in parts


KNOWN_SCOPE_BYPASSES: set[str] = set()  # none left (forms start from core.tenancy.form_choices)


def test_only_services_and_queries_bypass_the_town_scope():
    found: dict[str, list[str]] = {}
    for module in modules():
        if may_bypass_the_scope(module):
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and node.attr in BYPASSES:
                found.setdefault(module.name, []).append(f"{where(module, node)} .{node.attr}")
    check(found, KNOWN_SCOPE_BYPASSES, ".unscoped/._base_manager outside services and queries")


def test_the_allowed_bypasses_are_real_modules():
    names = {m.name for m in modules()}
    assert names >= BYPASS_ALLOWED


def test_known_offender_sets_shrink_only():
    """The bookkeeping itself: a new offender fails, a reformed one must leave the set."""
    found = {"renda.a.views": ["x"], "renda.b.services.review": ["y"]}
    assert offenders(found, {"renda.a.views", "renda.b.services"}) == ({}, set())
    assert offenders(found, {"renda.a.views"}) == ({"renda.b.services.review": ["y"]}, set())
    assert offenders(found, {"renda.a.views", "renda.b.services", "renda.c.forms"}) == ({}, {"renda.c.forms"})
