"""政策解读: the 3-working-day rule, which documents need one, and the publishing workflow."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Category, Genre
from catalog.workdays import WorkCalendar
from disclosure.library import timeliness
from disclosure.library.models import (
    Document,
    Interpretation,
    InterpretationEvent,
    InterpretationMedia,
)
from disclosure.publishing import steps as publishing
from tests.conftest import make_org, make_staff
from tests.disclosure.builders import make_document, publish_document, supervisor
from tests.disclosure.interpretation_builders import (
    add_media,
    make_interpretation,
    png_file,
    publish_interpretation,
)

pytestmark = pytest.mark.django_db

D = datetime.date
NATIONAL_DAY_DOC = D(2025, 9, 30)  # a Tuesday, the eve of the 2025 国庆/中秋 holiday


def regulatory_document(published_on=NATIONAL_DAY_DOC, **fields):
    return publish_document(on=published_on, genre="规范性文件", **fields)


def status_of(document, today):
    rows = timeliness.interpretation_status([document.organization], today)
    return next(r for r in rows if r.document.pk == document.pk)


# -- the 3-working-day rule, with the real 2025 calendar -----------------------------------


def test_a_document_published_on_30_september_2025_has_its_interpretation_due_on_11_october():
    calendar = WorkCalendar()
    # 1-8 October are the 国庆节/中秋节 holiday; Saturday 11 October is a make-up working day.
    assert [calendar.is_working_day(D(2025, 10, d)) for d in (1, 8, 9, 10, 11)] == [
        False,
        False,
        True,
        True,
        True,
    ]
    assert timeliness.INTERPRETATION_WORKING_DAYS == 3
    assert timeliness.interpretation_due_on(NATIONAL_DAY_DOC) == D(2025, 10, 11)


def test_an_interpretation_published_on_the_make_up_saturday_is_on_time():
    document = regulatory_document()
    publish_interpretation(make_interpretation(document), on=D(2025, 10, 11))
    row = status_of(document, today=D(2025, 10, 20))
    assert row.due_on == D(2025, 10, 11)
    assert not row.is_late and not row.is_missing


def test_an_interpretation_published_on_monday_13_october_is_one_working_day_late():
    document = regulatory_document()
    publish_interpretation(make_interpretation(document), on=D(2025, 10, 13))
    row = status_of(document, today=D(2025, 10, 20))
    assert row.is_late
    assert row.working_days_late == 1  # Sunday 12 October does not count


def test_an_interpretation_published_with_its_document_is_on_time():
    document = regulatory_document()
    publish_interpretation(make_interpretation(document), on=NATIONAL_DAY_DOC)
    assert not status_of(document, today=D(2025, 12, 1)).is_late


def test_a_missing_interpretation_is_pending_until_the_limit_and_missing_after_it():
    document = regulatory_document()
    assert status_of(document, today=D(2025, 10, 11)).is_pending
    after = status_of(document, today=D(2025, 10, 13))
    assert after.is_missing
    assert after.working_days_late == 1


def test_the_earliest_published_interpretation_decides_timeliness():
    document = regulatory_document()
    publish_interpretation(make_interpretation(document), on=D(2025, 10, 10))
    publish_interpretation(make_interpretation(document), on=D(2025, 11, 3))
    assert not status_of(document, today=D(2025, 12, 1)).is_late


def test_a_draft_interpretation_does_not_count_as_published():
    document = regulatory_document()
    make_interpretation(document)
    assert status_of(document, today=D(2025, 10, 13)).is_missing


# -- which documents need an interpretation --------------------------------------------------


def test_regulatory_documents_need_an_interpretation_by_default_and_notices_do_not():
    assert Genre.objects.get(name="规范性文件").needs_interpretation
    regulatory = regulatory_document()
    notice = publish_document(genre="通知")
    needing = set(Document.objects.needing_interpretation().values_list("pk", flat=True))
    assert regulatory.pk in needing
    assert notice.pk not in needing


def test_staff_can_mark_one_document_as_needing_or_not_needing_an_interpretation():
    notice = publish_document(genre="通知", needs_interpretation=True)
    exempt = regulatory_document(needs_interpretation=False)
    needing = set(Document.objects.needing_interpretation().values_list("pk", flat=True))
    assert notice.pk in needing
    assert exempt.pk not in needing


def test_staff_can_make_another_genre_need_interpretations():
    Genre.objects.filter(name="意见").update(needs_interpretation=True)
    opinion = publish_document(genre="意见")
    assert Document.objects.needing_interpretation().filter(pk=opinion.pk).exists()


# -- the publishing workflow ---------------------------------------------------------------


def test_publishing_gives_an_index_number_from_the_agencys_sequence_and_logs_each_step():
    document = publish_document(on=D(2025, 3, 3))
    interpretation = publish_interpretation(make_interpretation(document), on=D(2025, 3, 4))
    org = document.organization
    assert document.index_number == f"{org.credit_code}/2025-00001"
    assert interpretation.index_number == f"{org.credit_code}/2025-00002"
    assert interpretation.published_on == D(2025, 3, 4)
    actions = list(interpretation.events.order_by("at", "pk").values_list("action", flat=True))
    assert actions == [InterpretationEvent.Action.SUBMITTED, InterpretationEvent.Action.PUBLISHED]


def test_an_interpretation_cannot_be_published_before_its_document():
    draft = make_document()
    interpretation = make_interpretation(draft)
    user = supervisor()
    publishing.submit_for_review(interpretation, by=user)
    with pytest.raises(ValidationError, match="须先发布文件"):
        publishing.publish(interpretation, by=supervisor())


def test_an_interpretation_without_documents_cannot_be_published():
    interpretation = make_interpretation()
    interpretation.documents.clear()
    user = supervisor()
    publishing.submit_for_review(interpretation, by=user)
    with pytest.raises(ValidationError, match="请先关联所解读的政策文件"):
        publishing.publish(interpretation, by=supervisor())


def test_a_graphic_interpretation_cannot_be_published_without_an_image():
    interpretation = make_interpretation(form=Interpretation.Form.GRAPHIC)
    user = supervisor()
    publishing.submit_for_review(interpretation, by=user)
    with pytest.raises(ValidationError, match="图片图解须至少上传或嵌入一个图片"):
        publishing.publish(interpretation, by=supervisor())


def test_an_image_needs_alt_text(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interpretation = make_interpretation(form=Interpretation.Form.GRAPHIC)
    with pytest.raises(ValidationError) as error:
        add_media(interpretation, kind="image", file=png_file(), text_alternative="  ")
    assert "图片必须填写替代文字（alt）" in str(error.value)


def test_the_database_refuses_media_without_a_text_alternative():
    interpretation = make_interpretation()
    with pytest.raises(IntegrityError), transaction.atomic():
        InterpretationMedia.objects.create(
            interpretation=interpretation,
            kind="video",
            embed_url="https://v.example.gov.cn/1",
            text_alternative="",
        )


def test_audio_and_video_need_a_transcript():
    interpretation = make_interpretation(form=Interpretation.Form.VIDEO)
    with pytest.raises(ValidationError) as error:
        add_media(
            interpretation,
            kind="video",
            embed_url="https://v.example.gov.cn/1",
            text_alternative="",
        )
    assert "音频、视频必须提供完整文字稿" in str(error.value)


def test_an_embedded_video_must_use_https():
    interpretation = make_interpretation(form=Interpretation.Form.VIDEO)
    with pytest.raises(ValidationError) as error:
        add_media(
            interpretation,
            kind="video",
            embed_url="http://v.example.gov.cn/1",
            text_alternative="文字稿",
        )
    assert "embed_url" in error.value.message_dict


def test_an_image_that_is_not_an_image_is_refused(settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    interpretation = make_interpretation(form=Interpretation.Form.GRAPHIC)
    fake = SimpleUploadedFile("tujie.png", b"<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        add_media(interpretation, kind="image", file=fake, text_alternative="图解")


def test_a_head_interpretation_is_given_by_the_first_interpreter():
    with pytest.raises(ValidationError) as error:
        make_interpretation(form=Interpretation.Form.HEAD, interpreter_name="王某")
    assert "第一解读人" in str(error.value)
    ok = make_interpretation(
        form=Interpretation.Form.HEAD,
        interpreter_name="王某",
        interpreter_role="局长",
        is_first_interpreter=True,
    )
    assert ok.interpreter == "王某（局长）"


def test_the_body_is_sanitized_like_a_documents():
    interpretation = make_interpretation(body='<p onclick="x()">正文</p><script>alert(1)</script>')
    interpretation.refresh_from_db()
    assert interpretation.body == "<p>正文</p>"


def test_staff_of_another_agency_cannot_publish_an_interpretation():
    interpretation = make_interpretation()
    outsider = make_staff(make_org())
    with pytest.raises(PermissionDenied):
        publishing.submit_for_review(interpretation, by=outsider)


def test_staff_of_the_agency_can_take_it_through_the_workflow():
    document = publish_document()
    staff = make_staff(document.organization)
    interpretation = make_interpretation(document)
    publishing.submit_for_review(interpretation, by=staff)
    reviewer = make_staff(document.organization, reviewer=True)
    published = publishing.publish(interpretation, by=reviewer, on=D(2024, 3, 6))
    assert published.status == Interpretation.Status.PUBLISHED


def test_returning_and_withdrawing_need_a_reason_and_keep_the_index_number():
    user = supervisor()
    interpretation = make_interpretation()
    publishing.submit_for_review(interpretation, by=user)
    with pytest.raises(ValidationError):
        publishing.return_to_draft(interpretation, by=user, note=" ")
    publishing.return_to_draft(interpretation, by=user, note="补充新旧政策对比。")
    interpretation = publish_interpretation(interpretation, by=user)
    number = interpretation.index_number
    with pytest.raises(ValidationError):
        publishing.withdraw(interpretation, by=user, reason="")
    withdrawn = publishing.withdraw(interpretation, by=user, reason="内容有误。")
    withdrawn.refresh_from_db()
    assert withdrawn.status == Interpretation.Status.WITHDRAWN
    assert withdrawn.index_number == number


def test_saving_an_old_form_cannot_unpublish_an_interpretation():
    interpretation = make_interpretation()
    stale = Interpretation.objects.get(pk=interpretation.pk)
    publish_interpretation(interpretation)
    stale.title = "改过的标题"
    stale.save()
    stale.refresh_from_db()
    assert stale.status == Interpretation.Status.PUBLISHED
    assert stale.title == "改过的标题"


def test_an_interpretation_is_filed_under_its_documents_catalog_node_when_published():
    node = Category.objects.statutory().get(name="行政法规、规章和规范性文件")
    document = regulatory_document(category=node)
    interpretation = publish_interpretation(make_interpretation(document))
    interpretation.refresh_from_db()
    assert interpretation.category == node
