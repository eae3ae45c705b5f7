"""「全周期」政策解读: stages, the 3-working-day rule for the publication stage only, the
policy's timeline on the document page, and the follow-up reminders."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import override_settings

from disclosure.decisions import consultations
from disclosure.library import steps as library_steps
from disclosure.library import timeliness
from disclosure.library.models import Interpretation, InterpretationStage
from disclosure.publishing import steps as publishing
from tests.conftest import make_staff
from tests.disclosure.builders import publish_document, supervisor
from tests.disclosure.decisions.builders import make_consultation, publish_consultation
from tests.disclosure.interpretation_builders import make_interpretation, publish_interpretation

pytestmark = pytest.mark.django_db

D = datetime.date
Stage = InterpretationStage
EVE_OF_NATIONAL_DAY = D(2025, 9, 30)


def regulatory(org, title="管理办法", on=EVE_OF_NATIONAL_DAY, **fields):
    return publish_document(organization=org, title=title, genre="规范性文件", on=on, **fields)


def status_of(document, today):
    rows = timeliness.interpretation_status([document.organization], today)
    return next(r for r in rows if r.document.pk == document.pk)


# -- stages and the 3-working-day rule ---------------------------------------------------


def test_a_new_interpretation_is_a_publication_interpretation_by_default(org):
    assert make_interpretation(regulatory(org)).stage == Stage.PUBLICATION


def test_a_second_interpretation_does_not_satisfy_the_three_day_rule(org):
    document = regulatory(org)
    publish_interpretation(make_interpretation(document, stage=Stage.SECOND), on=D(2025, 10, 9))
    row = status_of(document, D(2025, 10, 20))
    assert row.first is None and row.is_missing


def test_a_publication_interpretation_published_late_is_late_whatever_came_before(org):
    document = regulatory(org)
    publish_interpretation(make_interpretation(document, stage=Stage.INTERIM), on=D(2025, 10, 9))
    late = publish_interpretation(make_interpretation(document), on=D(2025, 10, 13))
    row = status_of(document, D(2025, 10, 20))
    assert row.first == late and row.is_late and row.working_days_late == 1


def test_the_rule_applies_to_the_publication_stage_only():
    for stage in Stage:
        assert timeliness.is_timed(Interpretation(stage=stage)) is (stage == Stage.PUBLICATION)


def test_a_draft_stage_interpretation_linked_to_a_consultation_needs_no_published_document(org):
    consultation = publish_consultation(make_consultation(org))
    draft = make_interpretation(regulatory(org), stage=Stage.DRAFT)
    draft.documents.clear()
    assert "起草阶段的解读须在意见征集中关联" in " ".join(draft.publication_problems())
    consultation.draft_interpretations.add(draft)
    assert draft.publication_problems() == []


def test_a_second_interpretation_still_needs_its_published_document(org):
    interpretation = make_interpretation(regulatory(org), stage=Stage.SECOND)
    interpretation.documents.clear()
    with pytest.raises(ValidationError, match="请先关联所解读的政策文件"):
        publishing.submit_for_review(interpretation, by=supervisor())
        publishing.publish(interpretation, by=make_staff(None, supervisor=True))


# -- the timeline on the document page ---------------------------------------------------


def whole_policy(org):
    """A consultation, its document, an interpretation of each stage, and an amendment."""
    consultation = publish_consultation(
        make_consultation(org, title="《养老服务办法（征求意见稿）》")
    )
    document = regulatory(org, "养老服务办法", on=D(2025, 5, 6))
    draft = publish_interpretation(
        make_interpretation(document, title="起草说明解读", stage=Stage.DRAFT), on=D(2025, 3, 2)
    )
    draft.documents.clear()
    consultation.draft_interpretations.add(draft)
    consultations.link_final_document(consultation, by=supervisor(), document=document)
    made = {"consultation": consultation, "document": document, "draft": draft}
    for stage, title, on in [
        (Stage.PUBLICATION, "一图读懂养老服务办法", D(2025, 5, 7)),
        (Stage.SECOND, "养老服务办法二次解读", D(2026, 5, 8)),
        (Stage.INTERIM, "养老服务办法阶段性解读", D(2026, 1, 5)),
        (Stage.EVALUATION, "养老服务办法实施效能评估报告", D(2026, 6, 1)),
    ]:
        made[stage] = publish_interpretation(
            make_interpretation(document, title=title, stage=stage), on=on
        )
    amending = regulatory(org, "关于修改养老服务办法的决定", on=D(2026, 7, 1))
    library_steps.amend(
        document, by_document=amending, by=supervisor(), reason="修改第三条", on=D(2026, 8, 1)
    )
    return made


def test_the_document_page_shows_the_whole_policy_in_order_with_dates_and_links(client, org):
    made = whole_policy(org)
    html = client.get(made["document"].get_absolute_url()).content.decode()
    timeline = html.split('id="timeline-heading"')[1].split("</ol>")[0]
    order = [
        "征求意见",
        "起草阶段",
        "文件发布",
        "发布解读",
        "二次解读",
        "阶段性解读",
        "实施效能评估",
        "修改",
    ]
    positions = [timeline.index(f'<span class="timeline-label">{label}</span>') for label in order]
    assert positions == sorted(positions)
    assert f'href="/yjzj/{made["consultation"].pk}/"' in timeline
    assert f'href="{made["draft"].get_absolute_url()}"' in timeline
    assert f'href="{made[Stage.SECOND].get_absolute_url()}"' in timeline
    assert "2026-05-08" in timeline and "2026-08-01" in timeline
    assert "关于修改养老服务办法的决定" in timeline


def test_the_document_page_runs_a_constant_number_of_queries(
    client, org, django_assert_max_num_queries
):
    plain = regulatory(org, "没有解读的办法")
    cache.clear()
    with django_assert_max_num_queries(12) as few:
        client.get(plain.get_absolute_url())
    made = whole_policy(org)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(made["document"].get_absolute_url())
    assert "实施效能评估" in response.content.decode()


def test_a_withdrawn_interpretation_leaves_the_timeline(client, org):
    made = whole_policy(org)
    publishing.withdraw(made[Stage.SECOND], by=supervisor(), reason="内容有误")
    html = client.get(made["document"].get_absolute_url()).content.decode()
    assert "养老服务办法二次解读" not in html


# -- the admin ---------------------------------------------------------------------------


def test_the_admin_filters_interpretations_by_stage_with_chinese_labels(client, org):
    document = regulatory(org)
    make_interpretation(document, title="甲二次解读", stage=Stage.SECOND)
    make_interpretation(document, title="乙发布解读")
    client.force_login(supervisor())
    html = client.get("/admin/library/interpretation/", {"stage": "second"}).content.decode()
    assert "甲二次解读" in html and "乙发布解读" not in html
    assert "实施效能评估" in html  # the filter's choices, by their Chinese labels


# -- follow-up reminders -----------------------------------------------------------------


def follow_ups(org, today, **kwargs):
    return timeliness.follow_ups_due([org], today, **kwargs)


def test_a_regulatory_document_is_due_a_follow_up_twelve_months_after_it_took_effect(org):
    document = regulatory(org, on=D(2025, 3, 1), effective_on=D(2025, 4, 1))
    assert follow_ups(org, D(2026, 3, 31)) == []
    [row] = follow_ups(org, D(2026, 4, 1))
    assert row.document == document and row.due_on == D(2026, 4, 1)
    assert row.in_force_since == D(2025, 4, 1)


def test_the_follow_up_time_is_a_setting(org):
    regulatory(org, on=D(2025, 3, 1))
    with override_settings(INTERPRETATION_FOLLOW_UP_MONTHS=6):
        [row] = follow_ups(org, D(2025, 9, 1))
    assert row.due_on == D(2025, 9, 1)


def test_a_follow_up_due_on_a_day_the_month_lacks_falls_on_its_last_day():
    assert timeliness.follow_up_due_on(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert timeliness.follow_up_due_on(D(2025, 8, 31), 6) == D(2026, 2, 28)


def test_a_major_policy_of_another_genre_is_followed_up_and_an_ordinary_notice_is_not(org):
    major = publish_document(organization=org, title="重大政策", major_policy=True)
    publish_document(organization=org, title="普通通知")
    assert [r.document for r in follow_ups(org, D(2026, 1, 1))] == [major]


def test_a_published_second_interpretation_or_evaluation_ends_the_reminder(org):
    document = regulatory(org, on=D(2025, 3, 1))
    publish_interpretation(make_interpretation(document), on=D(2025, 3, 2))  # 发布解读
    assert len(follow_ups(org, D(2026, 4, 1))) == 1
    publish_interpretation(make_interpretation(document, stage=Stage.EVALUATION), on=D(2026, 3, 5))
    assert follow_ups(org, D(2026, 4, 1)) == []


def test_a_repealed_document_needs_no_follow_up(org):
    document = regulatory(org, on=D(2025, 3, 1))
    repealing = regulatory(org, "废止决定", on=D(2025, 12, 1))
    library_steps.repeal(
        document, by_document=repealing, by=supervisor(), reason="废止", on=D(2025, 12, 1)
    )
    assert document not in [r.document for r in follow_ups(org, D(2026, 4, 1))]


def test_the_timeliness_page_lists_follow_ups_and_the_supervisor_sees_every_agency(
    client, org, other_org
):
    regulatory(org, "甲机关的办法", on=D(2020, 3, 1))
    regulatory(other_org, "乙机关的办法", on=D(2020, 3, 1))
    client.force_login(make_staff(org))
    own = client.get("/zcjd/staff/").content.decode().split('id="follow-up-title"')[1]
    assert "甲机关的办法" in own and "乙机关的办法" not in own and "2021-03-01" in own
    client.force_login(supervisor())
    every = client.get("/zcjd/staff/").content.decode().split('id="follow-up-title"')[1]
    assert "甲机关的办法" in every and "乙机关的办法" in every


# -- 政策例行吹风会 --------------------------------------------------------------------------


def test_a_routine_policy_briefing_shows_on_every_document_it_covers(client, org):
    first, second = regulatory(org, "甲办法"), regulatory(org, "乙办法")
    briefing = make_interpretation(
        first,
        second,
        title="第12场政策例行吹风会",
        form=Interpretation.Form.BRIEFING,
        interpreter_name="张三",
        interpreter_role="市发展改革委副主任",
    )
    publish_interpretation(briefing, on=D(2025, 10, 9))
    for document in (first, second):
        html = client.get(document.get_absolute_url()).content.decode()
        assert "第12场政策例行吹风会" in html and "政策例行吹风会）" in html


def test_the_consultation_page_links_its_published_draft_stage_interpretations(client, org):
    consultation = publish_consultation(make_consultation(org))
    shown = make_interpretation(regulatory(org), title="征求意见稿解读", stage=Stage.DRAFT)
    hidden = make_interpretation(regulatory(org), title="尚未发布的解读", stage=Stage.DRAFT)
    consultation.draft_interpretations.add(shown, hidden)
    publish_interpretation(shown, on=D(2025, 3, 2))
    html = client.get(consultation.get_absolute_url()).content.decode()
    assert f'href="{shown.get_absolute_url()}"' in html and "尚未发布的解读" not in html


def test_the_interpretation_admin_shows_the_consultation_that_links_it(client, org):
    consultation = publish_consultation(make_consultation(org, title="《某办法（征求意见稿）》"))
    draft = make_interpretation(regulatory(org), stage=Stage.DRAFT)
    consultation.draft_interpretations.add(draft)
    client.force_login(supervisor())
    html = client.get(f"/admin/library/interpretation/{draft.pk}/change/").content.decode()
    assert f"/admin/decisions/consultation/{consultation.pk}/change/" in html
    assert "《某办法（征求意见稿）》" in html
