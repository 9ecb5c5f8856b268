"""Roster (花名册) through the API: template, all-or-nothing import with its error list, export."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from openpyxl import Workbook, load_workbook

from factories import PASSWORD
from renda.core.models import ActivityLog
from renda.core.services import api_token_create
from renda.registry.models import HandlingUnit

BASE = "/api/v1/registry/roster"
UNIT_HEADERS = ["名称", "类型", "联系人", "联系电话"]


def xlsx(headers: list, rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("units.xlsx", data, content_type="application/octet-stream")


def login(client, user) -> None:
    assert client.login(request=HttpRequest(), username=user.username, password=PASSWORD)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_import_good_file_returns_counts(client, world, unscoped):
    tw = world.a
    login(client, tw.users["town_staff"])
    data = xlsx(
        UNIT_HEADERS, [["镇水利站", "基层站所", "钱某", "0512-63210000"], ["区民政局", "区级部门", "", ""]]
    )
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": tw.town.pk, "file": upload(data)}
    )
    assert response.status_code == 200
    assert response.json() == {
        "kind": "handling_units",
        "town": tw.town.pk,
        "rows": 2,
        "counts": {"handling_units": 2},
    }
    assert sorted(HandlingUnit.objects.filter(town=tw.town).values_list("name", flat=True)) == [
        "区民政局",
        "平望镇派出所",
        "镇水利站",
    ]
    log = ActivityLog.unscoped.get(code="roster.imported")
    assert log.data == {"kind": "handling_units", "rows": 2, "file": "units.xlsx", "handling_units": 2}


def test_import_bad_file_returns_422_with_every_bad_row(client, world, unscoped):
    tw = world.a
    login(client, tw.users["town_staff"])
    data = xlsx(
        UNIT_HEADERS,
        [["镇水利站", "基层站所", "", ""], ["平望镇派出所", "基层站所", "", ""], ["", "乡级", "", "x"]],
    )
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": tw.town.pk, "file": upload(data)}
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "未导入任何数据：文件中有 4 个问题",
        "errors": [
            {"row": 3, "column": "名称", "reason": "本镇已有同名承办单位"},
            {"row": 4, "column": "名称", "reason": "必填项不能为空"},
            {"row": 4, "column": "类型", "reason": "应为以下之一：镇政府部门、基层站所、区级部门"},
            {"row": 4, "column": "联系电话", "reason": "联系电话格式不正确"},
        ],
    }
    assert HandlingUnit.objects.filter(town=tw.town).count() == 1
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": tw.town.pk, "file": upload(b"plain text")}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "row": None,
            "column": "",
            "reason": "文件不是有效的 Excel（.xlsx）文件；旧版 .xls 文件请先在 Excel 中另存为 .xlsx",
        }
    ]


def test_import_scope_and_roles(client, world, unscoped):
    data = xlsx(UNIT_HEADERS, [["镇水利站", "基层站所", "", ""]])
    login(client, world.a.users["town_staff"])
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": world.b.town.pk, "file": upload(data)}
    )
    assert response.status_code == 404
    login(client, world.a.users["unit_clerk"])
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": world.a.town.pk, "file": upload(data)}
    )
    assert response.status_code == 403
    login(client, world.district_x_staff)
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": world.c.town.pk, "file": upload(data)}
    )
    assert response.status_code == 404
    response = client.post(
        f"{BASE}/import", {"kind": "handling_units", "town": world.b.town.pk, "file": upload(data)}
    )
    assert response.status_code == 200
    assert (
        HandlingUnit.objects.filter(name="镇水利站").values_list("town", flat=True).get() == world.b.town.pk
    )
    response = client.post(f"{BASE}/import", {"kind": "nope", "town": world.b.town.pk, "file": upload(data)})
    assert response.status_code == 422


def test_import_with_a_bearer_token(client, world, unscoped):
    staff = world.a.users["town_staff"]
    token = api_token_create(username=staff.username, password=PASSWORD)
    data = xlsx(UNIT_HEADERS, [["镇水利站", "基层站所", "", ""]])
    response = client.post(
        f"{BASE}/import",
        {"kind": "handling_units", "town": world.a.town.pk, "file": upload(data)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert (response.status_code, response.json()["counts"]) == (200, {"handling_units": 1})
    assert client.get(f"{BASE}/template", {"kind": "deputies"}).status_code == 401


def test_template_and_export(client, world, unscoped):
    tw = world.a
    staff = tw.users["town_staff"]
    login(client, staff)
    response = client.get(f"{BASE}/template", {"kind": "electoral_districts"})
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(body(response))).worksheets[0]
    assert [c.value for c in ws[1]] == ["序号", "选区号", "名称", "应选名额", "覆盖村（社区）"]

    response = client.get(f"{BASE}/export", {"kind": "electoral_districts", "town": tw.town.pk})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(body(response))).worksheets[0].iter_rows(values_only=True))
    assert rows == [
        ("序号", "选区号", "名称", "应选名额", "覆盖村（社区）"),
        (1, 1, "第一选区", 2, "平望镇一村"),
    ]

    person = tw.objects["registry.person"]
    response = client.get(f"{BASE}/export", {"kind": "deputies", "town": tw.town.pk, "masked": True})
    rows = list(load_workbook(io.BytesIO(body(response))).worksheets[0].iter_rows(values_only=True))
    assert rows[1][6] == person.id_number[:6] + "********" + person.id_number[-4:]
    assert ActivityLog.unscoped.filter(code="person.pii_exported").count() == 0
    response = client.get(f"{BASE}/export", {"kind": "deputies", "town": tw.town.pk})
    rows = list(load_workbook(io.BytesIO(body(response))).worksheets[0].iter_rows(values_only=True))
    assert (rows[1][6], rows[1][7]) == (person.id_number, person.phone)
    log = ActivityLog.unscoped.get(code="person.pii_exported")
    assert (log.actor, log.town, log.data) == (staff, tw.town, {"kind": "deputies", "rows": 1})

    assert client.get(f"{BASE}/export", {"kind": "deputies", "town": world.b.town.pk}).status_code == 404
    login(client, tw.users["deputy"])
    assert client.get(f"{BASE}/export", {"kind": "deputies", "town": tw.town.pk}).status_code == 403
