"""After a step succeeds the message says what happened (issue #14, Forms): "已提交" after a submission, "已立案"
or "不予立案" after a review, what was made or changed after a form — never a bare "已保存"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from renda.suggestions import services as suggestion_services
from renda.suggestions.models import State

SRC = Path(__file__).resolve().parent.parent / "src" / "renda"


@pytest.fixture
def world(shared_world, db):
    return shared_world


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _draft(tw):
    with scopes_disabled():  # test set-up
        return suggestion_services.suggestion_create(
            town=tw.town,
            data={
                "title": "关于增设公交站台的建议",
                "content": "二组路口无站台，雨天候车不便。",
                "channel": "recess",
            },
            signers=[tw.objects["registry.person"]],
            submit=False,
            actor=tw.users["deputy"],
        )


def test_submitting_a_draft_says_it_was_submitted_with_its_number(client, world):
    tw = world.a
    draft = _draft(tw)
    client.force_login(tw.users["deputy"])
    response = client.post(reverse("suggestions:submit", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    with scope(town=[tw.town.pk]):
        draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert said(response) == [f"已提交，编号 {draft.number}"]
    # The message is shown on the page the user is sent back to.
    assert "已提交" in client.get(response["Location"]).content.decode()


def test_a_new_suggestion_sent_at_once_says_submitted(client, world):
    tw = world.a
    client.force_login(tw.users["deputy"])
    response = client.post(
        reverse("suggestions:new"),
        {
            "title": "关于修缮村文化室的建议",
            "kind": "suggestion",
            "channel": "recess",
            "content": "文化室屋顶漏雨，建议修缮。",
            "lead": tw.objects["registry.person"].pk,
            "submit": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert [m.startswith("已提交") for m in said(response)] == [True]


@pytest.mark.parametrize(("accept", "message"), [("1", "已立案，已通知代表"), ("0", "不予立案，已通知代表")])
def test_a_review_says_its_outcome(client, world, accept, message):
    tw = world.a
    draft = _draft(tw)
    with scopes_disabled():  # test set-up
        suggestion_services.suggestion_submit(suggestion=draft, actor=tw.users["deputy"])
    client.force_login(tw.users["town_staff"])
    reason = settings.RENDA["SUGGESTION_NOT_ACCEPTED_REASONS"][0][0]
    response = client.post(
        reverse("suggestions:review", kwargs={"pk": draft.pk}),
        {"accept": accept, "reason": "" if accept == "1" else reason, "note": ""},
    )
    assert response.status_code == 302
    assert said(response) == [message]


def test_a_registry_form_names_what_it_made_and_changed(client, world):
    tw = world.a
    client.force_login(tw.users["town_staff"])
    village = tw.objects["registry.village"]
    edit = client.get(reverse("registry:village-update", kwargs={"pk": village.pk}))
    form = edit.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = client.post(reverse("registry:village-update", kwargs={"pk": village.pk}), data)
    assert response.status_code == 302, response.content.decode()[:800]
    assert said(response) == [f"已修改村（社区）：{village}"]


def _success_texts():
    """Every literal message a view gives on success: `done=_("…")` and `messages.success(request, _("…"))`."""
    for path in (
        sorted(SRC.glob("*/views*")) + sorted(SRC.glob("*/views/*.py")) + sorted(SRC.glob("*/*/pages.py"))
    ):
        for file in [path] if path.is_file() else sorted(path.glob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                candidates = [kw.value for kw in node.keywords if kw.arg == "done"]
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "success" and len(node.args) >= 2:
                    candidates.append(node.args[1])
                for value in candidates:
                    if (
                        isinstance(value, ast.Call)
                        and value.args
                        and isinstance(value.args[0], ast.Constant)
                        and isinstance(value.args[0].value, str)
                    ):
                        yield f"{file.relative_to(SRC)}:{value.lineno}", value.args[0].value


def test_no_step_says_only_saved():
    texts = list(_success_texts())
    assert len(texts) > 20  # the walk finds the views' messages
    assert [where for where, text in texts if text in ("已保存", "保存成功", "操作成功")] == []
