"""The load test's verdict: the highest throughput whose p95 is under the target, no failures."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from disclosure.ops.drill import classify_application
from disclosure.ops.loadtest import Step, best_step, read_aggregate

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def step(users, rps, p95, failures=0) -> Step:
    return Step(users, 1000, failures, rps, p95 / 2, p95, p95 * 1.5, p95 * 2)


def test_the_aggregated_row_of_locusts_csv_is_read(tmp_path):
    stats = tmp_path / "u8_stats.csv"
    stats.write_text(
        HEADER
        + "GET,/zcwjk/<pk>/,500,0,30,35,10,300,20000,50.0,0,"
        + "30,40,50,60,80,120,150,180,290,300,300\n"
        + ",Aggregated,900,2,32,40,8,400,18000,90.5,0.2,32,45,55,62,90,140,170,190,390,400,400\n"
    )
    row = read_aggregate(stats, 8)
    assert (row.users, row.requests, row.failures, row.rps, row.p95_ms) == (8, 900, 2, 90.5, 140)


def test_the_best_step_is_the_fastest_within_the_target():
    steps = [step(2, 50, 60), step(4, 90, 120), step(8, 110, 190), step(16, 115, 380)]
    assert best_step(steps, 200).users == 8


def test_a_step_with_any_failure_does_not_count():
    steps = [step(2, 50, 60), step(4, 95, 120, failures=1)]
    assert best_step(steps, 200).users == 2


def test_no_step_within_the_target_gives_no_answer():
    assert best_step([step(2, 50, 250)], 200) is None


@pytest.mark.django_db
def test_the_load_test_refuses_a_database_that_is_not_the_bench_one():
    with pytest.raises(CommandError, match="不是性能测试库"):
        call_command("loadtest", "--users", "1", "--duration", "1")


# -- the outage drill's reading of an application's answer ----------------------------------


def test_a_redirect_to_the_receipt_means_the_application_was_stored():
    assert classify_application(302, "/ysqgk/apply/YSQ-2026-ABCD1234/", "") == (
        "stored",
        "YSQ-2026-ABCD1234",
    )


def test_the_form_back_with_not_received_means_the_application_was_refused_clearly():
    body = "<p><strong>您的申请没有提交成功，系统未收到本次申请。</strong></p>"
    assert classify_application(503, "", body)[0] == "refused"


def test_a_500_or_no_answer_is_not_a_clear_answer():
    assert classify_application(500, "", "服务器错误")[0] == "unclear"
    assert classify_application(0, "", "connection reset")[0] == "unclear"
    assert classify_application(302, "/ysqgk/apply/", "")[0] == "unclear"


@pytest.mark.django_db
def test_the_outage_drill_refuses_a_database_that_is_not_the_bench_one():
    with pytest.raises(CommandError, match="不是性能测试库"):
        call_command("outage_drill", "--outage", "1")
