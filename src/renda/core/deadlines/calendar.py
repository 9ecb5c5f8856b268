"""China's working-day calendar: public holidays and 调休 make-up workdays from the chinese-calendar
package, corrected by the local overrides table (CalendarOverride), which also fills years the package
does not know yet. A year with neither is computed as Monday–Friday and flagged as uncertain."""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar

from .models import CalendarOverride, DueUnit


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@dataclass
class WorkCalendar:
    """The calendar for a range of dates, with the overrides of that range loaded in one query."""

    overrides: dict[dt.date, bool] = field(default_factory=dict)
    override_years: set[int] = field(default_factory=set)
    uncertain_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, start: dt.date, end: dt.date) -> WorkCalendar:
        rows = CalendarOverride.objects.filter(date__gte=start, date__lte=end).values_list(
            "date", "is_workday"
        )
        overrides = dict(rows)
        return cls(overrides=overrides, override_years={d.year for d in overrides})

    def knows(self, year: int) -> bool:
        return package_knows(year) or year in self.override_years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year not in self.override_years:
                self.uncertain_years.add(day.year)
            return day.weekday() < 5

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
