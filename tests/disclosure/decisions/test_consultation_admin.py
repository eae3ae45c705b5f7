"""The admin of 意见征集: comments only of the staff member's agency (the supervisor sees
all), tagging through the workflow with its reason rule, the private attachment download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from disclosure.decisions.models import Adoption, Comment
from tests.conftest import make_org, make_staff
from tests.disclosure.decisions.builders import (
    PHONE,
    add_comment,
    publish_consultation,
    staff_supervisor,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:decisions_comment_changelist"


@pytest.fixture
def two_agencies(org, other_org):
    own = add_comment(publish_consultation(organization=org), text="本机关收到的意见")
    foreign = add_comment(publish_consultation(organization=other_org), text="别的机关收到的意见")
    return own, foreign


def test_staff_see_only_their_own_agencys_comments(client, org, two_agencies):
    own, foreign = two_agencies
    client.force_login(make_staff(org))
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "本机关收到的意见" in html and "别的机关收到的意见" not in html
    url = reverse("admin:decisions_comment_change", args=[foreign.pk])
    assert client.get(url).status_code == 302  # "does not exist", back to the admin index
    assert client.get(reverse("admin:decisions_comment_change", args=[own.pk])).status_code == 200


def test_the_supervisor_sees_every_agencys_comments(client, two_agencies):
    client.force_login(staff_supervisor())
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "本机关收到的意见" in html and "别的机关收到的意见" in html


def test_tagging_in_the_admin_goes_through_the_workflow(client, org):
    comment = add_comment(publish_consultation(organization=org))
    client.force_login(make_staff(org))
    url = reverse("admin:decisions_comment_change", args=[comment.pk])
    response = client.post(url, {"tag": Adoption.NOT_ADOPTED, "tag_reason": "", "excerpt": ""})
    assert "标注为「未采纳」的意见须说明理由" in response.content.decode()
    response = client.post(
        url, {"tag": Adoption.NOT_ADOPTED, "tag_reason": "与上位法不一致。", "excerpt": ""}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.adoption, comment.reason) == (Adoption.NOT_ADOPTED, "与上位法不一致。")
    assert comment.tagged_by is not None
    assert comment.phone != "" and comment.text  # what the commenter sent stays as it was


def test_the_attachment_is_downloaded_only_by_staff_of_the_agency(client, org, other_org):
    consultation = publish_consultation(organization=org)
    comment = add_comment(
        consultation,
        phone=PHONE,
        attachment=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"),
        attachment_kind="PDF",
    )
    url = reverse("admin:decisions_comment_attachment", args=[comment.pk])
    client.force_login(make_staff(other_org))
    assert client.get(url).status_code in (302, 404)
    client.force_login(make_staff(org))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Comment.objects.get().attachment_kind == "PDF"


def test_staff_register_a_letter_for_their_own_consultation(client, org):
    consultation = publish_consultation(organization=org)
    client.force_login(make_staff(org))
    response = client.post(
        reverse("admin:decisions_comment_add"),
        {"consultation": consultation.pk, "channel": "letter", "text": "来信意见", "name": ""},
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.channel, comment.text) == ("letter", "来信意见")
    other = publish_consultation(organization=make_org())
    response = client.post(
        reverse("admin:decisions_comment_add"),
        {"consultation": other.pk, "channel": "letter", "text": "越权登记"},
    )
    assert response.status_code == 200 and Comment.objects.count() == 1


def test_a_published_period_may_be_extended_but_not_cut_short(client, org):
    from disclosure.decisions.admin.consultation import ConsultationAdminForm
    from tests.disclosure.decisions.builders import D

    consultation = publish_consultation(organization=org)
    fields = ConsultationAdminForm(instance=consultation).initial

    def form(**changes):
        data = {**fields, "organization": org.pk, **changes}
        data.pop("final_document", None)
        return ConsultationAdminForm(data, instance=consultation)

    assert form(ends_on=D(2025, 4, 15)).is_valid()
    shorter = form(ends_on=D(2025, 3, 30))
    assert not shorter.is_valid()
    assert "不能提前截止" in shorter.errors["ends_on"][0]
