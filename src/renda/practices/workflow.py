"""The transition tables of the practice library and the six-haves self-assessment (core.workflow).

Practice: piloting (试点; the pilot town's adoption recorded with it) → spreading (推广: district staff roll it out;
every town of the district may now record its adoption) → summarised (已总结: district staff write the summary;
towns may still record adoptions).
Six haves: draft (town staff confirm items, add notes and files, enter the budget) → submitted (town staff; the
evidence is kept as it stood) → draft again only when the district's staff return it with a reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.workflow import Transition, Workflow

from .enums import PracticeState, SixHavesState
from .models import Practice, SixHaves


def _refused(what):
    def message(obj) -> str:
        return _("%(what)s当前状态为“%(state)s”，不能进行此操作") % {
            "what": what,
            "state": obj.get_state_display(),
        }

    return message


PRACTICE = Workflow(
    Practice,
    [
        Transition(
            "rollout",
            {PracticeState.PILOTING},
            PracticeState.SPREADING,
            perm="practices.manage",
            code="practice.rolled_out",
            label=gettext_lazy("在全区推广"),
            style="success",
        ),
        Transition(
            "summarise",
            {PracticeState.SPREADING},
            PracticeState.SUMMARISED,
            perm="practices.manage",
            code="practice.summarised",
            label=gettext_lazy("总结经验"),
            style="primary",
        ),
    ],
    conflict_message=_refused(gettext_lazy("工作经验做法")),
)

SIXHAVES = Workflow(
    SixHaves,
    [
        Transition(
            "submit",
            {SixHavesState.DRAFT},
            SixHavesState.SUBMITTED,
            perm="practices.selfassess",
            code="sixhaves.submitted",
            label=gettext_lazy("报送六有自评"),
            style="success",
        ),
        Transition(
            "return",
            {SixHavesState.SUBMITTED},
            SixHavesState.DRAFT,
            perm="practices.return",
            code="sixhaves.returned",
            label=gettext_lazy("退回修改"),
            style="secondary",
        ),
    ],
    conflict_message=_refused(gettext_lazy("六有自评")),
)
