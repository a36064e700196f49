"""The built-in checklist "Bộ tiêu chí kiểm tra công tác PCKB" (version 1, published, no owner).

Written for this project: the duties a higher committee checks at a lower one or a member agency.
"""

from django.db import migrations

TITLE = "Bộ tiêu chí kiểm tra công tác phòng, chống khủng bố"
G1 = "I. Lãnh đạo, chỉ đạo và quán triệt văn bản"
G2 = "II. Kiện toàn tổ chức và phân công nhiệm vụ"
G3 = "III. Kế hoạch, phương án và lực lượng"
G4 = "IV. Tập huấn, diễn tập và tuyên truyền"
G5 = "V. Bảo vệ mục tiêu và phòng ngừa"
G6 = "VI. Chế độ thông tin, báo cáo và bảo mật"

# (group, text, guidance, weight, evidence required, kinds of unit; empty = every kind)
CRITERIA = [
    (G1, "Đã tổ chức quán triệt Luật Phòng, chống khủng bố và các văn bản chỉ đạo của cấp trên trong năm.",
     "Xem biên bản, thông báo hoặc tài liệu hội nghị quán triệt.", 3, True, []),
    (G1, "Ban hành văn bản chỉ đạo, hướng dẫn triển khai công tác PCKB phù hợp với tình hình của đơn vị.",
     "Đối chiếu số, ngày văn bản với yêu cầu của cấp trên.", 3, True, []),
    (G1, "Văn bản chỉ đạo của cấp trên được phổ biến kịp thời đến các đơn vị trực thuộc.",
     "Kiểm tra sổ văn bản đến, đi và thời gian chuyển tiếp.", 2, False, []),
    (G1, "Lãnh đạo đơn vị trực tiếp chủ trì các cuộc họp, sơ kết, tổng kết công tác PCKB.",
     "", 2, False, ["committee", "commune"]),
    (G2, "Quyết định thành lập, kiện toàn Ban Chỉ đạo còn hiệu lực, thành phần đúng quy định.",
     "So sánh danh sách thành viên với quyết định kiện toàn gần nhất.", 3, True, ["committee", "commune"]),
    (G2, "Có quy chế hoạt động và văn bản phân công nhiệm vụ cho từng thành viên.",
     "", 2, True, ["committee", "commune"]),
    (G2, "Bộ phận thường trực, đầu mối liên lạc được chỉ định rõ, có số điện thoại trực 24/7.",
     "Gọi thử số trực trong buổi kiểm tra.", 2, False, []),
    (G2, "Thành viên thay đổi công tác được thay thế, kiện toàn kịp thời.",
     "", 1, False, ["committee", "commune"]),
    (G3, "Có Kế hoạch công tác PCKB năm được phê duyệt và triển khai đúng tiến độ.",
     "Xem kế hoạch và báo cáo tiến độ các nhiệm vụ.", 3, True, []),
    (G3, "Phương án xử lý các tình huống khủng bố được xây dựng, rà soát, cập nhật trong 12 tháng gần nhất.",
     "Kiểm tra ngày phê duyệt, ngày rà soát của từng phương án.", 3, True, []),
    (G3, "Lực lượng bảo vệ, lực lượng xử lý ban đầu được bố trí chuyên trách hoặc kiêm nhiệm rõ ràng.",
     "", 3, False, []),
    (G3, "Phương tiện, trang thiết bị phục vụ xử lý ban đầu được bảo đảm và sẵn sàng sử dụng.",
     "Kiểm tra thực tế danh mục trang bị.", 2, False, []),
    (G3, "Có phương án bảo đảm an toàn giao dịch, kho quỹ và xe chuyên dùng chở tiền.",
     "", 2, False, ["bank"]),
    (G3, "Có phương án bảo đảm an toàn hạ tầng mạng, trạm phát sóng và kênh thông tin khẩn cấp.",
     "", 2, False, ["telecom"]),
    (G4, "Tổ chức tập huấn nghiệp vụ PCKB cho cán bộ, lực lượng liên quan trong năm.",
     "Xem danh sách học viên và nội dung tập huấn.", 2, True, []),
    (G4, "Tổ chức hoặc tham gia diễn tập xử lý tình huống khủng bố theo kế hoạch.",
     "Xem kế hoạch, báo cáo rút kinh nghiệm diễn tập.", 3, True, []),
    (G4, "Tuyên truyền, phổ biến kiến thức PCKB cho cán bộ, nhân viên và nhân dân.",
     "", 2, False, []),
    (G4, "Cơ quan báo chí đưa tin về công tác PCKB đúng định hướng, không làm lộ thông tin nghiệp vụ.",
     "", 2, False, ["telecom"]),
    (G5, "Danh sách mục tiêu trọng điểm thuộc phạm vi quản lý được lập và cập nhật.",
     "", 3, True, ["committee", "commune"]),
    (G5, "Mục tiêu trọng điểm có lực lượng bảo vệ và quy chế ra vào, kiểm soát người, phương tiện.",
     "Kiểm tra thực tế tại ít nhất một mục tiêu.", 3, False, []),
    (G5, "Di tích, điểm tham quan đông người có phương án phân luồng, sơ tán và điểm tập kết an toàn.",
     "", 2, False, ["historic_site"]),
    (G5, "Thực hiện rà soát, phát hiện sớm các nguy cơ, dấu hiệu liên quan đến khủng bố trên địa bàn, lĩnh vực.",
     "Chỉ xem số liệu tổng hợp, không xem danh sách cá nhân.", 3, False, []),
    (G5, "Phối hợp với cơ quan Công an và các lực lượng liên quan khi có tình huống.",
     "", 2, False, []),
    (G6, "Báo cáo định kỳ công tác PCKB gửi đúng hạn, đủ nội dung theo yêu cầu của cấp trên.",
     "Đối chiếu ngày gửi với thời hạn của từng kỳ báo cáo.", 3, True, []),
    (G6, "Thông tin về vụ việc, tình huống được báo cáo nhanh đúng quy định.",
     "", 2, False, []),
    (G6, "Tài liệu mật về PCKB được quản lý, lưu giữ, giao nhận đúng quy định bảo vệ bí mật nhà nước.",
     "Kiểm tra sổ đăng ký, tủ lưu trữ tài liệu mật.", 3, True, []),
    (G6, "Thực hiện các kiến nghị của đợt kiểm tra trước đúng thời hạn.",
     "", 2, False, []),
]


def seed(apps, schema_editor):
    Checklist = apps.get_model("inspections", "Checklist")
    Criterion = apps.get_model("inspections", "Criterion")
    import datetime

    if Checklist.objects.filter(title=TITLE, organization__isnull=True).exists():
        return  # browser tests put it back after a flush; never twice
    checklist = Checklist.objects.create(
        title=TITLE,
        version=1,
        status="published",
        published_on=datetime.date(2026, 1, 1),
        description="Bộ tiêu chí dùng chung cho các đoàn kiểm tra của Ban Chỉ đạo các cấp.",
    )
    Criterion.objects.bulk_create(
        Criterion(checklist=checklist, number=n, group=group, text=text, guidance=guidance, weight=weight,
                  evidence_required=evidence, unit_kinds=kinds)
        for n, (group, text, guidance, weight, evidence, kinds) in enumerate(CRITERIA, start=1)
    )


def unseed(apps, schema_editor):
    apps.get_model("inspections", "Checklist").objects.filter(title=TITLE, organization__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
