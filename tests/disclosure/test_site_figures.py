import datetime

from disclosure.publishing import site_figures


def test_a_figure_no_app_registered_reads_as_none():
    assert site_figures.figure("nobody.holds.this", 2025, []) is None


def test_a_registered_figure_is_computed_for_the_year_and_agencies(monkeypatch):
    monkeypatch.setattr(site_figures, "_figures", {})
    site_figures.register("x.count", lambda year, orgs: year + len(orgs))
    assert site_figures.is_registered("x.count")
    assert site_figures.figure("x.count", 2025, ["a", "b"]) == 2027


def test_unanswered_items_of_every_source_come_oldest_first(monkeypatch):
    monkeypatch.setattr(site_figures, "_unanswered", {})
    old = site_figures.Unanswered("A1", 1, datetime.date(2026, 1, 5), "/a/")
    new = site_figures.Unanswered("B1", 2, datetime.date(2026, 3, 1), "/b/")
    site_figures.register_unanswered("b", lambda orgs, today: [new])
    site_figures.register_unanswered("a", lambda orgs, today: [old])
    found = site_figures.unanswered([], datetime.date(2026, 4, 1))
    assert found == [old, new]
    assert found[0].days(datetime.date(2026, 4, 1)) == 86
