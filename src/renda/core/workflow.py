"""One workflow mechanism: a declared transition table per aggregate and the one writer of `.state`.

Each workflow app declares its tables in `<app>/workflow.py`:

    SUGGESTION = Workflow(
        Suggestion,
        [
            Transition("submit", {State.DRAFT, State.COSIGNING}, State.SUBMITTED,
                       perm="suggestions.submit", code="suggestion.submitted", label=gettext_lazy("提交")),
            ...
        ],
        figures=True,
    )

`workflow_apply(obj, action, actor=…)` locks the row, checks the version (when the caller read one), the state
against the table and the actor against the transition's permission (`core.permissions.require`), sets the
state and the given fields, saves only those (`update_fields`), writes the ActivityLog row, marks the town's
figures stale and queues `notify` to run after commit. It is the only code that assigns `.state` (a test walks
the source to keep it so). `workflow_actions_for(obj, user)` lists the transitions the page may offer, read from
the same table.

A transition whose `target` is None keeps the state (a step recorded on the aggregate, such as a reassignment);
`sources=None` means any state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from .audit import activity_record
from .errors import Conflict, conflict_stale
from .permissions import allowed, require


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str] | None
    target: str | None
    perm: str
    code: str
    label: Any = ""  # the button's text (lazy)
    style: str = "primary"  # the button's look: primary, secondary, danger

    def __init__(
        self,
        action: str,
        sources: Iterable[str] | None,
        target: str | None,
        *,
        perm: str,
        code: str,
        label: Any = "",
        style: str = "primary",
    ) -> None:
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", None if sources is None else frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", None if target is None else str(target))
        object.__setattr__(self, "perm", perm)
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "style", style)

    def starts_from(self, state: str) -> bool:
        return self.sources is None or state in self.sources


@dataclass
class Workflow:
    """The transition table of one aggregate (a model with `state` and `version` fields)."""

    model: type[models.Model]
    transitions: list[Transition]
    figures: bool = False  # a change moves the town's figures (core.figures)
    state_field: str = "state"
    conflict_message: Callable[[models.Model], str] | None = None
    # False for a second table over the same model (another state field): callers pass `workflow=` then.
    register: bool = True
    by_action: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_action = {}
        for t in self.transitions:
            if t.action in self.by_action:
                raise ValueError(f"{self.model.__name__}: action {t.action!r} declared twice")
            self.by_action[t.action] = t
        if self.register:
            WORKFLOWS[self.model] = self

    def transition(self, action: str) -> Transition:
        try:
            return self.by_action[action]
        except KeyError:
            raise ValueError(f"{self.model.__name__} has no action {action!r}") from None

    def states_reaching(self) -> set[str]:
        return {t.target for t in self.transitions if t.target is not None}

    def targets_from(self, state: str) -> set[str]:
        return {t.target for t in self.transitions if t.target is not None and t.starts_from(state)}

    def state_label(self, obj: models.Model) -> str:
        return str(getattr(obj, f"get_{self.state_field}_display")())

    def refuse(self, obj: models.Model) -> Conflict:
        if self.conflict_message is not None:
            return Conflict(self.conflict_message(obj))
        return Conflict(_("当前状态为“%(state)s”，不能进行此操作") % {"state": self.state_label(obj)})


WORKFLOWS: dict[type[models.Model], Workflow] = {}


def workflow_for(model_or_obj) -> Workflow:
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    try:
        return WORKFLOWS[model]
    except KeyError:
        raise LookupError(f"no workflow is declared for {model.__name__}") from None


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # FieldDoesNotExist
        return False
    return True


def workflow_apply(
    obj: models.Model,
    action: str,
    *,
    actor,
    version: int | None = None,
    data: dict | None = None,
    notify: Callable[[], None] | None = None,
    check: bool = True,
    workflow: Workflow | None = None,
    **fields: Any,
):
    """Move `obj` along `action` of its table; returns the saved (locked, fresh) row.

    `version` is the version the caller read (a different one now is a stale Conflict); `fields` are set and
    saved with the state; `data` goes into the audit row beside {"from", "to"}; `notify` runs on commit.
    `check=False` skips the permission check for a service that has already made a finer one itself.
    `workflow` names the table when the model has more than one (a second state field).
    """
    wf = workflow or workflow_for(obj)
    t = wf.transition(action)
    if check:
        require(actor, t.perm, obj)
    model = type(obj)
    with transaction.atomic():
        row = model._base_manager.select_for_update().get(pk=obj.pk)
        has_version = _has_field(model, "version")
        if version is not None and has_version and row.version != version:  # type: ignore[attr-defined]
            raise conflict_stale()
        before = getattr(row, wf.state_field)
        if not t.starts_from(before):
            raise wf.refuse(row)
        target = t.target if t.target is not None else before
        setattr(row, wf.state_field, target)
        names = [wf.state_field, *fields]
        for name, value in fields.items():
            setattr(row, name, value)
        if has_version:
            row.version += 1  # type: ignore[attr-defined]  # has_version
            names.append("version")
        if _has_field(model, "updated_at"):
            names.append("updated_at")
        row.save(update_fields=list(dict.fromkeys(names)))
        activity_record(
            code=t.code, actor=actor, subject=row, data={"from": before, "to": target} | (data or {})
        )
        town_id = getattr(row, "town_id", None)
        if wf.figures and town_id is not None:
            from .figures.services import figures_stale

            figures_stale(town_id=town_id)
        if notify is not None:
            transaction.on_commit(notify)
    # The caller's object follows the row, so code holding it sees the new state.
    for name in [wf.state_field, *fields, *(["version"] if has_version else [])]:
        setattr(obj, name, getattr(row, name))
    return row


def workflow_actions_for(obj: models.Model, user, *, workflow: Workflow | None = None) -> list[Transition]:
    """The transitions `user` may take on `obj` now: from its state, with its permission (the page's buttons)."""
    wf = workflow or workflow_for(obj)
    state = getattr(obj, wf.state_field)
    return [t for t in wf.transitions if t.starts_from(state) and allowed(user, t.perm, obj)]


def workflow_can(obj: models.Model, action: str, user, *, workflow: Workflow | None = None) -> bool:
    wf = workflow or workflow_for(obj)
    t = wf.transition(action)
    return t.starts_from(getattr(obj, wf.state_field)) and allowed(user, t.perm, obj)
