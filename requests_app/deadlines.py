"""The reply limit of a request, computed from its receipt date and its events only.

Rules (条例; the numbers are in :mod:`requests_app.limits`):

- Art. 33: the reply is due within 20 working days of receipt; counting starts on the
  next working day (``catalog.workdays``).
- Art. 30: after a 补正 notice the limit starts again from the day the corrected
  application is received. The days before are not kept: this is a restart, not a pause.
  Until the corrected application arrives there is no due date.
- Art. 32-33: consulting a third party or another agency stops the clock. The days after
  the notice up to and including the day the opinion arrives are not counted; for a third
  party at most up to its 15-working-day deadline. While an opinion is outstanding the
  due date assumes the latest end (the third party's deadline); another agency's
  consultation with no date given leaves the due date open until the opinion arrives.
- 国办函〔2020〕109号: a fee notice stops the clock until payment (at the latest the
  20-working-day payment deadline, after which the request is closed).
- Art. 33: one approved extension adds at most 20 working days.
- Art. 35: a reasonable later date set by staff replaces the computed date.

The stopped days are skipped while counting, so "the stopped working days are added
back" holds by construction. :func:`explain` returns the same computation day by day
for the 「期限计算说明」 page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from catalog.calendar_impact import MovedDueDate
from catalog.workdays import DayInfo, WorkCalendar
from requests_app.limits import REPLY_WORKING_DAYS
from requests_app.models import InformationRequest, RequestEvent

ONE_DAY = datetime.timedelta(days=1)
# A request's limit cannot run for more than a few months; stop runaway loops.
MAX_SPAN_DAYS = 3 * 366


@dataclass
class Stop:
    """An interval in which the clock does not run: days d with start < d <= end."""

    start: datetime.date
    end: datetime.date | None  # None: not yet known
    reason: str
    kind: str  # third_party / agency / fee
    provisional: bool = False  # the opinion or payment is still outstanding
    working_days: int = 0  # working days not counted (after the counting start)

    @property
    def basis(self) -> str:
        """The rule that stops the clock."""
        return {
            "third_party": "条例第三十二条、第三十三条",
            "agency": "条例第三十三条",
            "fee": "国办函〔2020〕109号",
        }[self.kind]

    def covers(self, day: datetime.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass
class DayLine:
    """One calendar day of the count."""

    info: DayInfo
    counted: int | None = None  # the ordinal of a counted working day
    stopped_by: str = ""

    @property
    def date(self) -> datetime.date:
        return self.info.date

    @property
    def weekday(self) -> str:
        return "一二三四五六日"[self.info.date.weekday()]


@dataclass
class Computation:
    received_on: datetime.date | None
    start_on: datetime.date | None = None  # counting starts on the day after this
    restart: dict | None = None  # Art. 30: {"notice_on", "received_on", "days_dropped"}
    clarification_pending: dict | None = None  # {"notice_on", "reply_by"}
    limit: int = REPLY_WORKING_DAYS
    extension: dict | None = None  # {"days", "approver", "on"}
    stops: list[Stop] = field(default_factory=list)
    days: list[DayLine] = field(default_factory=list)
    computed_on: datetime.date | None = None  # by the working-day count
    reasonable_date: dict | None = None  # Art. 35: {"date", "reason", "on"}
    missing_years: list[int] = field(default_factory=list)
    waiting: str = ""  # why there is no due date yet

    @property
    def due_on(self) -> datetime.date | None:
        if self.reasonable_date:
            return self.reasonable_date["date"]
        return self.computed_on

    @property
    def counted_days(self) -> list[DayLine]:
        return [line for line in self.days if line.counted]

    @property
    def skipped_days(self) -> list[DayLine]:
        return [line for line in self.days if not line.counted and not line.stopped_by]

    @property
    def stopped_days(self) -> list[DayLine]:
        return [line for line in self.days if line.stopped_by]


def _events(req):
    return list(req.events.select_related("related", "actor").order_by("on", "at", "pk"))


def compute(req, *, calendar: WorkCalendar | None = None, events=None) -> Computation:
    """The due date of ``req`` and how it was reached, from its receipt date and events."""
    K = RequestEvent.Kind
    calendar = calendar or WorkCalendar()
    events = _events(req) if events is None else events
    result = Computation(received_on=req.received_on)
    if req.received_on is None:
        result.waiting = "尚未登记，收到申请日期未确定。"
        return result
    start = req.received_on

    # The event that ends a 补正 wait or a stop: the answer, opinion or payment (a closure
    # for no 补正 or no payment also points at its notice but ends nothing).
    answers = {K.CLARIFICATION_RECEIVED, K.THIRD_PARTY_OPINION, K.AGENCY_OPINION, K.FEE_PAID}
    answered = {e.related_id: e for e in events if e.related_id and e.kind in answers}
    for event in events:
        followup = answered.get(event.pk)
        if event.kind == K.CLARIFICATION_REQUESTED:
            if followup is None:
                result.clarification_pending = {"notice_on": event.on, "reply_by": event.deadline}
            else:
                # Art. 30: the limit counts anew from the corrected application.
                dropped = calendar.working_days_between(start, event.on)
                result.restart = {
                    "notice_on": event.on,
                    "received_on": followup.on,
                    "days_dropped": dropped,
                }
                start = followup.on
        elif event.kind == K.THIRD_PARTY_CONSULTED:
            party = event.data.get("party", "第三方")
            if followup is not None:
                end = min(followup.on, event.deadline) if event.deadline else followup.on
                reason = f"征求第三方（{party}）意见，{followup.on:%Y-%m-%d}收到意见"
                if event.deadline and followup.on > event.deadline:
                    reason = f"征求第三方（{party}）意见，至15个工作日期满"
            else:
                end = event.deadline
                reason = f"征求第三方（{party}）意见，尚未收到意见，暂按15个工作日期满计算"
            result.stops.append(
                Stop(event.on, end, reason, "third_party", provisional=followup is None)
            )
        elif event.kind == K.AGENCY_CONSULTED:
            agency = event.data.get("agency", "其他机关")
            if followup is not None:
                end = min(followup.on, event.deadline) if event.deadline else followup.on
                reason = f"征求{agency}意见，{followup.on:%Y-%m-%d}收到意见"
            else:
                end = event.deadline
                reason = f"征求{agency}意见，尚未收到意见" + (
                    f"，暂按要求答复日期{end:%Y-%m-%d}计算" if end else ""
                )
            result.stops.append(Stop(event.on, end, reason, "agency", followup is None))
        elif event.kind == K.FEE_NOTICE:
            if followup is not None:
                end, reason = followup.on, f"缴费通知，{followup.on:%Y-%m-%d}缴费"
            else:
                end = event.deadline
                reason = "缴费通知，尚未缴费，暂按缴费期限届满计算"
            result.stops.append(Stop(event.on, end, reason, "fee", followup is None))
        elif event.kind == K.EXTENDED:
            result.extension = {
                "days": int(event.data["days"]),
                "approver": event.data.get("approver_name", ""),
                "reason": event.note,
                "on": event.on,
            }
        elif event.kind == K.REASONABLE_DATE:
            result.reasonable_date = {"date": event.deadline, "reason": event.note, "on": event.on}

    if result.clarification_pending:
        result.waiting = "已发出补正通知，答复期限自收到补正后的申请之日起重新计算（第三十条）。"
        return result

    result.start_on = start
    result.limit = REPLY_WORKING_DAYS + (result.extension["days"] if result.extension else 0)
    day, counted = start, 0
    while counted < result.limit:
        day += ONE_DAY
        if (day - start).days > MAX_SPAN_DAYS:
            result.waiting = "期限超出可计算范围。"
            break
        info = calendar.day(day)
        stop = next((s for s in result.stops if s.covers(day)), None)
        if stop is not None:
            if stop.end is None:
                result.waiting = f"{stop.reason}，期限暂停，收到意见后继续计算（第三十三条）。"
                break
            if info.working:
                stop.working_days += 1
            result.days.append(DayLine(info, stopped_by=stop.reason))
        elif info.working:
            counted += 1
            result.days.append(DayLine(info, counted=counted))
        else:
            result.days.append(DayLine(info))
    else:
        result.computed_on = day
    last = result.due_on or day
    result.missing_years = calendar.missing_years(req.received_on, max(last, req.received_on))
    return result


def due_date(req, *, calendar: WorkCalendar | None = None) -> datetime.date | None:
    """The reply limit's last day, or None while it cannot be known (补正, open consultation)."""
    return compute(req, calendar=calendar).due_on


def explain(req, *, calendar: WorkCalendar | None = None) -> Computation:
    """The 「期限计算说明」: the computation with every day, stop and restart."""
    return compute(req, calendar=calendar)


def refresh(req, *, calendar: WorkCalendar | None = None) -> datetime.date | None:
    """Recompute and store ``req.due_on`` (the only writer of that column)."""
    due = due_date(req, calendar=calendar)
    if due != req.due_on or req.pk is None:
        InformationRequest.objects.filter(pk=req.pk).update(due_on=due)
        req.due_on = due
    return due


def recompute_open_due_dates() -> int:
    """Recompute every open request's due date (after a holiday calendar correction).

    Returns how many due dates changed.
    """
    calendar = WorkCalendar()
    changed = 0
    for req in InformationRequest.objects.open():
        before = req.due_on
        if refresh(req, calendar=calendar) != before:
            changed += 1
    return changed


def moved_due_dates(
    calendar: WorkCalendar, first: datetime.date, last: datetime.date
) -> list[MovedDueDate]:
    """Open requests whose due date ``calendar`` (a proposed calendar edit) would move.

    Only a limit counted over a changed date can move: received by ``last`` and due on or
    after ``first``. Registered with :mod:`catalog.calendar_impact` (``RequestsAppConfig``).
    """
    candidates = (
        InformationRequest.objects.open()
        .filter(received_on__lte=last, due_on__gte=first)
        .select_related("organization")
        .order_by("due_on", "pk")
    )
    moved = []
    for req in candidates:
        after = due_date(req, calendar=calendar)
        if after != req.due_on:
            moved.append(
                MovedDueDate(
                    label=req.tracking_number,
                    organization=str(req.organization),
                    before=req.due_on,
                    after=after,
                )
            )
    return moved
