"""Seeding the working-day calendar from the chinese-calendar package.

chinese-calendar covers 2004-2026 in version 1.11 and raises for later years; those
years are entered by staff in the admin from the State Council's notice.
"""

from __future__ import annotations

import chinese_calendar

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def chinese_calendar_rows() -> dict[int, list[tuple]]:
    """{year: [(date, kind, name), ...]} for the dates that differ from Monday-Friday."""
    rows: dict[int, list[tuple]] = {}
    for date, name in chinese_calendar.holidays.items():
        if date.weekday() < 5:
            rows.setdefault(date.year, []).append(
                (date, "holiday", HOLIDAY_NAMES.get(name, str(name)))
            )
    for date, name in chinese_calendar.workdays.items():
        if date.weekday() >= 5:
            rows.setdefault(date.year, []).append(
                (date, "workday", HOLIDAY_NAMES.get(name, str(name)))
            )
    for year in range(min(rows), max(rows) + 1):
        rows.setdefault(year, [])
    return rows


def seed(schedule_model, day_model, *, overwrite: bool = False) -> list[int]:
    """Create the seeded years that are not in the database yet. Returns the years created.

    Works with real or historical (migration) models. Years staff entered are left alone
    unless ``overwrite`` is set.
    """
    created = []
    for year, days in sorted(chinese_calendar_rows().items()):
        schedule = schedule_model.objects.filter(year=year).first()
        if schedule is not None and not overwrite:
            continue
        if schedule is None:
            schedule = schedule_model.objects.create(year=year, source="seeded")
        day_model.objects.filter(date__year=year).delete()
        day_model.objects.bulk_create(
            [day_model(schedule=schedule, date=d, kind=k, name=n) for d, k, n in days]
        )
        created.append(year)
    return created
