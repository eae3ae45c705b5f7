"""Pictures follow their item: a draft interview's or plan's pictures are never public;
publication copies them to public storage, withdrawal takes them down."""

import pytest

from disclosure.engagement.models import ActivityPicture, InterviewPicture
from disclosure.publishing import steps as publishing
from tests.disclosure.decisions.builders import staff_supervisor
from tests.disclosure.engagement.builders import make_activity, make_interview, make_plan, publish
from tests.disclosure.files import jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "public"


def _picture(model, **item):
    picture = model(file=upload("现场.jpg", jpeg_bytes(gps=True)), caption="访谈现场", **item)
    picture.full_clean()
    picture.save()
    return picture


def test_a_draft_interviews_picture_is_private_until_publication_and_leaves_on_withdrawal():
    interview = make_interview()
    picture = _picture(InterviewPicture, interview=interview)
    assert picture.public_url == ""
    publish(interview)
    picture.refresh_from_db()
    assert picture.public_name and picture.public_url
    publishing.withdraw(interview, by=staff_supervisor(), reason="错误")
    picture.refresh_from_db()
    assert picture.public_name == ""


def test_an_activity_picture_is_public_only_with_its_plan():
    plan = make_plan(published=False)
    picture = _picture(ActivityPicture, activity=make_activity(plan))
    assert picture.public_name == ""
    publish(plan)
    picture.refresh_from_db()
    assert picture.public_name


def test_a_picture_added_to_a_published_plan_is_public_at_once_without_its_gps_data():
    picture = _picture(ActivityPicture, activity=make_activity(make_plan()))
    assert picture.public_name
    with picture.file.open("rb") as handle:
        assert b"GPS" not in handle.read()
