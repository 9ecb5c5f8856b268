import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone
from django_scopes import scopes_disabled

from renda.core.enums import Role, TownKind
from renda.core.models import ActivityLog, RoleGrant, Town, User
from renda.registry.demo import accounts_markdown, build_demo, demo_accounts, full_demo_towns, slug_for
from renda.registry.enums import Level, MandateStatus, PresidiumPost
from renda.registry.models import (
    DeputyGroup,
    ElectoralDistrict,
    Mandate,
    Person,
    PresidiumMember,
    Seat,
    Term,
    Village,
)
from renda.registry.validators import id_number_problem

SUBSET = ["pingwang", "tongli", "songling"]  # two towns (同里镇 takes the zone's village) and a subdistrict
README = Path(settings.REPO_DIR) / "README.md"


class _Rollback(Exception):
    pass


def _names_of_a_build(seed: int) -> list[str]:
    """Build one subdistrict inside a savepoint, note its people, and roll the build back."""
    try:
        with transaction.atomic():
            build_demo(seed=seed, towns=["bache"])
            names = list(Person.objects.order_by("id_number").values_list("name", "id_number", "phone"))
            raise _Rollback
    except _Rollback:
        return names


def test_the_demo_is_deterministic_for_a_seed(db):
    with scopes_disabled():  # the demo builds across towns
        first, second = _names_of_a_build(7), _names_of_a_build(7)
        other = _names_of_a_build(8)
    assert len(first) > 5
    assert first == second
    assert first != other


def test_the_demo_builds_once_with_real_gaps_and_working_accounts(db, client):
    with scopes_disabled():  # the demo builds across towns
        result = build_demo(towns=SUBSET)
        pingwang, tongli = Town.objects.get(code="320509104000"), Town.objects.get(code="320509111000")
        songling = Town.objects.get(code="320509001000")
        assert result.built == ["松陵街道", "平望镇", "同里镇"]
        today = timezone.localdate()
        for town in (pingwang, tongli):
            term = Term.objects.get(town=town)
            assert term.start_date <= today <= term.end_date
            serving = Mandate.objects.filter(town=town, level=Level.TOWN, status=MandateStatus.SERVING)
            assert 45 <= serving.count() <= 90
            assert Mandate.objects.filter(town=town, level=Level.TOWN).exclude(status=MandateStatus.SERVING)
            assert Mandate.objects.filter(town=town, level=Level.DISTRICT, status=MandateStatus.SERVING)
            assert Mandate.objects.filter(town=town, level=Level.CITY).exists()
            for ed in ElectoralDistrict.objects.filter(town=town):
                assert 1 <= ed.seats <= 3
            assert PresidiumMember.objects.filter(town=town, post=PresidiumPost.CHAIR).count() == 1
        for p in Person.objects.all():
            assert id_number_problem(p.id_number) is None, p.id_number
            assert re.fullmatch(r"1[3-9]\d{9}", p.phone)
        # Subdistrict: no term, but district deputies, groups and liaison posts.
        assert not Term.objects.filter(town=songling).exists()
        assert Mandate.objects.filter(town=songling, level=Level.DISTRICT).count() >= 6
        assert DeputyGroup.objects.filter(town=songling).exists()
        # 区镇合一: the zone's community belongs to 同里镇 and is covered by one of its electoral districts.
        zone_village = Village.objects.get(code="320509400498")
        assert (zone_village.town, zone_village.division_town.kind) == (tongli, TownKind.ZONE)
        assert zone_village.electoral_districts.get().town == tongli
        # The gaps left on purpose.
        assert Village.objects.filter(town=pingwang, electoral_districts__isnull=True).count() == 2
        assert ElectoralDistrict.objects.filter(town=pingwang, liaison_posts__isnull=True).count() == 1
        small = DeputyGroup.objects.filter(town=pingwang).annotate(n=Count("members")).filter(n=2)
        assert small.count() == 1
        assert not PresidiumMember.objects.filter(town=tongli, post=PresidiumPost.VICE_CHAIR).exists()
        assert PresidiumMember.objects.filter(town=pingwang, post=PresidiumPost.VICE_CHAIR).exists()
        # The vacancy gap in 同里镇, and in every town one to three free seats for the roster template.
        for town, gap in ((tongli, 1), (pingwang, 0)):
            vacant = Seat.objects.filter(town=town).exclude(Q(mandates__status=MandateStatus.SERVING))
            assert 1 + gap <= vacant.count() <= 3 + gap, town.name
        assert 2 <= result.free_seats <= 6
        assert len(result.gaps) == 6

        # Idempotent: a second run creates nothing.
        counts = (ActivityLog.unscoped.count(), Person.objects.count(), User.objects.count())
        again = build_demo(towns=SUBSET)
        assert (again.built, again.skipped) == ([], ["松陵街道", "平望镇", "同里镇"])
        assert (ActivityLog.unscoped.count(), Person.objects.count(), User.objects.count()) == counts

        # Every planned account exists with its role, and the README lists it.
        created = {
            (g.user.username, g.role)
            for g in RoleGrant.objects.select_related("user").exclude(user__username__startswith="x")
        }
    planned = {(a.username, a.role) for a in result.accounts}
    assert created == planned
    assert {r for _u, r in planned} == set(Role.values)
    readme = _readme_accounts()
    for a in result.accounts:
        assert readme.get(a.username) == a.role_label, a.username
    # Each account logs in with the shared demo password and its home page answers.
    for a in result.accounts:
        assert client.login(
            request=HttpRequest(), username=a.username, password=settings.RENDA["DEMO_PASSWORD"]
        ), a.username
        assert client.get("/", follow=True).status_code == 200, a.username
        client.logout()


def _readme_accounts() -> dict[str, str]:
    text = README.read_text()
    section = text.split("<!-- demo-accounts:start -->")[1].split("<!-- demo-accounts:end -->")[0]
    assert f"`{settings.RENDA['DEMO_PASSWORD']}`" in section
    return dict(re.findall(r"^\| `([a-z0-9_]+)` \| ([^|]+?) \|", section, flags=re.M))


def test_the_readme_lists_every_account_of_the_full_demo():
    accounts = demo_accounts(full_demo_towns())
    assert {a.username: a.role_label for a in accounts} == _readme_accounts()
    # The table is the generator's output (`renda demo --accounts-markdown`), row for row.
    text = README.read_text()
    section = text.split("<!-- demo-accounts:start -->")[1].split("<!-- demo-accounts:end -->")[0]
    assert accounts_markdown(accounts) in section
    names = [a.username for a in accounts]
    assert len(names) == len(set(names))
    # Every town and subdistrict has its petitions office and discipline inspection; towns two deputies.
    for t in full_demo_towns():
        s = slug_for(t)
        assert {f"{s}_petitions", f"{s}_discipline", f"{s}_unit01"} <= set(names), s
        if t.kind == TownKind.TOWN:
            assert f"{s}_deputy2" in names


def test_accounts_markdown_command_prints_the_readme_table():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("demo", accounts_markdown=True, stdout=out)
    assert out.getvalue().strip() == accounts_markdown(demo_accounts(full_demo_towns()))
