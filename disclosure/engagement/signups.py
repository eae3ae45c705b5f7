"""Sign-up for open-day activities: the only code that writes sign-ups.

- The quota holds under concurrent sign-ups: each change locks the activity's row
  (SELECT … FOR UPDATE), so two sign-ups for the last places wait for each other and the
  second finds them taken (``tests/disclosure/engagement/test_signups_concurrency.py``).
- One active sign-up per phone per activity, at most ``per_person_limit`` people each.
- When the places left do not fit a sign-up it goes on the waiting list; a cancellation
  promotes waiting sign-ups in the order they came, as long as the first one fits.
- Sign-up closes at ``signup_closes_at`` (an instant; the page shows it in Beijing time).
- A confirmation code (``secrets``) identifies a sign-up; cancelling needs the code and
  the phone number it was made with.

Every change runs in one transaction and writes a ``SignUpEvent``.
"""

from __future__ import annotations

import datetime
import hmac
import secrets
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from config.web.validators import normalize_phone
from disclosure.engagement.models import Activity, SignUp, SignUpEvent, SignUpStatus

BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")
# No 0/O, 1/I/L: codes are read aloud and typed from a screenshot.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
WRONG_CODE = "报名确认码或手机号码不正确，请核对后重试。"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def beijing(at: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(at, BEIJING)


def closed_message(activity: Activity, at: datetime.datetime | None = None) -> str:
    """Why the activity takes no sign-up now ("" when it does)."""
    now = at or timezone.now()
    if not activity.is_public:
        return "该活动未公开，不接受报名。"
    if now >= activity.signup_closes_at:
        closes = beijing(activity.signup_closes_at)
        return f"报名已于{closes:%Y年%m月%d日 %H:%M}（北京时间）截止。"
    return ""


def _taken(activity: Activity) -> int:
    return (
        SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).aggregate(
            n=Sum("people")
        )["n"]
        or 0
    )


def _lock(activity_pk: int) -> Activity:
    return (
        Activity.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__organization")
        .get(pk=activity_pk)
    )


def _event(signup: SignUp, action: str, note: str = "", at=None) -> None:
    SignUpEvent.objects.create(signup=signup, action=action, note=note, at=at or timezone.now())


def sign_up(
    activity: Activity,
    *,
    name: str,
    phone: str,
    people: int,
    idempotency_key: str | None = None,
    at: datetime.datetime | None = None,
) -> SignUp:
    """Sign ``people`` persons up: confirmed while places are left, else on the waiting
    list. The same submission key returns the same sign-up. ValidationError (Chinese) when
    closed, over the per-person limit, or the phone already signed up."""
    if idempotency_key:
        existing = SignUp.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    phone = normalize_phone(phone or "")
    name = (name or "").strip()
    if not name or not phone:
        raise ValidationError("请填写姓名和手机号码。")
    now = at or timezone.now()
    try:
        with transaction.atomic():
            activity = _lock(activity.pk)
            message = closed_message(activity, now)
            if message:
                raise ValidationError(message)
            if not 1 <= people <= activity.per_person_limit:
                raise ValidationError(
                    {"people": f"每次报名人数为1至{activity.per_person_limit}人（含报名人）。"}
                )
            active = SignUp.objects.filter(
                activity=activity,
                phone=phone,
                status__in=[SignUpStatus.CONFIRMED, SignUpStatus.WAITING],
            )
            if active.exists():
                raise ValidationError(
                    {"phone": "该手机号码已报名本活动；如需更改人数，请先凭确认码取消原报名。"}
                )
            fits = _taken(activity) + people <= activity.quota
            waiting = SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITING)
            # Nobody jumps the waiting list: a small party does not pass a larger one.
            confirmed = fits and not waiting.exists()
            signup = SignUp.objects.create(
                activity=activity,
                name=name,
                phone=phone,
                people=people,
                code=new_code(),
                status=SignUpStatus.CONFIRMED if confirmed else SignUpStatus.WAITING,
                created_at=now,
                idempotency_key=idempotency_key or None,
            )
            _event(
                signup,
                SignUpEvent.Action.CONFIRMED if confirmed else SignUpEvent.Action.WAITING,
                f"{people}人",
                now,
            )
    except IntegrityError:
        if idempotency_key:
            found = SignUp.objects.filter(idempotency_key=idempotency_key).first()
            if found is not None:
                return found
        raise ValidationError("报名未成功，请稍后重试。") from None
    return signup


def find(code: str, phone: str) -> SignUp | None:
    """The sign-up with this code, if the phone number matches (else None)."""
    code = (code or "").strip().upper()
    phone = normalize_phone(phone or "")
    if not code or not phone:
        return None
    signup = SignUp.objects.select_related("activity", "activity__plan").filter(code=code).first()
    if signup is None or not hmac.compare_digest(signup.phone.encode(), phone.encode()):
        return None
    return signup


def cancel(code: str, phone: str, *, at: datetime.datetime | None = None) -> SignUp:
    """Cancel the sign-up with ``code`` (and its phone); free places go to the waiting list."""
    found = find(code, phone)
    if found is None:
        raise ValidationError(WRONG_CODE)
    now = at or timezone.now()
    with transaction.atomic():
        activity = _lock(found.activity_id)
        signup = SignUp.objects.select_for_update().get(pk=found.pk)
        if signup.status == SignUpStatus.CANCELLED:
            raise ValidationError("该报名已取消。")
        if now >= activity.starts_at:
            raise ValidationError("活动已开始，不能取消报名。")
        was_confirmed = signup.status == SignUpStatus.CONFIRMED
        signup.status = SignUpStatus.CANCELLED
        signup.save(update_fields=["status"])
        _event(signup, SignUpEvent.Action.CANCELLED, "", now)
        if was_confirmed:
            promote(activity, at=now)
    return signup


def promote(activity: Activity, *, at: datetime.datetime | None = None) -> list[SignUp]:
    """Confirm waiting sign-ups in order while the first fits (call with the row locked)."""
    left = activity.quota - _taken(activity)
    promoted = []
    waiting = SignUp.objects.select_for_update().filter(
        activity=activity, status=SignUpStatus.WAITING
    )
    for signup in waiting.order_by("created_at", "pk"):
        if signup.people > left:
            break
        signup.status = SignUpStatus.CONFIRMED
        signup.save(update_fields=["status"])
        _event(signup, SignUpEvent.Action.PROMOTED, f"{signup.people}人", at)
        left -= signup.people
        promoted.append(signup)
    return promoted


def waiting_position(signup: SignUp) -> int | None:
    """1 for the first on the waiting list; None when not waiting."""
    if signup.status != SignUpStatus.WAITING:
        return None
    ahead = SignUp.objects.filter(
        activity_id=signup.activity_id,
        status=SignUpStatus.WAITING,
        created_at__lt=signup.created_at,
    ).count()
    return ahead + 1
