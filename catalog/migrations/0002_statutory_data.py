"""Preload the statutory catalog nodes (Art. 20, Art. 21), themes, genres and holidays."""

from django.db import migrations

from catalog import holidays, statutory

CHINESE_NUMERALS = "一二三四五六七八九十"


def item_label(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    return "十" + CHINESE_NUMERALS[n - 11]


def forwards(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    Theme = apps.get_model("catalog", "Theme")
    Genre = apps.get_model("catalog", "Genre")
    for i, name in enumerate(statutory.ARTICLE_20, start=1):
        Category.objects.get_or_create(
            organization=None,
            parent=None,
            name=name,
            defaults={
                "scope": "all",
                "article_item": f"第二十条第（{item_label(i)}）项",
                "position": i,
            },
        )
    for scope, names, offset in (
        ("city_county", statutory.ARTICLE_21_CITY_COUNTY, 100),
        ("township", statutory.ARTICLE_21_TOWNSHIP, 200),
    ):
        for i, name in enumerate(names, start=1):
            Category.objects.get_or_create(
                organization=None,
                parent=None,
                name=name,
                scope=scope,
                defaults={"article_item": "第二十一条", "position": offset + i},
            )
    for i, name in enumerate(statutory.THEMES, start=1):
        Theme.objects.get_or_create(name=name, defaults={"position": i})
    for i, name in enumerate(statutory.GENRES, start=1):
        Genre.objects.get_or_create(name=name, defaults={"position": i})
    holidays.seed(
        apps.get_model("catalog", "HolidaySchedule"), apps.get_model("catalog", "CalendarDay")
    )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
