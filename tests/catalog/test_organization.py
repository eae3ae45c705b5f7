import pytest
from django.core.exceptions import ValidationError

from catalog.validators import credit_code_check_char, validate_credit_code
from tests.conftest import make_org


def test_a_real_credit_code_passes_its_check_character():
    validate_credit_code("11370682004276012B")  # 莱阳市人民政府办公室
    assert credit_code_check_char("11370682004276012") == "B"


def test_a_wrong_check_character_says_which_one_is_expected():
    with pytest.raises(ValidationError) as err:
        validate_credit_code("11370682004276012A")
    assert "第18位应为 B" in err.value.messages[0]


def test_a_credit_code_of_the_wrong_length_is_refused():
    with pytest.raises(ValidationError, match="应为18位"):
        validate_credit_code("1137068200427601")


def test_letters_the_standard_excludes_are_refused():
    with pytest.raises(ValidationError, match="不允许的字符"):
        validate_credit_code("1137068200427601OB")


@pytest.mark.django_db
def test_an_organization_with_a_bad_credit_code_does_not_validate():
    org = make_org()
    org.credit_code = "11370682004276012A"
    with pytest.raises(ValidationError) as err:
        org.full_clean()
    assert "credit_code" in err.value.message_dict


@pytest.mark.django_db
def test_only_one_agency_can_be_the_portal_main_agency():
    from django.db import IntegrityError

    make_org(is_portal_main=True)
    with pytest.raises(IntegrityError):
        make_org(is_portal_main=True)
