"""The bench keeps each size's last figures and prints them side by side."""

from io import StringIO

from disclosure.ops import bench
from disclosure.ops.management.commands.bench import Command


def _case(name, ms, kind="page", label=""):
    return bench.Case(name, "/", {}, kind, times=[ms] * 20, label=label)


def test_the_table_of_sizes_shows_each_size_last_p95(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "_results_dir", lambda: tmp_path)
    bench.save_results(
        [_case("详情页", 15.0), _case("检索「A〔2000〕1号」", 30.0, "search", "检索一个文号")],
        100_000,
        {"precision_at_10": 0.657},
    )
    bench.save_results(
        [_case("详情页", 22.0), _case("检索「B〔2001〕2号」", 41.0, "search", "检索一个文号")],
        1_000_000,
        None,
    )
    out = StringIO()
    command = Command(stdout=out)
    command.report_sizes()
    text = out.getvalue()
    assert "| 页面 | 100000 件 | 1000000 件 |" in text
    assert "| 详情页 | 15.0 | 22.0 |" in text
    assert "| 检索一个文号 | 30.0 | 41.0 |" in text
    assert "| 前10条准确率 | 0.657 | - |" in text


def test_a_later_run_at_the_same_size_replaces_the_earlier(tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "_results_dir", lambda: tmp_path)
    bench.save_results([_case("详情页", 15.0)], 100_000, None)
    bench.save_results([_case("详情页", 12.0)], 100_000, None)
    assert bench.saved_results()[100_000]["p95"] == {"详情页": 12.0}
