import pytest

from pckb.core.register.services import do_create_document, do_save_header_settings


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def set_header(world, org=None, symbol="BCĐ"):
    org = org or world.a
    return do_save_header_settings(
        org,
        actor=world.superuser,
        parent_line="UBND TỈNH A",
        body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ",
        symbol=symbol,
        place_name="Bắc Ninh",
    )


def make_draft(world, org=None, **fields):
    values = {
        "doc_type": "BC",
        "subject": "Sơ kết công tác phòng, chống khủng bố",
        "body": "Đoạn thứ nhất.\nĐoạn thứ hai.",
        "signer_name": "Nguyễn Văn An",
        "signer_position": "Trưởng ban",
        "signer_authority": "TM.",
        "signer_body": "Ban Chỉ đạo",
    }
    values.update(fields)
    return do_create_document(org or world.a, actor=world.superuser, **values)
