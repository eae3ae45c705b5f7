"""The demo shows every interpretation form, a late one, a 图解 with alt text, a filled catalog."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Category, Organization
from disclosure import timeliness
from disclosure.models import Interpretation, InterpretationMedia

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def test_the_demo_has_every_form_and_loads_only_once(demo):
    counts = (Interpretation.objects.count(), InterpretationMedia.objects.count())
    call_command("load_demo", verbosity=0)
    assert counts == (Interpretation.objects.count(), InterpretationMedia.objects.count())
    forms = set(Interpretation.objects.published().values_list("form", flat=True))
    assert forms == set(Interpretation.Form.values)


def test_the_demo_graphic_interpretation_shows_its_images_with_alt_text(demo, client):
    graphic = Interpretation.objects.published().get(form=Interpretation.Form.GRAPHIC)
    html = client.get(graphic.get_absolute_url()).content.decode()
    assert html.count("<img ") == 2
    assert 'alt="图1：专项资金管理分四步' in html


def test_the_demo_has_a_late_interpretation_and_a_document_still_lacking_one(demo):
    rows = timeliness.interpretation_status(Organization.objects.all(), timezone.localdate())
    assert any(r.is_late for r in rows)
    assert any(r.is_missing for r in rows)


def test_the_demo_catalog_has_items_under_several_nodes_and_some_update_rules(demo, client):
    jyj = Organization.objects.get(slug="jyj")
    html = client.get(f"/xxgk/{jyj.slug}/fdzdgknr/").content.decode()
    node = Category.objects.get(organization=jyj, name="义务教育招生入学")
    assert f'id="node-{node.pk}"' in html
    filed = Category.objects.filter(documents__isnull=False).distinct().count()
    assert filed >= 5
    assert Category.objects.exclude(update_rule="").count() >= 3
    page = client.get(f"/xxgk/{jyj.slug}/fdzdgknr/{node.pk}/").content.decode()
    assert "2024年义务教育招生入学政策音频解读" in page
