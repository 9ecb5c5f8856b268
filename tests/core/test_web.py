"""core.web: one service call per page step, its errors onto the form and into one message."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from renda.core.errors import Conflict, conflict_stale
from renda.core.web import error_text, web_step


def _request():
    request = RequestFactory().post("/x/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


class _Form(forms.Form):
    title = forms.CharField(label="标题")


def _raise(exc):
    def run():
        raise exc

    return run


def test_success_says_what_happened_and_redirects_to_the_target():
    request = _request()
    response = web_step(request, lambda: 42, done="已提交", target=lambda value: f"/done/{value}/")
    assert (response.status_code, response.url) == (302, "/done/42/")
    assert _said(request) == [("success", "已提交")]


def test_a_validation_error_goes_next_to_its_field_and_the_form_is_shown_again():
    request, form = _request(), _Form({"title": "x"})
    assert form.is_valid()
    exc = ValidationError({"title": "标题重复", "other": "另一个错误"})
    assert web_step(request, _raise(exc), done="已保存", target="/back/", form=form) is None
    assert form.errors == {"title": ["标题重复"], "__all__": ["另一个错误"]}
    assert _said(request) == [("error", "标题重复；另一个错误")]


def test_without_a_form_a_refusal_redirects_to_the_failure_target():
    request = _request()
    response = web_step(request, _raise(PermissionDenied()), done="已保存", target="/ok/", failed="/back/")
    assert (response.status_code, response.url) == (302, "/back/")
    assert _said(request) == [("error", "无权进行此操作")]


def test_a_stale_conflict_asks_for_a_reload_and_a_state_conflict_is_said_as_it_is():
    assert error_text(conflict_stale()) == "该记录已被他人修改，请刷新后重试"
    assert error_text(Conflict("保存失败", stale=True)) == "保存失败（请刷新后重试）"
    assert error_text(Conflict("建议已办结，不能进行此操作")) == "建议已办结，不能进行此操作"
