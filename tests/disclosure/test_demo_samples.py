"""The demo publishes the real sample documents under the agencies that issued them."""

import datetime

import pytest

from catalog import demo as catalog_demo
from disclosure import demo_samples
from disclosure.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    if not demo_samples.samples_dir().is_dir():
        pytest.skip(f"samples not found in {demo_samples.samples_dir()} (set SHARED_DIR)")
    return catalog_demo.load()


def test_the_samples_are_published_under_their_issuing_agencies(orgs):
    demo_samples.load(orgs)
    laiyang = Document.objects.public().get(doc_number="莱政办字〔2020〕34号")
    assert laiyang.organization.name == "莱阳市人民政府办公室"
    assert laiyang.written_on == datetime.date(2020, 8, 7)
    assert laiyang.published_on == datetime.date(2020, 8, 10)
    assert laiyang.index_number.startswith("11370682004276012B/2020-")
    liaocheng = Document.objects.public().filter(organization=orgs["lcszfb"])
    assert {d.written_on for d in liaocheng} >= {
        datetime.date(2020, 6, 19),
        datetime.date(2025, 6, 26),
    }


def test_loading_the_samples_twice_adds_nothing(orgs):
    demo_samples.load(orgs)
    count = Document.objects.count()
    demo_samples.load(orgs)
    assert Document.objects.count() == count
