"""The shared widgets speak the page's language, never the browser's (#7): dates dd/mm/yyyy with the
vendored picker, server-side validation only, file inputs and checkbox lists of our own."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from pckb.core.templatetags.pckb_tags import active_filters, field_widget
from pckb.core.widgets import CheckboxList, DateInput, FileInput


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label="Hạn", widget=DateInput)
    note = forms.CharField(label="Ghi chú", max_length=10)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("05/03/2026", datetime.date(2026, 3, 5)),
        ("2026-03-05", datetime.date(2026, 3, 5)),
        ("5/3/2026", datetime.date(2026, 3, 5)),
    ],
)
def test_it_reads_dates_day_first_and_iso_in_every_language(language, typed, day):
    with translation.override(language):
        form = DeadlineForm({"deadline": typed, "note": "x"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["deadline"] == day


def test_it_refuses_a_month_first_date_with_a_translated_message():
    with translation.override("vi"):
        form = DeadlineForm({"deadline": "03/25/2026", "note": "x"})
        assert not form.is_valid()
        assert form.errors["deadline"] == ["Nhập một ngày hợp lệ."]


def test_it_shows_dates_as_text_for_the_picker_never_the_browsers_date_input():
    html = field_widget(DeadlineForm(initial={"deadline": datetime.date(2026, 3, 5)})["deadline"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'value="05/03/2026"' in html and "data-pckb-date" in html and 'inputmode="numeric"' in html


def test_it_replaces_a_plain_django_date_input_in_the_renderer():
    class Plain(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    html = field_widget(Plain(initial={"day": datetime.date(2026, 12, 1)})["day"])
    assert 'type="text"' in html and "data-pckb-date" in html and 'value="01/12/2026"' in html


def test_it_leaves_validation_to_the_server():
    form = DeadlineForm()
    html = field_widget(form["note"])
    # No `required` or browser constraint bubble in the browser's language; screen readers still know.
    assert " required" not in html and 'aria-required="true"' in html
    page = render_to_string("core/form.html", {"form": form, "title": "T"}, request=RequestFactory().get("/"))
    assert '<form method="post"' in page and "novalidate" in page and " required" not in page


def test_it_labels_the_file_input_in_the_pages_language():
    class Upload(forms.Form):
        attachment = forms.FileField(label="Tệp đính kèm")

    with translation.override("vi"):
        html = field_widget(Upload()["attachment"])
    assert 'type="file"' in html and "visually-hidden" in html
    assert '<label class="btn btn-outline-secondary btn-sm mb-0 pckb-file-button" for="id_attachment">' in html
    assert "Chọn tệp" in html and "Chưa chọn tệp" in html
    assert 'aria-describedby="id_attachment_name"' in html
    assert isinstance(Upload().fields["attachment"].widget, forms.ClearableFileInput)  # the form is untouched
    assert issubclass(FileInput, forms.ClearableFileInput)


def test_it_lists_several_choices_as_checkboxes_with_a_search_box():
    class Many(forms.Form):
        orgs = forms.MultipleChoiceField(
            label="Đơn vị",
            choices=[("1", "Công an tỉnh"), ("2", "Sở Y tế")],
            widget=CheckboxList(search_label="Tìm đơn vị"),
        )

    with translation.override("vi"):
        form = Many({"orgs": ["2"]})
        html = field_widget(form["orgs"])
        page = render_to_string("core/_field.html", {"field": form["orgs"]})
    assert 'type="search"' in html and 'aria-label="Tìm đơn vị"' in html and 'aria-controls="id_orgs_options"' in html
    assert html.count('type="checkbox"') == 2
    assert 'value="2" class="form-check-input" id="id_orgs_1" checked' in html
    assert '<label class="form-check-label" for="id_orgs_0">Công an tỉnh</label>' in html
    assert "Chọn tất cả đang hiện" in html and 'aria-live="polite"' in html
    assert "<fieldset" in page and "<legend" in page and "Đơn vị" in page


def test_it_counts_the_filters_in_use():
    class Filters(forms.Form):
        q = forms.CharField(required=False)
        status = forms.CharField(required=False)
        plan = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class FilterSet:
        def __init__(self, data):
            self.form = Filters(data)

    from django.http import QueryDict

    assert active_filters(FilterSet(QueryDict("q=ha&status=&plan=3"))) == 1
    assert active_filters(FilterSet(QueryDict("q=ha&status=open"))) == 2
    assert active_filters(FilterSet(None)) == 0


@pytest.mark.django_db
def test_it_lists_organisations_under_their_parent(world):
    from pckb.core.widgets import organization_checkboxes
    from pckb.organizations.models import Organization

    class Many(forms.Form):
        orgs = forms.ModelMultipleChoiceField(
            Organization.objects.filter(path__startswith=world.a.path).order_by("path"),
            widget=organization_checkboxes(),
        )

    groups = Many()["orgs"].field.widget.optgroups("orgs", [])
    named = [(group, [option["label"] for option in options]) for group, options, _index in groups]
    # Province A itself (its parent is not a choice) first, then its agency under its name.
    assert named == [(None, ["Ban Chỉ đạo PCKB tỉnh A"]), ("Ban Chỉ đạo PCKB tỉnh A", ["Sở Y tế tỉnh A"])]
