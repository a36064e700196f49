"""Commendations proposed by an organisation, their linked achievements and the decision batches."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pckb.core.models import OrgScopedModel

from .choices import AwardForm, CommendationStatus, RecipientKind

__all__ = ["Commendation", "CommendationAchievement", "CommendationBatch"]


class CommendationBatch(OrgScopedModel):
    """Approved commendations decided together; `organization` issues their decision (QĐ)."""

    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True, editable=False)
    decision_date = models.DateField(_("decision date"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("commendation batch")
        verbose_name_plural = _("commendation batches")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:commendationbatch_detail", args=[self.pk])


class Commendation(OrgScopedModel):
    """A commendation ("khen thưởng") proposed by `organization` for one of its organisations or a
    named official; proposed → approved / rejected, the proposer and the decider audited."""

    recipient_kind = models.CharField(
        pgettext_lazy("commendation", "recipient"),
        max_length=16,
        choices=RecipientKind.choices,
        default=RecipientKind.COLLECTIVE,
    )
    recipient_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient organization"),
        help_text=_("The organization commended, or the unit of the official."),
    )
    recipient_name = models.CharField(_("official's full name"), max_length=200, blank=True)
    recipient_title = models.CharField(_("official's title"), max_length=200, blank=True)
    form = models.CharField(
        _("form of commendation"), max_length=32, choices=AwardForm.choices, default=AwardForm.COMMENDATION_LETTER
    )
    issuing_authority = models.CharField(pgettext_lazy("commendation", "issuing authority"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    reason = models.TextField(pgettext_lazy("commendation", "reason"))
    year = models.PositiveSmallIntegerField(
        _("period (year)"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CommendationStatus.choices,
        default=CommendationStatus.PROPOSED,
        editable=False,
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True, editable=False)
    batch = models.ForeignKey(
        CommendationBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commendations",
        editable=False,
        verbose_name=_("commendation batch"),
    )

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["organization", "status", "decided_on"], name="commendation_org_status")]

    def __str__(self) -> str:
        return _("{form}: {recipient}").format(form=self.get_form_display(), recipient=self.recipient_label)

    def get_absolute_url(self) -> str:
        return reverse("awards:commendation_detail", args=[self.pk])

    @property
    def recipient_label(self) -> str:
        if self.recipient_kind == RecipientKind.INDIVIDUAL:
            return ", ".join(part for part in (self.recipient_name, self.recipient_title) if part)
        return str(self.recipient_organization or "—")

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.recipient_kind == RecipientKind.COLLECTIVE and not self.recipient_organization_id:
            errors["recipient_organization"] = [_("Choose the organization commended.")]
        if self.recipient_kind == RecipientKind.INDIVIDUAL:
            if not self.recipient_name.strip():
                errors["recipient_name"] = [_("Write the official's full name.")]
            if not self.recipient_title.strip():
                errors["recipient_title"] = [_("Write the official's title.")]
        if self.recipient_organization_id and self.organization_id:
            proposer = self.organization
            if not self.recipient_organization.path.startswith(proposer.path):
                errors["recipient_organization"] = [
                    _(
                        "{recipient} is outside the scope of {proposer}: it can only propose its own organizations."
                    ).format(recipient=self.recipient_organization, proposer=proposer)
                ]
        if errors:
            raise ValidationError(errors)


class CommendationAchievement(models.Model):
    """A record of the system the commendation rests on (an exercise held, a task done, ...)."""

    commendation = models.ForeignKey(
        Commendation, on_delete=models.CASCADE, related_name="achievements", verbose_name=_("commendation")
    )
    source_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+", verbose_name=_("record type")
    )
    source_id = models.PositiveBigIntegerField(_("record id"))
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        verbose_name = _("linked achievement")
        verbose_name_plural = _("linked achievements")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commendation", "source_type", "source_id"], name="commendationachievement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_type_id}:{self.source_id}"
