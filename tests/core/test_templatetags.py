"""Template helpers: how list cells read, badges, accessible form widgets, audit values."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone, translation

from pckb.core.templatetags import pckb_tags
from pckb.core.views import Column


def test_it_formats_dates_booleans_and_empty_values_for_tables():
    with translation.override("vi"):
        assert pckb_tags.format_value(datetime.date(2026, 3, 5)) == "05/03/2026"
        assert pckb_tags.format_value(True) == "Có" and pckb_tags.format_value(False) == "Không"
    assert pckb_tags.format_value(None) == ""
    moment = datetime.datetime(2026, 3, 5, 1, 30, tzinfo=datetime.UTC)
    assert pckb_tags.format_value(moment) == "05/03/2026 08:30"  # shown in Hanoi time


def test_it_reads_a_dotted_column_with_choice_labels():
    class Row:
        def __init__(self):
            self.kind = "committee"

        def get_kind_display(self):
            return "Ban Chỉ đạo"

    class Holder:
        row = Row()

    assert pckb_tags.column_value(Holder(), Column("row.kind", "Loại")) == "Ban Chỉ đạo"


def test_it_colours_a_classification_badge():
    class Record:
        classification = 2

        def get_classification_display(self):
            return "Tối mật"

    html = pckb_tags.choice_badge(Record(), "classification")
    assert html == '<span class="badge text-bg-danger">Tối mật</span>'
    assert "text-bg-success" in pckb_tags.choice_badge(Record(), "classification", {2: "success"})


def test_it_ties_help_and_errors_to_the_widget():
    class Form(forms.Form):
        email = forms.EmailField(help_text="công vụ")
        kind = forms.ChoiceField(choices=[("a", "A")])

    form = Form({"email": "sai", "kind": "a"})
    assert not form.is_valid()
    html = pckb_tags.field_widget(form["email"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-describedby="id_email_help id_email_error"' in html and 'aria-invalid="true"' in html
    assert 'class="form-select form-select-sm"' in pckb_tags.field_widget(form["kind"], size="sm")


def test_it_keeps_filters_and_sort_in_list_links():
    template = Template('{% load pckb_tags %}{% list_url page=3 %}|{% list_url export="xlsx" %}')
    html = template.render(Context({"querystring": "q=ha+noi", "current_sort": "-time"}))
    assert html == "?q=ha+noi&amp;sort=-time&amp;page=3|?q=ha+noi&amp;sort=-time&amp;export=xlsx"


@pytest.mark.parametrize(
    ("value", "shown"), [(None, "—"), ("", "—"), (True, "Có"), ([1, 2], "[1, 2]"), ({"a": "ă"}, '{"a": "ă"}')]
)
def test_it_shows_audit_values_briefly(value, shown):
    with translation.override("vi"):
        assert pckb_tags.audit_value(value) == shown


def test_it_shortens_very_long_audit_values():
    assert len(pckb_tags.audit_value("x" * 1000)) == 300


def test_it_converts_a_lockout_to_minutes():
    assert pckb_tags.minutes(datetime.timedelta(minutes=15)) == 15
    assert pckb_tags.minutes(datetime.timedelta(seconds=10)) == 1
    assert timezone.is_aware(timezone.now())


def test_it_shows_audited_values_as_people_read_them():
    from pckb.core.views_audit import display_value, field_label

    with translation.override("vi"):
        assert str(display_value("organizations.membership", "role", 40)) == "Quản trị viên"
        assert display_value("core.auditentry", "time", "2026-03-05T01:30:00Z") == "05/03/2026 08:30"
        assert display_value("organizations.committeemember", "valid_from", "2026-07-01") == "01/07/2026"
        assert display_value("organizations.organization", "phone", "0203") == "0203"
        assert display_value("no.such", "x", 5) == 5
        assert str(field_label("accounts.user", "clearance")) == "mức tiếp cận bí mật"
        assert field_label("accounts.user", "gone") == "gone"


def test_it_names_the_empty_choice_instead_of_dashes(world):
    from django import forms

    from pckb.core.templatetags.pckb_tags import field_widget
    from pckb.organizations.models import CommitteeMember, Organization

    class Sample(forms.ModelForm):
        representing = forms.ModelChoiceField(Organization.objects.all(), required=False)

        class Meta:
            model = CommitteeMember
            fields = ["committee_role", "representing"]

    form = Sample()
    for name in ("committee_role", "representing"):
        html = field_widget(form[name])
        assert "---------" not in html
        assert "Chọn…" in html or "Choose…" in html
