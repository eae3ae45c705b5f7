"""The groups follow every migrate, so a deployed portal has them without the demo."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from catalog.permissions import STAFF_GROUP, SUPERVISOR_GROUP


def test_migrate_creates_the_groups_with_every_apps_permissions(db):
    Group.objects.all().delete()
    call_command("migrate", verbosity=0)
    staff = Group.objects.get(name=STAFF_GROUP)
    supervisor = Group.objects.get(name=SUPERVISOR_GROUP)
    assert staff.permissions.filter(codename="view_letter").exists()
    assert supervisor.permissions.filter(content_type__app_label="engagement").exists()
