import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from renda.core.actors import SYSTEM
from renda.core.enums import TownKind
from renda.core.models import ActivityLog, District, Town
from renda.registry import services as reg
from renda.registry.divisions import (
    dataset_dir,
    division_code_parse,
    division_data_read,
    division_load,
    village_display_name,
    village_kind_for,
)
from renda.registry.enums import VillageKind
from renda.registry.models import Village


def _kinds(report) -> dict[str, int]:
    return report.counts_by_kind()


def test_load_wujiang_from_the_national_dataset(db):
    with scopes_disabled():  # test set-up and checks across towns
        report = division_load(code="320509", actor=SYSTEM)
        assert _kinds(report) == {TownKind.SUBDISTRICT: 4, TownKind.TOWN: 7, TownKind.ZONE: 3}
        assert (report.towns_created, report.villages_created, report.villages_total) == (14, 310, 310)
        d = District.objects.get(code="320509")
        assert (d.name, d.city_name, d.province_name) == ("吴江区", "苏州市", "江苏省")
        tongli = Town.objects.get(code="320509111000")
        assert (tongli.name, tongli.kind, tongli.district) == ("同里镇", TownKind.TOWN, d)
        assert Town.objects.get(code="320509400000").kind == TownKind.ZONE
        assert Town.objects.get(code="320509001000").kind == TownKind.SUBDISTRICT
        v = Village.objects.get(code="320509111001")
        assert (v.name, v.kind, v.town, v.division_town) == (
            "鱼行社区",
            VillageKind.COMMUNITY,
            tongli,
            tongli,
        )
        assert Village.objects.get(code="320509111201").name == "叶建村"
        assert Village.objects.filter(town=tongli).count() == 16
        assert ActivityLog.unscoped.filter(code="town.loaded").count() == 14
        assert ActivityLog.unscoped.filter(code="district.loaded").count() == 1


def test_reload_changes_nothing_and_keeps_the_attachment(db):
    with scopes_disabled():  # test set-up and checks across towns
        division_load(code="320509", actor=SYSTEM)
        tongli = Town.objects.get(code="320509111000")
        zone_village = Village.objects.get(code="320509400498")
        reg.village_attach(village=zone_village, town=tongli, actor=SYSTEM)
        Village.objects.filter(code="320509111001").update(name="旧名称")  # the dataset renamed it since
        logs = ActivityLog.unscoped.count()

        report = division_load(code="320509", actor=SYSTEM)
        assert (report.towns_created, report.villages_created, report.villages_updated) == (0, 0, 1)
        assert Village.objects.get(code="320509111001").name == "鱼行社区"
        zone_village.refresh_from_db()
        assert (zone_village.town, zone_village.division_town.code) == (tongli, "320509400000")
        assert ActivityLog.unscoped.count() == logs + 1  # one summary row for 同里镇

        again = division_load(code="320509111000", actor=SYSTEM)  # the 12-digit form of one town
        assert (len(again.towns), again.changed, again.villages_total) == (1, False, 16)
        assert ActivityLog.unscoped.count() == logs + 1
        assert (Town.objects.count(), Village.objects.count()) == (14, 310)


def test_a_single_town_by_its_9_digit_code(db):
    with scopes_disabled():  # test set-up and checks across towns
        report = division_load(code="320509104", actor=SYSTEM)
        assert [t.town.name for t in report.towns] == ["平望镇"]
        assert Village.objects.filter(division_town__code="320509104000").count() == 27


@pytest.mark.parametrize("code", ["", "3205", "32050911100", "320509111001", "abcdef"])
def test_bad_codes_are_refused(code):
    with pytest.raises(Exception, match="请输入"):
        division_code_parse(code)


def test_the_csv_fallback_reads_what_the_sqlite_file_holds(tmp_path):
    for name in ["areas.csv", "cities.csv", "provinces.csv", "streets.csv", "villages.csv"]:
        (tmp_path / name).symlink_to(dataset_dir() / name)
    code = division_code_parse("320509111")
    from_csv = division_data_read(code, folder=tmp_path)
    from_sqlite = division_data_read(code)
    assert from_csv == from_sqlite
    assert len(from_csv.villages["320509111"]) == 16
    assert not (tmp_path / "data.sqlite").exists()  # the CSV path was taken


@pytest.mark.parametrize(
    ("raw", "name", "kind"),
    [
        ("多福巷社区居委会", "多福巷社区", VillageKind.COMMUNITY),
        ("叶建村委会", "叶建村", VillageKind.VILLAGE),
        ("大庄村村民委员会", "大庄村", VillageKind.VILLAGE),
        ("东门居民委员会", "东门社区", VillageKind.COMMUNITY),
        ("吴江经济技术开发区虚拟社区", "吴江经济技术开发区虚拟社区", VillageKind.COMMUNITY),
    ],
)
def test_display_names_and_kinds(raw, name, kind):
    assert (village_display_name(raw), village_kind_for(raw)) == (name, kind)


def test_the_page_refuses_another_districts_code(world, client):
    client.force_login(world.district_y_staff)  # 吴中区 staff
    with scopes_disabled():  # counting across towns
        towns = Town.objects.count()
    response = client.post(reverse("registry:divisions-load"), {"code": "320509"})
    assert response.status_code == 200
    assert "不属于您所在的区" in response.content.decode()
    with scopes_disabled():  # counting across towns
        assert Town.objects.count() == towns


def test_the_page_is_for_district_staff_only(world, client):
    client.force_login(world.a.users["town_staff"])
    assert client.get(reverse("registry:divisions-load")).status_code == 403


def test_district_staff_load_their_district_on_the_page(world, client):
    client.force_login(world.district_x_staff)
    page = client.get(reverse("registry:divisions-load"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-progress="divisions-progress"' in html and 'id="divisions-progress"' in html
    response = client.post(reverse("registry:divisions-load"), {"code": "320509"})
    assert response.status_code == 200
    assert 'data-testid="divisions-summary"' in response.content.decode()
    with scopes_disabled():  # checks across towns
        assert Town.objects.filter(district=world.x).count() == 14
        # The world's own village keeps its town; its name comes from the dataset now.
        village = world.a.objects["registry.village"]
        village.refresh_from_db()
        assert village.town == world.a.town
        log = ActivityLog.unscoped.filter(code="town.loaded", town=world.a.town).get()
        assert log.actor == world.district_x_staff
