"""Roster (花名册) import and export: whole-file validation, all-or-nothing writes, pages and permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from openpyxl import Workbook, load_workbook

from factories import PASSWORD, make_id_number, make_town
from renda.core.actors import SYSTEM
from renda.core.models import ActivityLog
from renda.registry import services as reg
from renda.registry.enums import Level, MandateStatus, UnitKind
from renda.registry.models import ElectoralDistrict, HandlingUnit, Mandate, Person, Seat
from renda.registry.roster import (
    COLUMNS,
    RosterError,
    RosterKind,
    roster_export,
    roster_import,
    roster_template,
    roster_validate,
    roster_write,
)

DEPUTY_HEADERS = ["序号"] + [c.header for c in COLUMNS[RosterKind.DEPUTIES]]
ED_HEADERS = ["选区号", "名称", "应选名额", "覆盖村（社区）"]
UNIT_HEADERS = ["名称", "类型", "联系人", "联系电话"]
BAD_FILE = "文件不是有效的 Excel（.xlsx）文件；旧版 .xls 文件请先在 Excel 中另存为 .xlsx"


def xlsx(headers: list, rows: list[list], title: str = "Sheet") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def deputy_row(**kw) -> list:
    d = {
        "n": None,
        "name": "李明",
        "gender": "男",
        "birth": None,
        "ethnicity": "汉族",
        "party": "中共党员",
        "id_number": "",
        "phone": "",
        "sector": "农民",
        "workplace": "某村村委会主任",
        "expertise": "农业",
        "village": "",
        "level": "镇级",
        "ed": None,
        "term_label": "",
        "start": "2022-01-01",
    } | kw
    return list(d.values())


def errors_of(result) -> list[tuple]:
    return [(e.row, e.column, e.reason) for e in result.errors]


def add_district(tw, number: int, seats: int) -> ElectoralDistrict:
    return reg.electoral_district_create(
        town=tw.town,
        data={
            "term": tw.objects["registry.term"],
            "number": number,
            "name": f"第{number}选区",
            "seats": seats,
            "villages": [tw.objects["registry.village"]],
        },
        actor=SYSTEM,
    )


def counts() -> tuple[int, int, int, int, int]:
    return (
        Person.objects.count(),
        Mandate.objects.count(),
        ElectoralDistrict.objects.count(),
        HandlingUnit.objects.count(),
        ActivityLog.unscoped.count(),
    )


# --- deputies ------------------------------------------------------------------------------------


def test_good_deputies_file_imports_every_row_in_one_go(world, unscoped):
    tw = world.a
    ed2 = add_district(tw, 2, 3)
    staff = tw.users["town_staff"]
    id_li = make_id_number(401, "19800506")
    rows = [
        deputy_row(
            n=1,
            name="李明",
            birth=dt.datetime(1980, 5, 6),
            id_number=id_li,
            phone="13900000001",
            village="平望镇一村",
            ed=2,
            start=dt.datetime(2022, 1, 1),
        ),
        deputy_row(
            n=2,
            name="王芳",
            gender="女",
            birth="1985/2/3",
            id_number=make_id_number(402, "19850203"),
            village="320509104201",
            ed=2,
            start="2022年1月1日",
        ),
        deputy_row(n=3, name="赵强", ed=1, start="2022/1/1"),
        deputy_row(n=4, name="李明", id_number=id_li, level="区级", term_label="第十七届"),
        deputy_row(n=5, name="陈静", gender="女", level="市级", term_label="第十五届", start=20220101),
    ]
    before = counts()
    result = roster_import(town=tw.town, kind="deputies", file=xlsx(DEPUTY_HEADERS, rows), actor=staff)
    assert errors_of(result) == []
    assert result.imported is True
    assert result.counts == {"persons": 4, "mandates": 5}
    after = counts()
    assert (after[0] - before[0], after[1] - before[1]) == (4, 5)

    li = Person.objects.get(town=tw.town, id_number=id_li)
    assert (li.birth_date, li.phone, li.village, li.sector) == (
        dt.date(1980, 5, 6),
        "13900000001",
        tw.objects["registry.village"],
        "farmer",
    )
    mandates = {
        (m.person.name, m.level): (
            m.electoral_district.number if m.electoral_district else None,
            m.seat.number if m.seat else None,
            m.term_label,
            m.start_date,
            m.status,
        )
        for m in Mandate.objects.filter(town=tw.town).exclude(pk=tw.objects["registry.mandate"].pk)
    }
    start = dt.date(2022, 1, 1)
    assert mandates == {
        ("李明", Level.TOWN): (2, 1, "", start, MandateStatus.SERVING),
        ("王芳", Level.TOWN): (2, 2, "", start, MandateStatus.SERVING),
        ("赵强", Level.TOWN): (1, 2, "", start, MandateStatus.SERVING),
        ("李明", Level.DISTRICT): (None, None, "第十七届", start, MandateStatus.SERVING),
        ("陈静", Level.CITY): (None, None, "第十五届", start, MandateStatus.SERVING),
    }
    assert Seat.objects.filter(electoral_district=ed2).count() == 3
    log = ActivityLog.unscoped.get(code="roster.imported")
    assert (log.town, log.actor, log.object_repr) == (tw.town, staff, tw.town.name)
    assert log.data == {"kind": "deputies", "rows": 5, "file": "", "persons": 4, "mandates": 5}


def test_malformed_deputies_file_imports_nothing_and_lists_every_bad_row(world, unscoped):
    tw = world.a
    add_district(tw, 2, 3)
    existing_id = tw.objects["registry.person"].id_number
    dup = make_id_number(411, "19790101")
    district = {"level": "区级", "term_label": "第十七届"}
    rows = [
        deputy_row(name=None, **district),  # 2
        deputy_row(name="甲", ed=9),  # 3
        deputy_row(name="乙", start="2022-13-01", **district),  # 4
        deputy_row(name="丙", **district),  # 5: gets an ID number with a wrong check digit below
        deputy_row(name="丁", phone="1234", **district),  # 6
        deputy_row(name="戊", level="县级", ed=1),  # 7
        deputy_row(name="己", ed=1, id_number=dup),  # 8: valid, takes the last seat of 选区 1
        deputy_row(name="庚", ed=2, id_number=dup),  # 9
        deputy_row(name="辛", ed=2, id_number=existing_id),  # 10
        deputy_row(name="壬", village="不存在村", **district),  # 11
        deputy_row(name="癸", level="区级"),  # 12
        deputy_row(name="子", level="镇级"),  # 13
        deputy_row(name="丑", gender="男性", **district),  # 14
        deputy_row(
            name="寅", birth="1980-01-01", id_number=make_id_number(413, "19810101"), **district
        ),  # 15
        [None] * len(DEPUTY_HEADERS),  # 16: blank, skipped
        deputy_row(name="卯", ed=1),  # 17: 选区 1 is full
    ]
    # Row 5 must have a wrong check digit, whatever the right one is.
    good5 = make_id_number(412, "19790101")
    rows[3][6] = good5[:17] + ("1" if good5[17] != "1" else "2")
    before = counts()
    result = roster_import(
        town=tw.town, kind="deputies", file=xlsx(DEPUTY_HEADERS, rows), actor=tw.users["town_staff"]
    )
    assert errors_of(result) == [
        (2, "姓名", "必填项不能为空"),
        (3, "选区号", "第十九届没有第 9 选区"),
        (4, "任职起始日期", "日期无效，应写成 2022-01-01 这样的日期"),
        (5, "身份证号", "身份证号校验位不正确"),
        (6, "手机号", "手机号应为 11 位中国大陆手机号码"),
        (7, "层级", "层级应为 镇级、区级 或 市级"),
        (9, "身份证号", "身份证号与第 8 行重复"),
        (10, "身份证号", "本镇已有相同身份证号的人员"),
        (11, "所在村（社区）", "本镇没有“不存在村”这个村（社区）"),
        (12, "届次", "区、市级代表须填写届次"),
        (13, "选区号", "镇级代表须填写选区号"),
        (14, "性别", "应为以下之一：男、女"),
        (15, "出生日期", "出生日期与身份证号不一致"),
        (17, "选区号", "第 1 选区应选 2 名，名额已满"),
    ]
    assert result.imported is False
    assert result.counts == {}
    assert counts() == before


def test_duplicate_id_number_within_the_file_and_against_the_town(world, unscoped):
    tw = world.a
    add_district(tw, 2, 3)
    same = make_id_number(421, "19750505")
    rows = [
        deputy_row(name="周一", ed=2, id_number=same),
        deputy_row(name="周二", level="区级", term_label="第十七届", id_number=same),
        deputy_row(name="吴一", ed=2, id_number=tw.objects["registry.person"].id_number.lower()),
    ]
    result = roster_validate(town=tw.town, kind="deputies", file=xlsx(DEPUTY_HEADERS, rows))
    assert errors_of(result) == [
        (3, "身份证号", "身份证号与第 2 行重复"),
        (4, "身份证号", "本镇已有相同身份证号的人员"),
    ]
    # The same ID number in another town is another town's person: no clash.
    other = world.b
    add_district(other, 2, 3)
    rows = [deputy_row(name="吴一", ed=2, id_number=tw.objects["registry.person"].id_number)]
    result = roster_validate(town=other.town, kind="deputies", file=xlsx(DEPUTY_HEADERS, rows))
    assert errors_of(result) == []


def test_file_level_problems(world, unscoped, settings):
    town = world.a.town
    assert errors_of(roster_validate(town=town, kind="deputies", file=b"not a spreadsheet")) == [
        (None, "", BAD_FILE)
    ]
    assert errors_of(roster_validate(town=town, kind="deputies", file=xlsx(DEPUTY_HEADERS, []))) == [
        (None, "", "文件中没有数据")
    ]
    wrong = xlsx(
        ["名字", "性别", "层级", "层级", "任职起始日期"], [["李", "男", "镇级", "镇级", "2022-01-01"]]
    )
    assert errors_of(roster_validate(town=town, kind="deputies", file=wrong)) == [
        (1, "姓名", "缺少必填列"),
        (1, "层级", "列名重复"),
        (1, "名字", "无法识别的列名"),
    ]
    settings.RENDA = {**settings.RENDA, "ROSTER_IMPORT_MAX_ROWS": 2}
    three = xlsx(UNIT_HEADERS, [[f"单位{i}", "基层站所", "", ""] for i in range(3)])
    assert errors_of(roster_validate(town=town, kind="handling_units", file=three)) == [
        (None, "", "数据超过 2 行，请分成几个文件导入")
    ]
    settings.RENDA = {**settings.RENDA, "ROSTER_IMPORT_MAX_BYTES": 1024}
    assert errors_of(roster_validate(town=town, kind="handling_units", file=three)) == [
        (None, "", "文件超过 1.0\xa0KB，请分成几个文件导入")
    ]


def test_header_below_a_title_row_and_columns_in_any_order(world, unscoped):
    wb = Workbook()
    ws = wb.active
    ws.append(["平望镇承办单位名册"])
    ws.append(["类型", "名称"])
    ws.append(["镇政府部门", "镇农业农村局"])
    ws.append(["基层站所", "镇税务所"])
    ws.append(["乡级部门", ""])
    out = io.BytesIO()
    wb.save(out)
    result = roster_validate(town=world.a.town, kind="handling_units", file=out.getvalue())
    assert errors_of(result) == [
        (5, "名称", "必填项不能为空"),
        (5, "类型", "应为以下之一：镇政府部门、基层站所、区级部门"),
    ]


# --- electoral districts and handling units ------------------------------------------------------


def test_electoral_districts_import_with_villages_and_seats(world, unscoped):
    tw = world.a
    village2 = reg.village_create(
        town=tw.town, data={"code": "320509104202", "name": "平望镇二村"}, actor=SYSTEM
    )
    rows = [
        [2, "第二选区", 3, "平望镇一村、平望镇二村"],
        [3, "第三选区", 1, "320509104202"],
    ]
    result = roster_import(
        town=tw.town, kind="electoral_districts", file=xlsx(ED_HEADERS, rows), actor=SYSTEM
    )
    assert (errors_of(result), result.counts) == ([], {"electoral_districts": 2, "seats": 4})
    ed2 = ElectoralDistrict.objects.get(town=tw.town, number=2)
    assert (ed2.term, ed2.seats, ed2.seat_set.count()) == (tw.objects["registry.term"], 3, 3)
    assert sorted(v.name for v in ed2.villages.all()) == ["平望镇一村", "平望镇二村"]
    assert list(ElectoralDistrict.objects.get(town=tw.town, number=3).villages.all()) == [village2]


def test_bad_electoral_districts_file(world, unscoped):
    tw = world.a
    rows = [
        [1, "第一选区", 2, "平望镇一村"],  # 2: number taken
        [4, "第四选区", 4, ""],  # 3: too many seats
        [5, "第五选区", 0, "无此村"],  # 4: not a positive number, unknown village
        [4, "又一个第四选区", 1, ""],  # 5: number repeated
        ["五", "", 1, ""],  # 6: bad number, no name
    ]
    before = counts()
    result = roster_import(
        town=tw.town, kind="electoral_districts", file=xlsx(ED_HEADERS, rows), actor=SYSTEM
    )
    assert errors_of(result) == [
        (2, "选区号", "第十九届已有第 1 选区"),
        (3, "应选名额", "每个选区应选代表 1 至 3 名"),
        (4, "应选名额", "应为正整数"),
        (4, "覆盖村（社区）", "本镇没有“无此村”这个村（社区）"),
        (5, "选区号", "选区号与第 3 行重复"),
        (6, "选区号", "应为正整数"),
        (6, "名称", "必填项不能为空"),
    ]
    assert counts() == before


def test_handling_units_import(world, unscoped):
    tw = world.a
    good = [
        ["镇农业农村局", "镇政府部门", "钱某", "0512-63211234"],
        ["区住建局", "区级部门", "", 13800001111],
    ]
    result = roster_import(
        town=tw.town, kind="handling_units", file=xlsx(UNIT_HEADERS, good), actor=tw.users["town_staff"]
    )
    assert (errors_of(result), result.counts) == ([], {"handling_units": 2})
    assert sorted(HandlingUnit.objects.filter(town=tw.town).values_list("name", "kind", "contact_phone")) == [
        ("区住建局", UnitKind.DISTRICT_DEPT, "13800001111"),
        ("平望镇派出所", UnitKind.STATION, ""),
        ("镇农业农村局", UnitKind.TOWN_OFFICE, "0512-63211234"),
    ]
    bad = [
        ["平望镇派出所", "基层站所", "", ""],
        ["镇司法所", "所", "", "电话"],
        ["镇司法所", "基层站所", "", ""],
    ]
    result = roster_import(town=tw.town, kind="handling_units", file=xlsx(UNIT_HEADERS, bad), actor=SYSTEM)
    assert errors_of(result) == [
        (2, "名称", "本镇已有同名承办单位"),
        (3, "类型", "应为以下之一：镇政府部门、基层站所、区级部门"),
        (3, "联系电话", "联系电话格式不正确"),
        (4, "名称", "名称与第 3 行重复"),
    ]
    assert HandlingUnit.objects.filter(town=tw.town).count() == 3


def test_a_subdistrict_takes_no_town_level_deputies(world, unscoped):
    sub = make_town(world.x, "320509002000", "某街道", kind="subdistrict")
    rows = [deputy_row(name="孙一", level="区级", term_label="第十七届"), deputy_row(name="孙二", ed=1)]
    before = counts()
    result = roster_import(town=sub, kind="deputies", file=xlsx(DEPUTY_HEADERS, rows), actor=SYSTEM)
    assert errors_of(result) == [(3, "层级", "街道和开发区不设镇人民代表大会，不能登记镇级代表")]
    assert counts() == before


def test_a_conflict_found_while_writing_rolls_everything_back(world, unscoped):
    """Someone saves a unit of the same name between the check and the write: nothing is imported."""
    tw = world.a
    rows = [
        ["镇水利站", "基层站所", "", ""],
        ["镇城管中队", "镇政府部门", "", ""],
        ["镇司法所", "基层站所", "", ""],
    ]
    result = roster_validate(town=tw.town, kind="handling_units", file=xlsx(UNIT_HEADERS, rows))
    assert errors_of(result) == []
    reg.handling_unit_create(
        town=tw.town, data={"name": "镇城管中队", "kind": UnitKind.TOWN_OFFICE}, actor=SYSTEM
    )
    before = counts()
    result = roster_write(result=result, actor=tw.users["town_staff"])
    assert errors_of(result) == [(3, "名称", "本镇已有同名承办单位")]
    assert (result.imported, counts()) == (False, before)


# --- template and export -------------------------------------------------------------------------


def login(client, user):
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)


def response_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


def test_template_downloads_and_reimports_after_filling(client, world, unscoped):
    tw = world.a
    login(client, tw.users["town_staff"])
    response = client.get("/registry/roster/template/", {"kind": "deputies", "town": tw.town.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response_bytes(response)))
    assert wb.sheetnames == ["代表花名册", "说明"]
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == DEPUTY_HEADERS
    assert ws["A2"].value == "示例"
    notes = [row[0] for row in wb["说明"].iter_rows(values_only=True)]
    assert "平望镇一村" in notes and "第十九届的选区" in notes
    ws.append(deputy_row(n=1, name="郑一", ed=1, id_number=make_id_number(431, "19900101")))
    filled = io.BytesIO()
    wb.save(filled)
    result = roster_import(town=tw.town, kind="deputies", file=filled.getvalue(), actor=SYSTEM)
    assert (errors_of(result), result.counts) == ([], {"persons": 1, "mandates": 1})

    for kind, title in [("electoral_districts", "选区"), ("handling_units", "承办单位")]:
        response = client.get("/registry/roster/template/", {"kind": kind})
        wb = load_workbook(io.BytesIO(response_bytes(response)))
        assert wb.worksheets[0].title == title
    assert client.get("/registry/roster/template/", {"kind": "nope"}).status_code == 404


def test_template_example_row_alone_is_no_data(world, unscoped):
    result = roster_validate(
        town=world.a.town, kind="handling_units", file=roster_template(kind="handling_units")
    )
    assert errors_of(result) == [(None, "", "文件中没有数据")]


def test_export_then_import_into_a_second_town_round_trips(world, unscoped):
    a = world.a
    reg.handling_unit_create(
        town=a.town,
        data={
            "name": "区住建局",
            "kind": UnitKind.DISTRICT_DEPT,
            "contact_name": "钱某",
            "contact_phone": "0512-63000003",
        },
        actor=SYSTEM,
    )
    district_deputy = reg.person_create(
        town=a.town,
        data={"name": "孙二", "gender": "female", "birth_date": dt.date(1970, 2, 3)},
        actor=SYSTEM,
    )
    reg.mandate_create(
        town=a.town,
        data={
            "person": district_deputy,
            "level": Level.DISTRICT,
            "term_label": "第十七届",
            "start_date": dt.date(2021, 12, 1),
        },
        actor=SYSTEM,
    )
    d = make_town(world.x, "320509106000", "七都镇")
    reg.village_create(town=d, data={"code": "320509106201", "name": "平望镇一村"}, actor=SYSTEM)
    reg.term_create(town=d, data={"number": 19, "start_date": dt.date(2022, 1, 1)}, actor=SYSTEM)
    # The district's staff over both towns (town A's own staff may not write into town D); fetched afresh so its
    # grants include the town made just now.
    actor = type(world.district_x_staff).objects.get(pk=world.district_x_staff.pk)

    def sheet(data: bytes) -> list[tuple]:
        return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))

    for kind in ["electoral_districts", "deputies", "handling_units"]:
        exported = roster_export(town=a.town, kind=kind, unmasked=True, actor=actor)
        result = roster_import(town=d, kind=kind, file=exported, actor=actor)
        assert errors_of(result) == [], kind
        assert sheet(roster_export(town=d, kind=kind, unmasked=True, actor=actor)) == sheet(exported)

    assert sheet(roster_export(town=d, kind="deputies", unmasked=True, actor=actor)) == [
        tuple(DEPUTY_HEADERS),
        (
            1,
            a.objects["registry.person"].name,
            None,
            None,
            None,
            None,
            a.objects["registry.person"].id_number,
            a.objects["registry.person"].phone,
            None,
            None,
            "农业、水利",
            "平望镇一村",
            "镇级",
            1,
            None,
            dt.datetime(2022, 1, 1),
        ),
        (
            2,
            "孙二",
            "女",
            dt.datetime(1970, 2, 3),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "区级",
            None,
            "第十七届",
            dt.datetime(2021, 12, 1),
        ),
    ]
    assert ActivityLog.unscoped.filter(code="person.pii_exported", town=a.town, actor=actor).count() == 1


def test_masked_export_hides_id_and_phone_and_is_not_logged(world, unscoped):
    a = world.a
    person = a.objects["registry.person"]
    rows = list(
        load_workbook(io.BytesIO(roster_export(town=a.town, kind="deputies", unmasked=False, actor=SYSTEM)))
        .worksheets[0]
        .iter_rows(min_row=2, values_only=True)
    )
    assert (rows[0][6], rows[0][7]) == (
        person.id_number[:6] + "********" + person.id_number[-4:],
        person.phone[:3] + "****" + person.phone[-4:],
    )
    assert ActivityLog.unscoped.filter(code="person.pii_exported").count() == 0


# --- pages and permissions -----------------------------------------------------------------------


def upload(data: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


UNITS_OK = xlsx(UNIT_HEADERS, [["镇水利站", "基层站所", "", ""]])


def test_import_page_shows_every_bad_row_and_imports_nothing(client, world, unscoped):
    tw = world.a
    login(client, tw.users["town_staff"])
    page = client.get("/registry/roster/import/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-progress="roster-progress"' in html and 'id="roster-progress"' in html
    assert "<script>" not in html and "style=" not in html
    bad = xlsx(UNIT_HEADERS, [["平望镇派出所", "基层站所", "", ""], ["新单位", "乡级", "", ""]])
    response = client.post(
        "/registry/roster/import/", {"kind": "handling_units", "town": tw.town.pk, "file": upload(bad)}
    )
    assert response.status_code == 200
    result = response.context["result"]
    assert errors_of(result) == [
        (2, "名称", "本镇已有同名承办单位"),
        (3, "类型", "应为以下之一：镇政府部门、基层站所、区级部门"),
    ]
    html = response.content.decode()
    assert "未导入任何数据" in html and "本镇已有同名承办单位" in html
    assert HandlingUnit.objects.filter(town=tw.town).count() == 1

    response = client.post("/registry/roster/import/", {"kind": "handling_units", "file": upload(UNITS_OK)})
    assert response.context["result"].counts == {"handling_units": 1}
    assert 'data-testid="roster-success"' in response.content.decode()
    assert HandlingUnit.objects.filter(town=tw.town).count() == 2


def test_town_staff_cannot_import_into_another_town(client, world, unscoped):
    login(client, world.a.users["town_staff"])
    response = client.post(
        "/registry/roster/import/",
        {"kind": "handling_units", "town": world.b.town.pk, "file": upload(UNITS_OK)},
    )
    assert response.status_code == 404
    assert (
        client.get("/registry/roster/export/", {"kind": "deputies", "town": world.b.town.pk}).status_code
        == 404
    )
    assert HandlingUnit.objects.filter(town=world.b.town).count() == 1


@pytest.mark.parametrize("role", ["unit_clerk", "deputy", "presidium", "petitions"])
def test_other_roles_get_403(client, world, unscoped, role):
    login(client, world.a.users[role])
    assert client.get("/registry/roster/import/").status_code == 403
    response = client.post(
        "/registry/roster/import/",
        {"kind": "handling_units", "town": world.a.town.pk, "file": upload(UNITS_OK)},
    )
    assert response.status_code == 403
    assert (
        client.get("/registry/roster/export/", {"kind": "deputies", "town": world.a.town.pk}).status_code
        == 403
    )
    assert HandlingUnit.objects.filter(town=world.a.town).count() == 1


def test_anonymous_is_sent_to_login(client, world):
    assert client.get("/registry/roster/import/").status_code == 302


def test_district_staff_choose_a_town_of_their_district(client, world, unscoped):
    login(client, world.district_x_staff)
    page = client.get("/registry/roster/import/")
    assert [c[1] for c in page.context["form"].fields["town"].choices] == ["平望镇", "盛泽镇"]
    response = client.post("/registry/roster/import/", {"kind": "handling_units", "file": upload(UNITS_OK)})
    assert "town" in response.context["form"].errors
    response = client.post(
        "/registry/roster/import/",
        {"kind": "handling_units", "town": world.b.town.pk, "file": upload(UNITS_OK)},
    )
    assert response.context["result"].counts == {"handling_units": 1}
    assert HandlingUnit.objects.filter(town=world.b.town, name="镇水利站").count() == 1
    response = client.post(
        "/registry/roster/import/",
        {"kind": "handling_units", "town": world.c.town.pk, "file": upload(UNITS_OK)},
    )
    assert response.status_code == 404


def test_export_page_downloads_and_logs_unmasked_access(client, world, unscoped):
    tw = world.a
    staff = tw.users["town_staff"]
    login(client, staff)
    response = client.get("/registry/roster/export/", {"kind": "deputies"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response_bytes(response))).worksheets[0].iter_rows(values_only=True))
    assert rows[1][6] == tw.objects["registry.person"].id_number
    log = ActivityLog.unscoped.get(code="person.pii_exported")
    assert (log.actor, log.town, log.data) == (staff, tw.town, {"kind": "deputies", "rows": 1})
    response = client.get("/registry/roster/export/", {"kind": "deputies", "masked": "1"})
    rows = list(load_workbook(io.BytesIO(response_bytes(response))).worksheets[0].iter_rows(values_only=True))
    assert "********" in rows[1][6]
    assert ActivityLog.unscoped.filter(code="person.pii_exported").count() == 1


def test_roster_error_is_a_plain_record():
    assert RosterError(3, "姓名", "必填项不能为空").as_dict() == {
        "row": 3,
        "column": "姓名",
        "reason": "必填项不能为空",
    }
