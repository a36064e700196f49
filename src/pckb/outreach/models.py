"""Trainings and conferences, the legal library and the dissemination of its documents.

Participation is counted per organisation (headcounts), never as a list of people.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.choices import Classification
from pckb.core.models import OrgScopedModel
from pckb.core.scoping import ScopedQuerySet, scope_org_ids, scope_paths
from pckb.core.text import nfc, vn_fold

from .choices import MAX_AUDIENCE, MAX_HEADCOUNT, DisseminationForm, LegalDocumentType, LegalStatus, TrainingKind

__all__ = [
    "TrainingTopic",
    "TrainingEvent",
    "TrainingParticipation",
    "LegalDocument",
    "LegalDocumentQuerySet",
    "Dissemination",
]

# The bounds are in the text (MAX_HEADCOUNT, MAX_AUDIENCE): a clear message, not Django's generic one.
HEADCOUNT_RANGE = _("A headcount is a whole number from 1 to 10,000.")
AUDIENCE_RANGE = _("The audience is a whole number from 1 to 1,000,000.")


class TrainingTopicQuerySet(models.QuerySet):
    def visible_to(self, user: Any, action: str = "view") -> TrainingTopicQuerySet:
        """Reference data: every topic for everyone (the entry point of related fields)."""
        return self


class TrainingTopic(models.Model):
    """A subject taught or reviewed (the law, explosives and precursors, ...): a catalogue seeded by a migration."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("catalogue entry", "active"), default=True)

    objects = TrainingTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingEventQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str = "view") -> TrainingEventQuerySet:
        """The organiser's subtree as for any record; for reading only, also the events an organisation
        of the reader's scope took part in (an agency sees the conferences it sent people to)."""
        scoped = super().visible_to(user, action)
        if action != "view":
            return scoped
        ids = scope_org_ids(user, "view")
        if ids is None:
            return scoped
        # A semi-join on the events' ids: no duplicate rows when several participants are in scope.
        took_part = TrainingParticipation.objects.filter(organization_id__in=ids).values("event_id")
        return scoped | self.filter(pk__in=took_part).within_clearance(user)


class TrainingEvent(OrgScopedModel):
    """A training, review conference or outreach campaign; `organization` is the organiser.

    `conclusions` holds one conclusion per line; each can become a task whose source is the event.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=TrainingKind.choices, default=TrainingKind.TRAINING)
    title = models.CharField(_("title"), max_length=300)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True, help_text=_("Empty for a one-day event."))
    place = models.CharField(_("place"), max_length=300, blank=True)
    topics = models.ManyToManyField(TrainingTopic, blank=True, related_name="events", verbose_name=_("topics"))
    conclusions = models.TextField(
        _("conclusions"), blank=True, help_text=_("One conclusion per line; each can be turned into a task.")
    )
    notes = models.TextField(_("notes"), blank=True)
    attachments = GenericRelation("core.Attachment", verbose_name=_("materials"))

    objects = TrainingEventQuerySet.as_manager()
    record_date_field = "start_date"

    class Meta:
        verbose_name = _("training or conference")
        verbose_name_plural = _("trainings and conferences")
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["organization", "start_date"], name="trainingevent_org_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="trainingevent_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.title = nfc(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("outreach:trainingevent_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": [_("The end date cannot be before the start date.")]})

    @property
    def last_day(self) -> Any:
        return self.end_date or self.start_date

    def conclusion_lines(self) -> list[str]:
        return [line.strip() for line in self.conclusions.splitlines() if line.strip()]

    def total_headcount(self) -> int:
        return self.participants.aggregate(total=Sum("headcount"))["total"] or 0


class TrainingParticipation(models.Model):
    """How many people one organisation sent to an event (a count, not names)."""

    event = models.ForeignKey(
        TrainingEvent, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("participating organization"),
    )
    headcount = models.PositiveIntegerField(
        _("headcount"),
        validators=[
            MinValueValidator(1, message=HEADCOUNT_RANGE),
            MaxValueValidator(MAX_HEADCOUNT, message=HEADCOUNT_RANGE),
        ],
    )

    class Meta:
        verbose_name = _("participating organization")
        verbose_name_plural = _("participating organizations")
        ordering = ["organization__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organization"],
                name="trainingparticipation_unique",
                violation_error_message=_("This organization is already listed: change its headcount instead."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.headcount}"


class LegalDocumentQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any, action: str = "view") -> LegalDocumentQuerySet:
        """The owner's subtree as for any record; for reading only, also the libraries above the user
        and the public core.

        A committee's documents are read by every organisation below it (its agencies and communes
        disseminate them); a document marked public (the law, the decrees) is read by every signed-in
        user. Both within the reader's clearance; only the owner's editors change a document.
        """
        scoped = super().visible_to(user, action)
        if action != "view" or user is None or not getattr(user, "is_authenticated", False):
            return scoped
        paths = scope_paths(user, "view")
        if paths is None:
            return scoped
        above = {path[: index + 1] for path in paths for index, char in enumerate(path) if char == "/" and index}
        shared = Q(is_public=True) | Q(organization__path__in=sorted(above))
        return scoped | self.filter(shared).within_clearance(user)

    def search(self, text: str) -> LegalDocumentQuerySet:
        """Number and subject without diacritics, every word: "khung bo 28/2013" finds the law."""
        qs = self
        for word in vn_fold(text).split()[:8]:
            qs = qs.filter(search_text__contains=word)
        return qs


class LegalDocument(OrgScopedModel):
    """A law, decree, directive... in a committee's library: reference and incoming documents.

    Distinct from the register's OutgoingDocument (what a committee issues itself). A repealed
    document names the document that replaced it.
    """

    doc_type = models.CharField(_("type"), max_length=32, choices=LegalDocumentType.choices)
    number = models.CharField(_("number"), max_length=60, help_text=_("As printed, e.g. 28/2013/QH13."))
    issued_on = models.DateField(_("date issued"))
    issuer = models.CharField(_("issuing authority"), max_length=200)
    subject = models.CharField(_("subject"), max_length=500)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=LegalStatus.choices, default=LegalStatus.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced or amended by"),
        help_text=_("Required when the document is repealed."),
    )
    is_public = models.BooleanField(
        _("public core"),
        default=False,
        help_text=_("Readable by every committee and agency (laws and decrees); it must be unclassified."),
    )
    notes = models.TextField(_("notes"), blank=True)
    search_text = models.CharField(max_length=700, editable=False, db_index=True)
    attachments = GenericRelation("core.Attachment", verbose_name=_("file"))

    objects = LegalDocumentQuerySet.as_manager()
    record_date_field = "issued_on"

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["organization", "issued_on"], name="legaldocument_org_date_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "doc_type", "number"],
                name="legaldocument_unique_number",
                violation_error_message=_("This library already holds a document of this type with this number."),
            ),
            models.CheckConstraint(
                condition=~Q(status=LegalStatus.REPEALED) | Q(replaced_by__isnull=False),
                name="legaldocument_repealed_has_replacement",
                violation_error_message=_("A repealed document needs the document that replaced it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.subject = nfc(self.subject)
        self.number = nfc(self.number).strip()
        self.search_text = vn_fold(f"{self.number} {self.subject} {self.issuer}")[:700]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("outreach:legaldocument_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.status == LegalStatus.REPEALED and self.replaced_by_id is None:
            errors.setdefault("replaced_by", []).append(_("A repealed document needs the document that replaced it."))
        if self.replaced_by_id is not None and self.pk is not None and self.replaced_by_id == self.pk:
            errors.setdefault("replaced_by", []).append(_("A document cannot replace itself."))
        if self.is_public and self.classification != Classification.UNCLASSIFIED:
            errors.setdefault("is_public", []).append(_("A classified document cannot be in the public core."))
        if self.issued_on and self.effective_date and self.effective_date < self.issued_on:
            errors.setdefault("effective_date", []).append(_("The effective date cannot be before the date issued."))
        if errors:
            raise ValidationError(errors)


class Dissemination(OrgScopedModel):
    """One briefing on legal documents ("quán triệt, phổ biến"): the organisation that held it for its
    staff (`organization`), when, how, and how many people it reached (a count)."""

    documents = models.ManyToManyField(
        LegalDocument, related_name="disseminations", verbose_name=_("documents")
    )
    date = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=16, choices=DisseminationForm.choices)
    audience_count = models.PositiveIntegerField(
        _("audience"),
        validators=[
            MinValueValidator(1, message=AUDIENCE_RANGE),
            MaxValueValidator(MAX_AUDIENCE, message=AUDIENCE_RANGE),
        ],
        help_text=_("How many people were briefed."),
    )
    audience = models.CharField(
        _("who was briefed"), max_length=300, blank=True, help_text=_("E.g. officers and staff of the department.")
    )
    notes = models.TextField(_("notes"), blank=True)

    record_date_field = "date"

    class Meta:
        verbose_name = _("dissemination")
        verbose_name_plural = _("disseminations")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organization", "date"], name="dissemination_org_date_idx")]

    def __str__(self) -> str:
        return _("Dissemination of {date}").format(date=self.date.strftime("%d/%m/%Y") if self.date else "")

    def get_absolute_url(self) -> str:
        return reverse("outreach:dissemination_detail", args=[self.pk])
