"""China's working-day calendar.

A day is a working day or a rest day by the first of these that knows its year:
1. a local correction (`CalendarOverride`), for that one day;
2. the official schedule of its year (`CalendarYear`: 国务院办公厅 holidays and 调休 make-up working days),
   entered by district staff or loaded from a newer package (`calendar_year_set`);
3. the `chinese-calendar` package (it covers 2004–2026 at present);
4. a *provisional* year: the statutory holidays computed from the lunar calendar (lunardate) and the solar
   term 清明 (chinese-calendar's formula), with the day counts of `RENDA["PROVISIONAL_HOLIDAY_DAYS"]`, plus
   weekends; no make-up working days (they cannot be computed). A due date resting on such a year is flagged.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from lunardate import LunarDate

from .models import CalendarOverride, CalendarYear, DueUnit

# The statutory holidays (全国年节及纪念日放假办法), in the order of the year.
HOLIDAY_LABELS = {
    "new_year": _("元旦"),
    "spring_festival": _("春节"),
    "qingming": _("清明节"),
    "labour_day": _("劳动节"),
    "dragon_boat": _("端午节"),
    "mid_autumn": _("中秋节"),
    "national_day": _("国庆节"),
}

# chinese-calendar's names of the same holidays.
PACKAGE_HOLIDAYS = {
    chinese_calendar.Holiday.new_years_day.value: "new_year",
    chinese_calendar.Holiday.spring_festival.value: "spring_festival",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "qingming",
    chinese_calendar.Holiday.labour_day.value: "labour_day",
    chinese_calendar.Holiday.dragon_boat_festival.value: "dragon_boat",
    chinese_calendar.Holiday.mid_autumn_festival.value: "mid_autumn",
    chinese_calendar.Holiday.national_day.value: "national_day",
}


def package_holiday_name(day: dt.date) -> str:
    """The name of the holiday chinese-calendar gives `day` ("" if none)."""
    name = chinese_calendar.get_holiday_detail(day)[1]
    if name in PACKAGE_HOLIDAYS:
        return str(HOLIDAY_LABELS[PACKAGE_HOLIDAYS[name]])
    return chinese_calendar.Holiday(name).chinese if name else ""


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def qingming_day(year: int) -> dt.date:
    """清明, the solar term, by chinese-calendar's formula (valid 1900–2100)."""
    terms = chinese_calendar.get_solar_terms(dt.date(year, 4, 1), dt.date(year, 4, 10))
    return next(day for day, name in terms if name == "清明")


def _lunar(year: int, month: int, day: int) -> dt.date:
    return LunarDate(year, month, day).to_solar_date()


@lru_cache(maxsize=64)
def _provisional(year: int, counts: tuple[tuple[str, int], ...]) -> dict[dt.date, str]:
    n = dict(counts)
    try:
        # Fixed dates first: a festival falling inside another holiday (中秋 in 国庆) keeps that one's name.
        first_days = {
            "new_year": dt.date(year, 1, 1),
            "labour_day": dt.date(year, 5, 1),
            "national_day": dt.date(year, 10, 1),
            "qingming": qingming_day(year),
            # 春节 starts on 除夕, the day before the first day of the first lunar month.
            "spring_festival": _lunar(year, 1, 1) - dt.timedelta(days=1),
            "dragon_boat": _lunar(year, 5, 5),
            "mid_autumn": _lunar(year, 8, 15),
        }
    except (ValueError, NotImplementedError, StopIteration):  # outside the tables (1900–2099)
        return {}
    days: dict[dt.date, str] = {}
    for code, first in first_days.items():
        for i in range(int(n.get(code, 0))):
            days.setdefault(first + dt.timedelta(days=i), code)
    return days


def provisional_holidays(year: int) -> dict[dt.date, str]:
    """The statutory holidays of `year` computed from the current national rules: day → holiday code."""
    counts = settings.RENDA["PROVISIONAL_HOLIDAY_DAYS"]
    return _provisional(year, tuple(sorted(counts.items())))


@dataclass
class WorkCalendar:
    """The calendar for a range of dates, with its overrides and official years loaded (two queries)."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)
    official: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = field(default_factory=dict)
    uncertain_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, start: dt.date, end: dt.date) -> WorkCalendar:
        rows = CalendarOverride.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_workday"
        )
        # One year more: rolling to the next working day may step past `end`.
        years = CalendarYear.objects.filter(year__gte=start.year, year__lte=end.year + 1)
        return cls(
            overrides=dict(rows),
            official={y.year: (y.holiday_dates, y.workday_dates) for y in years},
        )

    def is_official(self, year: int) -> bool:
        return year in self.official

    def knows(self, year: int) -> bool:
        """False for a provisional year (computed holidays, no official schedule)."""
        return year in self.official or package_knows(year)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        official = self.official.get(day.year)
        if official is not None:
            holidays, workdays = official
            return day in workdays or (day not in holidays and day.weekday() < 5)
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.uncertain_years.add(day.year)
            return day.weekday() < 5 and day not in provisional_holidays(day.year)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (the start day itself does not count)."""
        day = start
        while n > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the next one."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def unknown_years(self, first: dt.date, last: dt.date) -> list[int]:
        """The provisional years among those of the days first … last."""
        return [y for y in range(first.year, last.year + 1) if not self.knows(y)]


def package_year(year: int) -> tuple[list[dt.date], list[dt.date]]:
    """The holidays and make-up working days chinese-calendar holds for `year` (empty if it knows none)."""
    holidays = sorted(d for d in chinese_calendar.holidays if d.year == year)
    workdays = sorted(d for d in chinese_calendar.workdays if d.year == year and d.weekday() >= 5)
    return holidays, workdays


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months; the 31st becomes the last day of a shorter month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, _cal.monthrange(year, month)[1]))


def apply_rule(start: dt.date, unit: str, amount: int, cal: WorkCalendar | None = None) -> dt.date:
    if unit == DueUnit.CALENDAR_DAYS:
        return start + dt.timedelta(days=amount)
    if unit == DueUnit.CALENDAR_MONTHS:
        return add_months(start, amount)
    if unit == DueUnit.WORKING_DAYS:
        cal = cal or WorkCalendar.load(start, start + dt.timedelta(days=amount * 3 + 60))
        return cal.add_working_days(start, amount)
    raise ValueError(unit)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    cal = WorkCalendar.load(start, end)
    n, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        n += cal.is_workday(day)
    return n


@dataclass
class YearInfo:
    """What the calendar page and the API show of one year."""

    year: int
    status: str  # "official" (entered), "package" (chinese-calendar) or "provisional" (computed)
    holidays: list[tuple[dt.date, str]]  # (day, holiday name when known)
    workdays: list[dt.date]  # make-up working days (调休上班)
    row: CalendarYear | None = None

    @property
    def status_label(self) -> str:
        return str(YEAR_STATUS_LABELS[self.status])


YEAR_STATUS_LABELS = {
    "official": _("已录入正式安排"),
    "package": _("正式安排（chinese-calendar 数据）"),
    "provisional": _("暂定（推算法定假日，未含调休）"),
}


def calendar_years(years: list[int]) -> list[YearInfo]:
    """The calendar of each year: the entered schedule, else the package's, else the computed one."""
    rows = {r.year: r for r in CalendarYear.objects.filter(year__in=years).select_related("entered_by")}
    out = []
    for year in years:
        row = rows.get(year)
        if row is not None:
            days = sorted(row.holiday_dates)
            out.append(YearInfo(year, "official", [(d, "") for d in days], sorted(row.workday_dates), row))
        elif package_knows(year):
            holidays, workdays = package_year(year)
            out.append(YearInfo(year, "package", [(d, package_holiday_name(d)) for d in holidays], workdays))
        else:
            computed = provisional_holidays(year)
            days = [(d, str(HOLIDAY_LABELS[c])) for d, c in sorted(computed.items())]
            out.append(YearInfo(year, "provisional", days, []))
    return out


def calendar_missing_year(today: dt.date) -> int | None:
    """Next year, when from RENDA["CALENDAR_WARN_FROM"] (1 November) on its official schedule is neither
    entered nor in the package; else None."""
    month, day = settings.RENDA["CALENDAR_WARN_FROM"]
    if (today.month, today.day) < (month, day):
        return None
    year = today.year + 1
    if package_knows(year) or CalendarYear.objects.filter(year=year).exists():
        return None
    return year
