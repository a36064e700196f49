"""The generic templates every app renders: form, field, confirmation, delete confirmation, history."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from pckb.core import audit

pytestmark = pytest.mark.django_db


class DocumentForm(forms.Form):
    title = forms.CharField(label="Trích yếu", help_text="Tối đa 200 ký tự")
    attachment = forms.FileField(label="Tệp đính kèm", required=False)
    urgent = forms.BooleanField(label="Khẩn", required=False)

    def clean(self):
        raise forms.ValidationError("Số văn bản đã tồn tại.")


def _request(user):
    request = RequestFactory().get("/x/")
    request.user = user
    return request


def test_it_renders_a_form_with_labels_errors_and_file_upload(world):
    form = DocumentForm({"title": ""})
    form.is_valid()
    html = render_to_string("core/form.html", {"form": form, "title": "Văn bản mới"}, _request(world.org_a_editor))
    assert 'enctype="multipart/form-data"' in html
    assert "Vui lòng sửa các lỗi dưới đây." in html and "<li>Số văn bản đã tồn tại.</li>" in html
    assert '<label class="form-label" for="id_title">Trích yếu <span class="pckb-required"' in html
    assert 'aria-describedby="id_title_help id_title_error"' in html and 'id="id_title_error"' in html
    assert '<label class="form-check-label" for="id_urgent">Khẩn</label>' in html
    assert 'href="/">Hủy</a>' in html  # no object, no cancel_url: back to the overview


def test_it_asks_before_deleting_with_a_red_button(world):
    html = render_to_string("core/confirm_delete.html", {"object": world.a1}, _request(world.org_a_editor))
    assert "Xóa bản ghi này?" in html and "<strong>Sở Y tế tỉnh A</strong>" in html
    assert 'class="btn btn-danger"' in html and 'method="post"' in html
    assert "Thao tác này không thể hoàn tác." in html


def test_it_shows_a_records_history_with_before_and_after(world):
    before = audit.snapshot(world.a1)
    world.a1.phone = "0203 3835 111"
    world.a1.save()
    audit.record_update(world.a1, before, actor=world.org_a_manager)
    html = render_to_string("core/_history.html", {"history": [audit.AuditEntry.objects.get()]})
    assert "org_a_manager" in html and "Cập nhật" in html
    assert "0203 3835 111</ins>" in html and "updated_at" not in html


def test_it_says_so_when_there_is_no_history():
    assert "Chưa có thay đổi nào được ghi nhận." in render_to_string("core/_history.html", {"history": []})


def test_it_explains_an_expired_form_in_the_sites_language(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "org_a_viewer", "password": "x"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn." in response.content.decode()


def test_it_renders_the_layout_for_anonymous_visitors():
    html = render_to_string("base.html", {}, _request(AnonymousUser()))
    assert "setlang" in html and "Đăng xuất" not in html
