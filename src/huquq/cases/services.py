"""Everything that changes a case. Views and channels call these; nothing else writes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huquq.cases.models import Case, CaseEvent, LabelCorrection, Person, Request
from huquq.core.vocab import CaseStatus, Category, Outcome, Urgency
from huquq.intake.codes import new_case_code, new_pin
from huquq.reports import rollup
from huquq.security import audit, keys
from huquq.security.blind import blind_index
from huquq.security.fields import is_blank
from huquq.security.models import User
from huquq.security.roles import LEGAL_OUTCOMES, can
from huquq.triage.vocab import urgency_rank

#: Identifiers that find a returning client, most trustworthy first.
_IDENTIFIERS = ("telegram_id", "telegram_handle", "phone")


def _require(actor: User, action: str) -> None:
    if not can(actor, action):
        raise PermissionDenied(action)


def person_find_or_create(
    *, name: str, phone: str, telegram_handle: str, telegram_id: str, citizenship: str = ""
) -> Person:
    """The person with one of these identifiers, else a new one; missing details are added.

    While the server is locked no blind index can be computed: the person is stored without
    indexes (provisional) and ``persons_match_pending`` joins them up after unlock.
    """
    values = {"phone": phone, "telegram_handle": telegram_handle, "telegram_id": telegram_id}
    try:
        indexes = {kind: blind_index(kind, values[kind]) for kind in _IDENTIFIERS}
    except keys.Locked:
        return Person.objects.create(name=name, citizenship=citizenship, **values)
    person = None
    for kind in _IDENTIFIERS:
        if indexes[kind]:
            person = Person.objects.filter(**{f"{kind}_index": indexes[kind]}).first()
            if person is not None:
                break
    if person is None:
        person = Person()
    for kind in _IDENTIFIERS:
        if indexes[kind] and not getattr(person, f"{kind}_index"):
            setattr(person, kind, values[kind])
            setattr(person, f"{kind}_index", indexes[kind])
    if name and is_blank(person, "name"):
        person.name = name
    if citizenship and not person.citizenship:
        person.citizenship = citizenship
    person.save()
    return person


def case_take_request(*, request: Request, subject_name: str, client_language: str) -> Case:
    """Attach an unsaved request to its contact's open case, or open one; save both."""
    case = (
        Case.objects.open()
        .filter(client=request.contact, merged_into=None)
        .order_by("-opened_at")
        .first()
    )
    if case is None:
        case = _case_open(request=request, subject_name=subject_name, language=client_language)
        request.opened_case = True
    request.case = case
    request.save()
    rollup.request_changed(request)
    _case_absorb_labels(case, [request])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.REQUEST,
        data={"request": str(request.id), "channel": request.channel},
        created_at=request.received_at,
    )
    return case


def _case_open(*, request: Request, subject_name: str, language: str) -> Case:
    subject = Person.objects.create(name=subject_name) if subject_name else None
    for _attempt in range(20):
        code = new_case_code()
        if not Case.objects.filter(code=code).exists():
            break
    return Case.objects.create(
        code=code,
        pin=new_pin(),
        client=request.contact,
        subject=subject,
        client_language=language,
        language=request.language,
        city=request.city,
        citizenship=request.citizenship,
        opened_at=request.received_at,
    )


def _case_absorb_labels(case: Case, requests: list[Request]) -> None:
    """A case carries every category of its requests and the highest urgency among them."""
    categories = set(case.categories)
    for request in requests:
        categories.update(request.categories)
    if len(categories) > 1:
        categories.discard(Category.OTHER)
    case.categories = sorted(categories)
    case.urgency = min([case.urgency, *(r.urgency for r in requests)], key=urgency_rank)
    for field in ("city", "citizenship", "language"):
        if not getattr(case, field):
            setattr(
                case, field, next((getattr(r, field) for r in requests if getattr(r, field)), "")
            )
    case.save(update_fields=["categories", "urgency", "city", "citizenship", "language"])


@transaction.atomic
def case_note(*, case: Case, actor: User, body: str) -> CaseEvent:
    _require(actor, "case.note")
    event = CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.NOTE, actor=actor, body=body)
    audit.record(actor, "cases.case.noted", case)
    return event


@transaction.atomic
def case_reply(*, case: Case, actor: User, body: str) -> CaseEvent:
    """A reply meant for the client: shown on the status page, sent by the bot if they use it."""
    _require(actor, "case.reply")
    rollup.case_changed(case)
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.REPLY,
        actor=actor,
        body=body,
        to_client=True,
        delivery=CaseEvent.Delivery.PENDING if _uses_telegram(case) else "",
    )
    if case.first_reply_at is None:
        case.first_reply_at = event.created_at
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN
    case.save(update_fields=["first_reply_at", "status"])
    audit.record(actor, "cases.case.replied", case)
    return event


def _uses_telegram(case: Case) -> bool:
    return bool(case.client.telegram_id_index)


@transaction.atomic
def case_assign(*, case: Case, actor: User, assignee: User | None) -> None:
    _require(actor, "case.assign")
    if assignee is not None and not can(assignee, "case.view"):
        raise ValidationError(_("This person cannot work on cases."))
    case.assignee = assignee
    if case.status == CaseStatus.NEW:
        case.status = CaseStatus.OPEN
    case.save(update_fields=["assignee", "status"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.ASSIGN,
        actor=actor,
        data={"assignee": assignee.username if assignee else None},
    )
    audit.record(
        actor, "cases.case.assigned", case, {"assignee": str(assignee.pk) if assignee else None}
    )


@transaction.atomic
def case_set_status(*, case: Case, actor: User, status: str) -> None:
    """Move between new, open and waiting; closing goes through ``case_close``."""
    _require(actor, "case.note")
    if status not in {CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING}:
        raise ValidationError(_("Use “Close” to close a case."))
    rollup.case_changed(case)
    old = case.status
    case.status = status
    case.closed_at = None
    case.outcome = ""
    case.save(update_fields=["status", "closed_at", "outcome"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.STATUS, actor=actor, data={"from": old, "to": status}
    )
    audit.record(actor, "cases.case.status_changed", case, {"from": old, "to": status})


@transaction.atomic
def case_close(*, case: Case, actor: User, outcome: str) -> None:
    _require(actor, "case.close")
    if outcome not in Outcome.values:
        raise ValidationError(_("Choose an outcome."))
    if outcome in LEGAL_OUTCOMES:
        _require(actor, "case.close_legal_outcome")
    rollup.case_changed(case)
    old = case.status
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "closed_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        actor=actor,
        data={"from": old, "to": CaseStatus.CLOSED, "outcome": outcome},
    )
    audit.record(actor, "cases.case.closed", case, {"outcome": outcome})


RELABEL_FIELDS = ("categories", "urgency", "language", "city", "citizenship")


@transaction.atomic
def request_relabel(*, request: Request, actor: User, **labels) -> list[LabelCorrection]:
    """Correct triage labels by hand; each change is kept for the next training run."""
    _require(actor, "case.relabel")
    if labels.get("urgency") is not None and labels["urgency"] not in Urgency.values:
        raise ValidationError(_("Unknown urgency."))
    if labels.get("categories") is not None:
        unknown = set(labels["categories"]) - set(Category.values)
        if unknown or not labels["categories"]:
            raise ValidationError(_("Choose at least one known category."))
    corrections = []
    for field in RELABEL_FIELDS:
        new = labels.get(field)
        old = getattr(request, field)
        if new is None or (sorted(new) if field == "categories" else new) == (
            sorted(old) if field == "categories" else old
        ):
            continue
        setattr(request, field, new)
        corrections.append(
            LabelCorrection(
                request=request, field=field, old_value=old, new_value=new, corrected_by=actor
            )
        )
    if not corrections:
        return []
    rollup.request_changed(request)
    rollup.case_changed(request.case)
    request.save(update_fields=[c.field for c in corrections])
    LabelCorrection.objects.bulk_create(corrections)
    case = request.case
    case.categories = []
    case.urgency = Urgency.NORMAL
    _case_absorb_labels(case, list(case.requests.all()))
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.LABELS,
        actor=actor,
        data={c.field: c.new_value for c in corrections},
    )
    audit.record(
        actor, "cases.request.relabelled", request, {"fields": [c.field for c in corrections]}
    )
    return corrections


@transaction.atomic
def case_merge(*, source: Case, target: Case, actor: User) -> Case:
    """Move every request and event of ``source`` into ``target`` and close ``source``."""
    _require(actor, "case.merge")
    if source.pk == target.pk:
        raise ValidationError(_("A case cannot be merged into itself."))
    if target.is_closed:
        raise ValidationError(_("Reopen the target case before merging into it."))
    moved = _case_move_into(source=source, target=target)
    CaseEvent.objects.create(
        case=target,
        kind=CaseEvent.Kind.MERGE,
        actor=actor,
        data={"merged": source.code, "requests": len(moved)},
    )
    audit.record(actor, "cases.case.merged", target, {"source": str(source.pk)})
    return target


def _case_move_into(*, source: Case, target: Case) -> list[Request]:
    """Move the requests and events of ``source`` into ``target``; close ``source`` as merged."""
    moved = list(source.requests.all())
    rollup.case_changed(source)
    source.requests.update(case=target)
    source.events.update(case=target)
    _case_absorb_labels(target, moved)
    source.status = CaseStatus.CLOSED
    source.outcome = Outcome.OTHER
    source.closed_at = timezone.now()
    source.merged_into = target
    source.save(update_fields=["status", "outcome", "closed_at", "merged_into"])
    return moved


def _pending_persons():
    """People intake stored while the server was locked: identifiers, but no blind index."""
    no_index = {f"{kind}_index": "" for kind in _IDENTIFIERS}
    return Person.objects.filter(**no_index).exclude(phone="", telegram_handle="", telegram_id="")


@transaction.atomic
def persons_match_pending() -> int:
    """After unlock: index people stored while locked and join returning clients to their case.

    A provisional person who turns out to be a known client is folded into them: requests and
    cases move over, and the provisional case joins the client's open case if there is one.
    Safe to run twice. Returns how many people were processed.
    """
    done = 0
    for person in _pending_persons().select_for_update():
        indexes = {kind: blind_index(kind, getattr(person, kind)) for kind in _IDENTIFIERS}
        known = None
        for kind in _IDENTIFIERS:
            if indexes[kind] and known is None:
                known = (
                    Person.objects.filter(**{f"{kind}_index": indexes[kind]})
                    .exclude(pk=person.pk)
                    .first()
                )
        if known is None:
            for kind in _IDENTIFIERS:
                setattr(person, f"{kind}_index", indexes[kind])
            person.save(update_fields=[f"{kind}_index" for kind in _IDENTIFIERS])
        else:
            _person_fold_into(provisional=person, known=known)
        done += 1
    return done


def _person_fold_into(*, provisional: Person, known: Person) -> None:
    open_case = (
        Case.objects.open().filter(client=known, merged_into=None).order_by("-opened_at").first()
    )
    Request.objects.filter(contact=provisional).update(contact=known)
    for case in Case.objects.filter(client=provisional):
        case.client = known
        case.save(update_fields=["client"])
        if open_case is not None and not case.is_closed and case.pk != open_case.pk:
            _case_move_into(source=case, target=open_case)
            audit.record(None, "cases.case.merged", open_case, {"source": str(case.pk)})
    provisional.delete()


@transaction.atomic
def case_split(*, case: Case, requests: list[Request], actor: User) -> Case:
    """Move some requests of a case into a new case of their own (another person, say)."""
    _require(actor, "case.merge")
    if not requests or len(requests) >= case.requests.count():
        raise ValidationError(_("Choose some, but not all, requests to split off."))
    if any(r.case_id != case.pk for r in requests):
        raise ValidationError(_("Those requests do not belong to this case."))
    first = min(requests, key=lambda r: r.received_at)
    new_case = _case_open(request=first, subject_name="", language=case.client_language)
    rollup.case_changed(case)
    rollup.case_changed(new_case)
    Request.objects.filter(pk__in=[r.pk for r in requests]).update(case=new_case)
    _case_absorb_labels(new_case, requests)
    case.categories = []
    case.urgency = Urgency.NORMAL
    _case_absorb_labels(case, list(case.requests.all()))
    for target, other in ((case, new_case), (new_case, case)):
        CaseEvent.objects.create(
            case=target,
            kind=CaseEvent.Kind.SPLIT,
            actor=actor,
            data={"other": other.code, "requests": len(requests)},
        )
    audit.record(actor, "cases.case.split", case, {"new_case": str(new_case.pk)})
    return new_case


@transaction.atomic
def request_update_text(*, request: Request, text: str) -> Request:
    """The client corrected their message (an edited Telegram message): keep the new text and
    label it again; labels staff corrected by hand stay as they set them."""
    from huquq.intake import triage_step

    labels = triage_step.label(text)
    corrected = set(request.corrections.values_list("field", flat=True))
    request.text = text
    request.triage_evidence = labels.evidence_json
    fresh = {
        "categories": list(labels.categories),
        "urgency": labels.urgency,
        "language": labels.language,
        "city": labels.city,
        "citizenship": labels.citizenship,
    }
    for field, value in fresh.items():
        if field not in corrected:
            setattr(request, field, value)
    request.save()
    rollup.request_changed(request)
    _case_relabel(request.case)
    audit.record(None, "cases.request.text_updated", request)
    return request


@transaction.atomic
def request_raise_urgency(*, request: Request, urgency: str) -> None:
    """At least ``urgency`` for the request and its case (a voice message nobody heard yet)."""
    if urgency_rank(urgency) < urgency_rank(request.urgency):
        request.urgency = urgency
        request.save(update_fields=["urgency"])
        rollup.request_changed(request)
        _case_relabel(request.case)


def _case_relabel(case: Case) -> None:
    rollup.case_changed(case)
    case.categories = []
    case.urgency = Urgency.NORMAL
    _case_absorb_labels(case, list(case.requests.all()))
