"""Tracking numbers cannot be guessed: they are random, lookups are rate limited, and no
answer tells an existing number from a made-up one."""

from __future__ import annotations

import itertools
import math
import re

import pytest
from django.test import Client
from django.urls import reverse

from requests_app import models as request_models
from requests_app.models import new_tracking_number
from requests_app.public_views import TRACK_LIMIT, TRACK_WINDOW
from tests.conftest import make_org
from tests.security.builders import PHONE, VALID_ID, file_online

pytestmark = pytest.mark.django_db

SAMPLE = 2000
_VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+')


def _random_part(number: str) -> str:
    prefix, year, random_part = number.split("-")
    assert prefix == "YSQ" and year.isdigit()
    return random_part


def test_a_tracking_number_carries_at_least_39_bits_of_chance():
    alphabet = set(request_models.TRACKING_ALPHABET)
    bits = request_models.TRACKING_RANDOM_LENGTH * math.log2(len(alphabet))
    assert bits >= 39
    parts = [_random_part(new_tracking_number(2026)) for _ in range(SAMPLE)]
    assert all(len(p) == request_models.TRACKING_RANDOM_LENGTH for p in parts)
    assert all(set(p) <= alphabet for p in parts)
    # Every symbol is used (16,000 characters drawn from about 30 symbols).
    assert set("".join(parts)) == alphabet


def test_tracking_numbers_are_neither_repeated_nor_sequential():
    parts = [_random_part(new_tracking_number(2026)) for _ in range(SAMPLE)]
    assert len(set(parts)) == SAMPLE
    # Consecutive numbers share few positions: not a counter or a clock with a suffix.
    shared = [sum(x == y for x, y in zip(a, b, strict=True)) for a, b in itertools.pairwise(parts)]
    assert sum(shared) / len(shared) < 1.5
    assert sorted(parts) != parts


def test_requests_filed_one_after_another_get_unrelated_numbers():
    agency = make_org()
    numbers = [_random_part(file_online(Client(), agency).tracking_number) for _ in range(5)]
    assert len(set(numbers)) == 5
    # Not a counter: no two consecutive requests share a prefix of half the number.
    half = request_models.TRACKING_RANDOM_LENGTH // 2
    assert all(a[:half] != b[:half] for a, b in itertools.pairwise(numbers))


# -- guessing through the form -----------------------------------------------------------


def _guess(client, number: str, verifier: str = PHONE, **extra):
    return client.post(
        reverse("requests_app:track"), {"tracking_number": number, "verifier": verifier}, **extra
    )


def test_guessing_in_bulk_is_stopped_with_a_429_after_the_limit(client):
    for i in range(TRACK_LIMIT):
        assert _guess(client, f"YSQ-2026-GUESS{i:03d}").status_code == 200
    response = _guess(client, "YSQ-2026-GUESSZZZ")
    assert response.status_code == 429
    assert response["Retry-After"] == str(TRACK_WINDOW)
    assert "操作过于频繁" in response.content.decode()


def test_past_the_limit_even_a_right_guess_gets_the_429(client):
    req = file_online(Client(), make_org())
    for i in range(TRACK_LIMIT):
        _guess(client, f"YSQ-2026-GUESS{i:03d}")
    response = _guess(client, req.tracking_number)
    assert response.status_code == 429
    assert req.tracking_number not in response.content.decode()


def test_a_new_session_does_not_reset_the_limit(client):
    for i in range(TRACK_LIMIT):
        _guess(client, f"YSQ-2026-GUESS{i:03d}")
    assert _guess(Client(), "YSQ-2026-GUESSZZZ").status_code == 429


def _normalised(response, typed: str) -> str:
    page = _VARYING.sub(r"\1…", response.content.decode())
    return page.replace(typed, "«typed»")


@pytest.mark.parametrize("wrong_verifier", ["13800000000", VALID_ID[-6:].replace("1", "2"), "x"])
def test_a_right_number_with_a_wrong_verifier_answers_like_a_wrong_number(client, wrong_verifier):
    req = file_online(Client(), make_org())
    made_up = req.tracking_number[:-4] + (
        "ZZZZ" if not req.tracking_number.endswith("ZZZZ") else "YYYY"
    )
    real = _guess(client, req.tracking_number, wrong_verifier)
    fake = _guess(client, made_up, wrong_verifier)
    assert real.status_code == fake.status_code == 200
    assert _normalised(real, req.tracking_number) == _normalised(fake, made_up)
    assert (
        reverse("requests_app:track-detail", args=[req.tracking_number])
        not in real.content.decode()
    )


@pytest.mark.parametrize("name", ["requests_app:track-detail", "requests_app:done"])
def test_a_real_requests_pages_are_a_404_like_a_made_up_one_without_the_session(client, name):
    req = file_online(Client(), make_org())
    made_up = "YSQ-2026-ZZZZZZZZ"
    real = client.get(reverse(name, args=[req.tracking_number]))
    fake = client.get(reverse(name, args=[made_up]))
    assert real.status_code == fake.status_code == 404
    assert real.content == fake.content


def test_a_real_requests_file_is_a_404_like_a_made_up_one_without_the_session(client):
    req = file_online(Client(), make_org())
    real = client.get(reverse("requests_app:track-file", args=[req.tracking_number, 1]))
    fake = client.get(reverse("requests_app:track-file", args=["YSQ-2026-ZZZZZZZZ", 1]))
    assert real.status_code == fake.status_code == 404
    assert real.content == fake.content


def test_the_right_number_and_verifier_open_the_tracking_page(client):
    # The counterpart of the tests above: the lookup itself works.
    req = file_online(Client(), make_org())
    response = _guess(client, req.tracking_number)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
