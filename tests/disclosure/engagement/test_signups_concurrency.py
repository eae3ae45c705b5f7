"""The quota holds when many people sign up at the same moment (the activity's row lock)."""

import threading

import pytest
from django.db import connection

from disclosure.engagement import signups
from disclosure.engagement.models import SignUp, SignUpStatus
from tests.disclosure.engagement.builders import make_activity


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_sign_ups_never_confirm_more_than_the_quota():
    activity = make_activity(quota=5, limit=2)
    barrier = threading.Barrier(8)
    errors = []

    def worker(n: int):
        try:
            barrier.wait()
            signups.sign_up(activity, name=f"并发{n}", phone=f"1370000{n:04d}", people=2)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    confirmed = SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED)
    people = sum(confirmed.values_list("people", flat=True))
    assert people == 4  # two parties of 2; a third would make 6 > 5
    assert SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING).count() == 6
