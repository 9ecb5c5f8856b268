from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.errors import Conflict
from renda.core.notifications.models import Notification
from renda.suggestions import queries, reports, services
from renda.suggestions.models import FollowUp, State, Suggestion
from suggestions.helpers import drive, make_suggestion, on, pdf, second_deputy


def test_followup_sweep_brings_due_b_items_back_once(world, django_capture_on_commit_callbacks):
    tw = world.a
    with on(dt.date(2026, 3, 2)):
        s = drive(tw, make_suggestion(tw), "closed", outcome="B", planned=dt.date(2026, 5, 1))
    assert s.state == State.CLOSED
    assert s.followup == FollowUp.OPEN
    with scopes_disabled():  # the sweep is a background job
        assert services.suggestions_followup_sweep(today=dt.date(2026, 4, 30)) == 0
        with django_capture_on_commit_callbacks(execute=True):
            assert services.suggestions_followup_sweep(today=dt.date(2026, 5, 1)) == 1
        assert services.suggestions_followup_sweep(today=dt.date(2026, 5, 2)) == 0
        s.refresh_from_db()
        assert s.followup == FollowUp.DUE
        assert (
            Notification.objects.filter(user=tw.users["town_staff"], params__kind="后续跟踪到期").count() == 1
        )
        services.suggestion_followup_check(
            suggestion=s, done=True, note="已完工", actor=tw.users["town_staff"]
        )
        s.refresh_from_db()
    assert s.followup == FollowUp.DONE


def test_similar_suggestions_and_merge_keeps_every_signer(world):
    tw = world.a
    p2, _u = second_deputy(tw)
    a = make_suggestion(
        tw, "关于整治镇区河道污染的建议", "镇区河道污染严重，垃圾漂浮，建议加强河道保洁和污水截流。"
    )
    b = make_suggestion(
        tw, "建议加强河道保洁治理污染", "河道垃圾漂浮、污水直排，污染严重，请加强保洁。", signers=[p2]
    )
    c = make_suggestion(tw, "关于增加学校校车的建议", "学生上学路途远，建议增开校车线路。")
    with scopes_disabled():  # reads across the test's data
        similar = queries.similar_to(suggestion=a)
        assert [x.pk for x, _score in similar][:1] == [b.pk]
        assert c.pk not in [x.pk for x, _score in similar]
        services.suggestion_merge(target=a, others=[b], actor=tw.users["town_staff"])
        b.refresh_from_db()
        assert b.state == State.MERGED
        assert b.merged_into_id == a.pk
        assert sorted(a.signers.values_list("person_id", flat=True)) == sorted(
            [tw.objects["registry.person"].pk, p2.pk]
        )
        with pytest.raises(Conflict):
            services.suggestion_merge(target=a, others=[b], actor=tw.users["town_staff"])


def test_attachments_are_sniffed_and_limited(world, settings):
    tw = world.a
    s = make_suggestion(tw)
    staff = tw.users["town_staff"]
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    with scopes_disabled():  # test set-up
        a = services.suggestion_attachment_add(
            suggestion=s, upload=SimpleUploadedFile("现场.png", png), actor=staff
        )
        assert a.mime == "image/png"
        with pytest.raises(ValidationError):
            services.suggestion_attachment_add(
                suggestion=s, upload=SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00" + b"\x00" * 50), actor=staff
            )
        with pytest.raises(ValidationError):  # a real PDF named .docx
            services.suggestion_attachment_add(suggestion=s, upload=pdf("材料.docx"), actor=staff)
        settings.RENDA = {**settings.RENDA, "SUGGESTION_ATTACHMENT_MAX_BYTES": 10}
        with pytest.raises(ValidationError):
            services.suggestion_attachment_add(suggestion=s, upload=pdf(), actor=staff)
        with pytest.raises(PermissionDenied):
            services.suggestion_attachment_add(suggestion=s, upload=pdf(), actor=tw.users["unit_clerk"])


def test_wrong_actor_and_wrong_state_change_nothing(world):
    tw = world.a
    s = make_suggestion(tw)
    with scopes_disabled():  # test set-up
        with pytest.raises(PermissionDenied):
            services.suggestion_review(suggestion=s, accept=True, actor=tw.users["unit_clerk"])
        drive(tw, s, "assigned")
        version = Suggestion.unscoped.get(pk=s.pk).version
        with pytest.raises(Conflict):
            services.suggestion_assign(
                suggestion=s, lead_unit=tw.objects["registry.handlingunit"], actor=tw.users["town_staff"]
            )
        with pytest.raises(PermissionDenied):  # another town's clerk
            services.suggestion_sign(
                suggestion=s, unit=tw.objects["registry.handlingunit"], actor=world.b.users["unit_clerk"]
            )
        # Two clerks at once: the one with the stale version loses.
        services.suggestion_contact_record(
            suggestion=s,
            unit=tw.objects["registry.handlingunit"],
            date=timezone.localdate(),
            way="phone",
            summary="沟通",
            actor=tw.users["unit_clerk"],
        )
        with pytest.raises(Conflict):
            services.suggestion_return(
                suggestion=s,
                unit=tw.objects["registry.handlingunit"],
                reason="x",
                actor=tw.users["unit_clerk"],
                version=version,
            )
        assert Suggestion.unscoped.get(pk=s.pk).state == State.ASSIGNED


def test_return_after_the_window_is_refused(world):
    tw = world.a
    with on(dt.date(2026, 3, 2)):
        s = drive(tw, make_suggestion(tw), "assigned")
    with on(dt.date(2026, 3, 20)), scopes_disabled(), pytest.raises(Conflict):
        services.suggestion_return(
            suggestion=s,
            unit=tw.objects["registry.handlingunit"],
            reason="不属于本单位",
            actor=tw.users["unit_clerk"],
        )


def test_key_share_warning_and_candidates(world):
    tw = world.a
    items = [
        drive(tw, make_suggestion(tw, f"建议{i}", "关于农业水利设施的建议内容"), "accepted") for i in range(4)
    ]
    with scopes_disabled():  # reads in a test
        key, accepted, share, warning = reports.key_share(town=tw.town, year=items[0].year)
        # The world's own key suggestion is one of 5 accepted: 20 % is inside 15–20 %.
        assert (key, accepted, share, warning) == (1, 5, 20.0, "")
        services.suggestion_key_set(
            suggestion=items[0],
            is_key=True,
            supervisors=[tw.objects["registry.person"]],
            actor=tw.users["town_staff"],
        )
        key, accepted, share, warning = reports.key_share(town=tw.town, year=items[0].year)
        assert (key, share) == (2, 40.0)
        assert "40.0%" in warning
        candidates = queries.supervisor_candidates(suggestion=items[1])
        assert candidates[0][0] == tw.objects["registry.person"]
        assert candidates[0][1] == ["农业", "水利"]


def test_deadline_engine_reminds_of_the_assignment_window_and_the_contact(world):
    from renda.core.deadlines.sweep import deadlines_sweep

    tw = world.a
    with on(dt.date(2026, 3, 2)):
        s = make_suggestion(tw)
    with scopes_disabled():  # the sweep is a background job
        deadlines_sweep(today=dt.date(2026, 3, 9))  # two days before the 7th working day (11 March)
        staff_notes = Notification.objects.filter(
            user=tw.users["town_staff"], clock__kind="suggestion.assign"
        )
        assert staff_notes.count() == 1
    with on(dt.date(2026, 3, 12)):
        drive(tw, s, "assigned")
    with scopes_disabled():
        deadlines_sweep(today=dt.date(2026, 5, 5))  # a week before the contact is due (12 May)
        clerk_notes = Notification.objects.filter(
            user=tw.users["unit_clerk"], clock__kind="suggestion.contact"
        )
        assert clerk_notes.count() == 1
