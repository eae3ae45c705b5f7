from disclosure.publishing import yearly_figures


def test_a_figure_no_app_registered_reads_as_none():
    assert yearly_figures.figure("nobody.holds.this", 2025, []) is None


def test_a_registered_figure_is_computed_for_the_year_and_agencies(monkeypatch):
    monkeypatch.setattr(yearly_figures, "_figures", {})
    yearly_figures.register("x.count", lambda year, orgs: year + len(orgs))
    assert yearly_figures.is_registered("x.count")
    assert yearly_figures.figure("x.count", 2025, ["a", "b"]) == 2027
