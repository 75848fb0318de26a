"""Public comment operations used by the pages (and available to other domains).

The closing time is enforced here, on the server, at the moment a submission is saved. There is no
reply to individual submitters: the city answers all comments together in the published result
(意見の概要と市の考え方), as the public comment procedure prescribes.
"""

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from kanmin.catalog import permissions
from kanmin.core.errors import UserError

from . import documents, grouping, redaction
from .models import Case, CommentGroup, Document, Submission


class DuplicateSubmission(UserError):
    """The same form was sent twice; the first submission is kept."""

    def __init__(self, submission):
        super().__init__(
            "このご意見はすでに受け付けています（二重送信のため、2回目は登録していません）。",
            "This comment was already received (the second, duplicate submission was not saved).",
        )
        self.submission = submission


def can_manage(user, case: Case) -> bool:
    return permissions.can_edit_organization_id(user, case.organization_id)


def save_case(user, organization, data: dict, case: Case | None = None) -> Case:
    if not permissions.can_edit(user, organization):
        raise UserError("この組織の案件を扱う権限がありません。", "You may not manage cases of this organization.")
    if data["closes_at"] <= data["opens_at"]:
        raise UserError("締切は募集開始より後にしてください。", "The closing time must be after the opening time.")
    case = case or Case(created_by=user)
    for field in ("title", "summary", "opens_at", "closes_at", "sections"):
        setattr(case, field, data.get(field, getattr(case, field)))
    case.organization_id = organization.pk
    case.department = organization.title
    case.save()
    return case


def publish_case(case: Case) -> None:
    """Make a draft case visible; it accepts comments between opens_at and closes_at."""
    if case.status != Case.Status.DRAFT:
        return
    if not case.documents.filter(kind=Document.Kind.MATERIAL).exists():
        raise UserError("案の資料を1つ以上添付してから公開してください。", "Attach at least one document before publishing.")
    case.status = Case.Status.OPEN
    case.save(update_fields=["status", "modified"])


def add_document(case: Case, upload, filename: str, title: str, kind: str = Document.Kind.MATERIAL) -> Document:
    stored = documents.store(upload, filename, case.pk)
    try:
        return Document.objects.create(
            case=case, kind=kind, title=title or stored.filename, file=stored.path, filename=stored.filename,
            format=stored.format, size=stored.size, sha256=stored.sha256,
        )
    except BaseException:
        documents.remove(stored.path)
        raise


def delete_document(document: Document) -> None:
    path = document.file
    document.delete()
    documents.remove(path)


def _check_accepting(case: Case, now) -> None:
    phase = case.phase(now)
    if phase == "accepting":
        return
    if phase == "upcoming":
        raise UserError(
            f"意見の募集は {timezone.localtime(case.opens_at):%Y年%m月%d日 %H:%M} からです。",
            f"Comments are accepted from {timezone.localtime(case.opens_at):%Y-%m-%d %H:%M} (JST).",
        )
    raise UserError(
        f"意見の募集は {timezone.localtime(case.closes_at):%Y年%m月%d日 %H:%M} に締め切りました。ご意見は受け付けられません。",
        f"This consultation closed at {timezone.localtime(case.closes_at):%Y-%m-%d %H:%M} (JST); comments can no longer be accepted.",
    )


def _create(case: Case, **fields) -> Submission:
    """Number the submission and propose redactions; the case row is locked to number safely."""
    spans = redaction.detect(fields["text"])
    published_text = redaction.apply(fields["text"], spans)
    for attempt in range(3):
        try:
            with transaction.atomic():
                Case.objects.select_for_update().filter(pk=case.pk).first()
                number = (case.submissions.aggregate(m=Max("number"))["m"] or 0) + 1
                return Submission.objects.create(
                    case=case, number=number, redactions=spans, published_text=published_text, **fields,
                )
        except IntegrityError:
            token = fields.get("idempotency_token")
            existing = token and Submission.objects.filter(case=case, idempotency_token=token).first()
            if existing:
                raise DuplicateSubmission(existing) from None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def submit_web(case: Case, data: dict, token: str, now=None) -> Submission:
    """A comment from the web form. Refused after closing (checked now, not when the form was shown)."""
    now = now or timezone.now()
    if not token or len(token) > 64:
        raise UserError("フォームの有効期限が切れています。ページを開き直してください。",
                        "The form has expired; please reload the page.")
    existing = Submission.objects.filter(case=case, idempotency_token=token).first()
    if existing:
        raise DuplicateSubmission(existing)
    _check_accepting(case, now)
    if data.get("section") and data["section"] not in case.section_list():
        raise UserError("意見の対象の項目を一覧から選んでください。", "Choose the section from the list.")
    return _create(case, channel=Submission.Channel.WEB, received_at=now, idempotency_token=token, **_person(data))


def enter_paper(case: Case, user, data: dict) -> Submission:
    """Staff entry of a comment received on paper, by fax, mail or at the counter.

    The received date must be within the consultation period (postmarks are checked by staff).
    """
    if not can_manage(user, case):
        raise UserError("この案件を扱う権限がありません。", "You may not manage this case.")
    received = data["received_at"]
    if not case.opens_at <= received < case.closes_at:
        raise UserError(
            "受付日時が募集期間の外です。締切後に届いた意見は登録できません。",
            "The received time is outside the consultation period; comments received after closing cannot be entered.",
        )
    if data.get("channel") not in {c for c, _ in Submission.Channel.choices} - {"web"}:
        raise UserError("受付方法を選んでください。", "Choose how the comment was received.")
    return _create(case, channel=data["channel"], received_at=received, entered_by=user, **_person(data))


def _person(data: dict) -> dict:
    kind = data.get("submitter_type") or Submission.SubmitterType.PERSON
    text = (data.get("text") or "").strip()
    if not text:
        raise UserError("ご意見を入力してください。", "Please write your comment.")
    if not (data.get("name") or "").strip():
        raise UserError("氏名（法人の場合は名称）を入力してください。", "Please give your name (or the corporation's name).")
    if not (data.get("address") or "").strip():
        raise UserError("住所（法人の場合は所在地）を入力してください。", "Please give your address (or the corporation's location).")
    if kind == Submission.SubmitterType.CORPORATION and not (data.get("representative") or "").strip():
        raise UserError("法人・団体の場合は代表者名を入力してください。", "For a corporation, give the representative's name.")
    return {
        "submitter_type": kind, "name": data["name"].strip(), "address": data["address"].strip(),
        "representative": (data.get("representative") or "").strip(), "email": (data.get("email") or "").strip(),
        "section": (data.get("section") or "").strip(), "text": text,
    }


def set_redactions(submission: Submission, spans: list, *, confirm: bool = True) -> Submission:
    """Staff-confirmed spans over the original text; the published text masks them with ■■■."""
    length = len(submission.text)
    clean = []
    for start, end, kind in spans:
        start, end = int(start), int(end)
        if not 0 <= start < end <= length:
            raise UserError("墨消しの範囲が本文の外です。", "A redaction lies outside the comment text.")
        clean.append([start, end, str(kind)[:20]])
    submission.redactions = redaction.merge(clean)
    submission.published_text = redaction.apply(submission.text, submission.redactions)
    submission.redaction_confirmed = confirm
    submission.save(update_fields=["redactions", "published_text", "redaction_confirmed"])
    return submission


def auto_group(case: Case, threshold: float = grouping.DEFAULT_THRESHOLD) -> list[CommentGroup]:
    """Regroup all included comments by similarity after closing.

    A new group reuses the old group (with its summary and city's view) that most of its members were
    in, so running it again does not throw away staff's writing.
    """
    if case.phase() != "closed":
        raise UserError("意見の整理は募集の締切後に行います。", "Comments are grouped after the consultation has closed.")
    subs = list(case.submissions.filter(excluded=False).order_by("number"))
    clusters = grouping.cluster([s.published_text or s.text for s in subs], threshold)
    with transaction.atomic():
        old = {g.pk: g for g in case.groups.all()}
        used, groups = set(), []
        for position, members in enumerate(clusters, start=1):
            votes = Counter(subs[i].group_id for i in members if subs[i].group_id in old and subs[i].group_id not in used)
            if votes:
                group = old[votes.most_common(1)[0][0]]
                group.position = position
                group.save(update_fields=["position"])
            else:
                group = CommentGroup.objects.create(case=case, position=position)
            used.add(group.pk)
            Submission.objects.filter(pk__in=[subs[i].pk for i in members]).update(group=group)
            groups.append(group)
        CommentGroup.objects.filter(case=case).exclude(pk__in=used).delete()
    return groups


def move_submission(submission: Submission, group: CommentGroup | None) -> CommentGroup:
    """Put a comment into another group of the same case, or into a new group of its own (split)."""
    case = submission.case
    with transaction.atomic():
        if group is None:
            position = (case.groups.aggregate(m=Max("position"))["m"] or 0) + 1
            group = CommentGroup.objects.create(case=case, position=position)
        elif group.case_id != case.pk:
            raise UserError("別の案件のグループには移せません。", "A comment cannot move to another case's group.")
        old = submission.group
        submission.group = group
        submission.save(update_fields=["group"])
        if old and old.pk != group.pk and not old.submissions.exists():
            old.delete()
    return group


def merge_groups(target: CommentGroup, source: CommentGroup) -> None:
    if target.case_id != source.case_id or target.pk == source.pk:
        raise UserError("同じ案件の別のグループを選んでください。", "Choose another group of the same case.")
    with transaction.atomic():
        source.submissions.update(group=target)
        if source.summary and source.summary not in target.summary:
            target.summary = f"{target.summary}\n{source.summary}".strip()
            target.save(update_fields=["summary"])
        source.delete()


def publication_problems(case: Case) -> list[tuple[str, str]]:
    """What stops the result from being published (empty list = ready)."""
    problems = []
    if case.phase() != "closed":
        problems.append(("募集の締切後でなければ結果を公表できません。", "The result can be published only after closing."))
    subs = case.submissions.filter(excluded=False)
    if subs.filter(redaction_confirmed=False).exists():
        problems.append(("墨消しを確認していない意見があります。", "Some comments have no confirmed redaction."))
    if subs.filter(group__isnull=True).exists():
        problems.append(("グループに入っていない意見があります。", "Some comments are not in a group."))
    groups = case.groups.filter(submissions__excluded=False).distinct()
    if any(not g.summary.strip() or not g.city_view.strip() for g in groups):
        problems.append(("意見の概要と市の考え方が未記入のグループがあります。", "Some groups lack a summary or the city's view."))
    return problems


def publish_result(case: Case, result_summary: str = "") -> None:
    problems = publication_problems(case)
    if problems:
        raise UserError(" ".join(p[0] for p in problems), " ".join(p[1] for p in problems))
    case.status = Case.Status.RESULT
    case.result_summary = result_summary or case.result_summary
    case.result_published_at = timezone.now()
    case.save(update_fields=["status", "result_summary", "result_published_at", "modified"])


def public_result(case: Case) -> list[dict]:
    """What the result page shows: per group its summary, the city's view and the masked texts.

    Names, addresses, e-mail addresses and original texts are never part of it.
    """
    out = []
    included = Submission.objects.filter(excluded=False).order_by("number")
    for group in case.groups.prefetch_related(Prefetch("submissions", queryset=included, to_attr="included")):
        subs = group.included
        if not subs:
            continue
        out.append({
            "position": group.position, "summary": group.summary, "city_view": group.city_view, "count": len(subs),
            "comments": [{"number": s.number, "section": s.section, "text": s.published_text} for s in subs],
        })
    return out
