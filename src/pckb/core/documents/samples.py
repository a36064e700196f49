"""A realistic sample of every document type.

An administrator's replacement template must render its type's sample before it is accepted, and the
PNG script renders the samples so reviewers see the layout. The samples use every field a template may
print (parent body, secrecy, urgency, legal bases, three levels of numbering, a table, recipients).
"""

from __future__ import annotations

import datetime

from .context import DocumentContext, Header, Section, Signer, Table
from .types import Authority, DocumentType, Urgency, default_recipients

__all__ = ["sample_context", "sample_header"]


def sample_header() -> Header:
    return Header(
        parent_body="UBND TỈNH BẮC NINH",
        body_name="BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ",
        body_symbol="BCĐ",
        place="Bắc Ninh",
    )


_HEAD = Signer(
    full_name="Nguyễn Văn An",
    position="Trưởng ban",
    authority=Authority.ON_BEHALF,
    authority_for="Ban Chỉ đạo",
)
_DEPUTY = Signer(
    full_name="Trần Quốc Bình",
    position="Phó Trưởng ban",
    authority=Authority.FOR_HEAD,
    authority_for="Trưởng ban",
)

_SUBJECTS: dict[str, str] = {
    DocumentType.REPORT: "Sơ kết công tác phòng, chống khủng bố 6 tháng đầu năm 2026",
    DocumentType.PLAN: "Triển khai công tác phòng, chống khủng bố năm 2026",
    DocumentType.DECISION: "Về việc kiện toàn Ban Chỉ đạo phòng, chống khủng bố tỉnh Bắc Ninh",
    DocumentType.NOTICE: "Kết luận kiểm tra công tác phòng, chống khủng bố tại Sở Y tế",
    DocumentType.MINUTES: "Kiểm tra công tác phòng, chống khủng bố tại Cảng hàng không",
    DocumentType.SUBMISSION: "Về việc phê duyệt Kế hoạch diễn tập phòng, chống khủng bố năm 2026",
    DocumentType.SCHEME: "Bảo vệ mục tiêu trọng điểm Trung tâm Hành chính tỉnh",
    DocumentType.PROGRAMME: "Công tác của Ban Chỉ đạo phòng, chống khủng bố năm 2026",
    DocumentType.GUIDANCE: "Xây dựng phương án xử lý ban đầu tình huống khủng bố tại cơ quan, đơn vị",
    DocumentType.INVITATION: "Dự Hội nghị sơ kết công tác phòng, chống khủng bố 6 tháng đầu năm 2026",
    DocumentType.DISPATCH: "Về việc tăng cường bảo vệ an ninh, trật tự dịp Tết Nguyên đán",
    DocumentType.OFFICIAL_LETTER: "Báo cáo kết quả thực hiện nhiệm vụ phòng, chống khủng bố quý III",
}

_TASKS = Table(
    headings=("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"),
    rows=(
        ("1", "Rà soát, bổ sung danh mục mục tiêu trọng điểm", "Công an tỉnh", "Các sở, ngành", "30/4/2026"),
        ("2", "Tổ chức diễn tập xử lý tình huống khủng bố", "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Quý III"),
        ("3", "Tuyên truyền, phổ biến Luật Phòng, chống khủng bố", "Sở Văn hóa, Thể thao", "UBND các xã", "Cả năm"),
    ),
    widths=(1, 7, 4, 4, 2.5),
)

_MEMBERS = Table(
    headings=("TT", "Họ và tên", "Chức vụ, đơn vị", "Chức danh trong Ban Chỉ đạo"),
    rows=(
        ("1", "Nguyễn Văn An", "Chủ tịch UBND tỉnh", "Trưởng ban"),
        ("2", "Trần Quốc Bình", "Giám đốc Công an tỉnh", "Phó Trưởng ban thường trực"),
        ("3", "Lê Minh Cường", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "Phó Trưởng ban"),
        ("4", "Phạm Thị Dung", "Phó Giám đốc Công an tỉnh", "Thành viên thường trực"),
    ),
    widths=(1, 5, 7, 5),
)

_GENERIC_SECTIONS = (
    Section(
        heading="Mục đích, yêu cầu",
        items=(
            Section(
                heading="Mục đích",
                paragraphs=(
                    "Chủ động phát hiện, ngăn chặn kịp thời mọi âm mưu, hoạt động khủng bố, không để bị động, bất ngờ.",
                ),
            ),
            Section(
                heading="Yêu cầu",
                items=(
                    Section(heading="Các cơ quan, đơn vị quán triệt đầy đủ nội dung văn bản này."),
                    Section(heading="Báo cáo kết quả về Văn phòng thường trực đúng hạn."),
                ),
            ),
        ),
    ),
    Section(
        heading="Nội dung",
        paragraphs=("Các nhiệm vụ cụ thể, đơn vị chủ trì, đơn vị phối hợp và thời hạn hoàn thành như sau:",),
        table=_TASKS,
    ),
    Section(
        heading="Tổ chức thực hiện",
        paragraphs=("Giao Công an tỉnh (cơ quan thường trực) theo dõi, đôn đốc, tổng hợp kết quả thực hiện./.",),
    ),
)

_DECISION_ARTICLES = (
    Section(
        heading="Kiện toàn Ban Chỉ đạo phòng, chống khủng bố tỉnh Bắc Ninh gồm các ông (bà) có tên sau:",
        table=_MEMBERS,
    ),
    Section(heading="Ban Chỉ đạo có nhiệm vụ, quyền hạn theo quy định tại Điều 13 Luật Phòng, chống khủng bố."),
    Section(
        heading="Quyết định này có hiệu lực kể từ ngày ký. Các ông (bà) có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này./."
    ),
)

_FIGURES = Table(
    headings=("TT", "Nội dung", "6 tháng đầu năm 2026", "Cùng kỳ năm 2025"),
    rows=(
        ("1", "Hội nghị quán triệt, tập huấn (cuộc)", "12", "9"),
        ("2", "Cuộc kiểm tra công tác phòng, chống khủng bố", "6", "5"),
        ("3", "Cuộc diễn tập xử lý tình huống", "2", "1"),
    ),
    widths=(1, 9, 4, 4),
)

_REPORT_SECTIONS = (
    Section(
        heading="Kết quả thực hiện",
        paragraphs=("Ban Chỉ đạo đã chỉ đạo các cơ quan, đơn vị triển khai đồng bộ các nhiệm vụ; kết quả chính:",),
        table=_FIGURES,
    ),
    Section(
        heading="Tồn tại, hạn chế",
        paragraphs=("Một số đơn vị chưa cập nhật phương án bảo vệ mục tiêu trọng điểm theo địa giới mới.",),
    ),
    Section(
        heading="Phương hướng, nhiệm vụ 6 tháng cuối năm",
        items=(
            Section(heading="Hoàn thành rà soát danh mục mục tiêu trọng điểm trước ngày 30 tháng 9."),
            Section(heading="Tổ chức diễn tập phòng, chống khủng bố cấp tỉnh năm 2026./."),
        ),
    ),
)

_NOTICE_SECTIONS = (
    Section(
        heading="Kết quả kiểm tra",
        paragraphs=("Sở Y tế đã ban hành kế hoạch, phân công cán bộ theo dõi công tác phòng, chống khủng bố.",),
    ),
    Section(
        heading="Kết luận và yêu cầu",
        items=(
            Section(heading="Bổ sung phương án xử lý ban đầu tại các bệnh viện tuyến tỉnh."),
            Section(heading="Báo cáo kết quả khắc phục về Văn phòng thường trực trước ngày 30 tháng 6./."),
        ),
    ),
)

_MINUTES_SECTIONS = (
    Section(
        heading="Thời gian, địa điểm, thành phần",
        paragraphs=(
            "Thời gian: 08 giờ 00, ngày 05 tháng 02 năm 2026.",
            "Địa điểm: Cảng hàng không; thành phần: Đoàn kiểm tra của Ban Chỉ đạo và đại diện đơn vị.",
        ),
    ),
    Section(
        heading="Nội dung",
        items=(
            Section(heading="Đơn vị báo cáo việc thực hiện phương án bảo vệ mục tiêu."),
            Section(heading="Đoàn kiểm tra thống nhất nhận xét, yêu cầu khắc phục những tồn tại."),
        ),
    ),
    Section(
        heading="",
        paragraphs=("Biên bản kết thúc lúc 11 giờ 00 cùng ngày, đã đọc lại cho các thành phần cùng nghe./.",),
    ),
)

_INVITATION_SECTIONS = (
    Section(
        heading="",
        paragraphs=(
            "Ban Chỉ đạo phòng, chống khủng bố tỉnh trân trọng kính mời đại diện lãnh đạo các cơ quan, "
            "đơn vị thành viên dự Hội nghị sơ kết công tác phòng, chống khủng bố 6 tháng đầu năm 2026.",
            "Thời gian: 08 giờ 00, ngày 10 tháng 7 năm 2026.",
            "Địa điểm: Hội trường Công an tỉnh.",
            "Đề nghị các đại biểu đến dự đúng thời gian./.",
        ),
    ),
)

_LETTER_SECTIONS = (
    Section(
        heading="",
        paragraphs=(
            "Thực hiện Chương trình công tác năm 2026, Ban Chỉ đạo phòng, chống khủng bố tỉnh đề nghị "
            "các cơ quan, đơn vị báo cáo kết quả thực hiện nhiệm vụ phòng, chống khủng bố quý III.",
            "Báo cáo gửi về Văn phòng thường trực (qua Phòng An ninh đối ngoại, Công an tỉnh) trước ngày "
            "05 tháng 10 năm 2026 để tổng hợp./.",
        ),
    ),
)

_REQUEST_SECTIONS = (
    Section(
        heading="",
        paragraphs=("Để bảo đảm an ninh, trật tự, Ban Chỉ đạo phòng, chống khủng bố tỉnh đề nghị:",),
        items=(
            Section(heading="Các cơ quan, đơn vị rà soát phương án bảo vệ mục tiêu trọng điểm được giao."),
            Section(
                heading="Duy trì nghiêm chế độ trực, báo cáo ngay tình huống phát sinh về Văn phòng thường trực./."
            ),
        ),
    ),
)

_ADDRESSEES: dict[str, tuple[str, ...]] = {
    DocumentType.SUBMISSION: ("Ủy ban nhân dân tỉnh Bắc Ninh",),
    DocumentType.DISPATCH: ("Các sở, ban, ngành, đoàn thể tỉnh", "UBND các xã, phường"),
    DocumentType.OFFICIAL_LETTER: ("Các sở, ban, ngành, đoàn thể tỉnh", "UBND các xã, phường"),
}

_SECTIONS: dict[str, tuple[Section, ...]] = {
    DocumentType.REPORT: _REPORT_SECTIONS,
    DocumentType.DECISION: _DECISION_ARTICLES,
    DocumentType.NOTICE: _NOTICE_SECTIONS,
    DocumentType.MINUTES: _MINUTES_SECTIONS,
    DocumentType.INVITATION: _INVITATION_SECTIONS,
    DocumentType.SUBMISSION: _REQUEST_SECTIONS,
    DocumentType.DISPATCH: _REQUEST_SECTIONS,
    DocumentType.OFFICIAL_LETTER: _LETTER_SECTIONS,
}


def sample_context(doc_type: DocumentType | str, *, number: int | None = 7, secrecy: str = "MẬT") -> DocumentContext:
    """A realistic context for ``doc_type``: numbered 07, dated 05/02/2026, marked "MẬT" and "KHẨN".

    ``number=None`` gives the draft form; ``secrecy=""`` an unclassified document.
    """
    doc_type = DocumentType(doc_type)
    decision = doc_type == DocumentType.DECISION
    sections = _SECTIONS.get(doc_type, _GENERIC_SECTIONS)
    return DocumentContext(
        doc_type=doc_type,
        header=sample_header(),
        subject=_SUBJECTS[doc_type],
        signer=_DEPUTY if doc_type == DocumentType.OFFICIAL_LETTER else _HEAD,
        number=number,
        date=datetime.date(2026, 2, 5),
        secrecy=secrecy,
        urgency=Urgency.URGENT,
        addressees=_ADDRESSEES.get(doc_type, ()),
        authority_heading="TRƯỞNG BAN CHỈ ĐẠO PHÒNG, CHỐNG KHỦNG BỐ TỈNH BẮC NINH" if decision else "",
        preamble=(
            "Căn cứ Luật Phòng, chống khủng bố ngày 12 tháng 6 năm 2013;",
            "Căn cứ Nghị định số 07/2014/NĐ-CP ngày 27 tháng 01 năm 2014 của Chính phủ;",
            "Theo đề nghị của Giám đốc Công an tỉnh.",
        )
        if decision
        else (),
        enacting_words="QUYẾT ĐỊNH:" if decision else "",
        sections=sections,
        recipients=default_recipients(doc_type),
        filed_by="VT, VPTT",
        drafting_unit="VPTT",
    )
