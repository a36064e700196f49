"""The catalogues every committee starts with: target categories and scenarios with default steps."""

from django.db import migrations

CATEGORIES = [
    ("party-state-hq", "Trụ sở cơ quan Đảng, Nhà nước"),
    ("historic-site", "Di tích lịch sử, công trình văn hóa"),
    ("industrial-zone", "Khu công nghiệp, khu kinh tế"),
    ("airport", "Cảng hàng không, sân bay"),
    ("seaport", "Cảng biển, cảng thủy nội địa"),
    ("border-gate", "Cửa khẩu"),
    ("bank", "Ngân hàng, kho bạc, tổ chức tín dụng"),
    ("telecom", "Công trình viễn thông, phát thanh, truyền hình"),
    ("power-plant", "Nhà máy điện, trạm biến áp, công trình năng lượng"),
    ("mass-event-venue", "Địa điểm tổ chức sự kiện đông người"),
    ("foreign-mission", "Cơ quan đại diện nước ngoài, tổ chức quốc tế"),
    ("transport-hub", "Nhà ga, bến xe, đầu mối giao thông"),
    ("water-supply", "Công trình cấp nước, thủy lợi"),
    ("hospital", "Bệnh viện, cơ sở y tế"),
    ("other", "Mục tiêu khác"),
]

SCENARIOS = [
    (
        "bomb-threat",
        "Đe dọa đánh bom",
        [
            "Tiếp nhận, ghi lại đầy đủ nội dung, thời gian, số điện thoại đe dọa",
            "Báo cáo ngay Cơ quan Thường trực Ban Chỉ đạo và Công an cấp xã",
            "Sơ tán người ra khỏi khu vực theo lối thoát hiểm đã định",
            "Phong tỏa, bảo vệ hiện trường; không để người không có nhiệm vụ vào",
            "Phối hợp lực lượng chuyên trách rà soát, kiểm tra vật nghi vấn",
        ],
    ),
    (
        "suspicious-object",
        "Phát hiện vật nghi là bom, mìn, chất nổ",
        [
            "Không chạm, không di chuyển vật nghi vấn",
            "Báo cáo ngay lực lượng Công an và Cơ quan Thường trực",
            "Sơ tán người trong bán kính an toàn",
            "Thiết lập vành đai bảo vệ, hướng dẫn giao thông",
        ],
    ),
    (
        "armed-attack",
        "Tấn công vũ trang",
        [
            "Phát lệnh báo động, đóng cổng, kiểm soát lối ra vào",
            "Báo cáo ngay Công an, Quân sự và Cơ quan Thường trực",
            "Đưa người đến nơi trú ẩn an toàn",
            "Lực lượng bảo vệ ngăn chặn, cô lập đối tượng trong khả năng",
            "Tổ chức cấp cứu người bị thương",
        ],
    ),
    (
        "hostage",
        "Bắt giữ con tin",
        [
            "Báo cáo ngay Cơ quan Thường trực và Công an cấp tỉnh",
            "Cô lập khu vực, không để đối tượng di chuyển",
            "Không tự ý đối thoại; chờ lực lượng thương lượng",
            "Thu thập thông tin về đối tượng, con tin, vũ khí",
        ],
    ),
    (
        "arson",
        "Đốt phá, gây cháy",
        [
            "Báo cháy, gọi lực lượng Cảnh sát phòng cháy, chữa cháy",
            "Sử dụng phương tiện chữa cháy tại chỗ",
            "Sơ tán người, tài sản, tài liệu quan trọng",
            "Bảo vệ hiện trường phục vụ điều tra",
        ],
    ),
    (
        "toxic-chemical",
        "Sử dụng chất độc, hóa chất",
        [
            "Cách ly khu vực nhiễm độc, sơ tán người ngược hướng gió",
            "Báo cáo Công an, Quân sự (lực lượng phòng hóa) và Y tế",
            "Sơ cứu, đưa người nhiễm độc đi cấp cứu",
            "Không để người không có trang bị bảo hộ vào khu vực",
        ],
    ),
    (
        "drone",
        "Sử dụng phương tiện bay không người lái",
        [
            "Theo dõi, xác định vị trí, hướng bay của phương tiện",
            "Báo cáo Quân sự và Công an để xử lý",
            "Đưa người vào nơi có mái che, tránh tập trung",
            "Tìm vị trí người điều khiển",
        ],
    ),
    (
        "cyber-attack",
        "Tấn công hệ thống công nghệ thông tin, điều khiển",
        [
            "Cô lập hệ thống bị tấn công khỏi mạng",
            "Chuyển sang vận hành thủ công hoặc hệ thống dự phòng",
            "Báo cáo cơ quan chuyên trách an ninh mạng",
            "Lưu giữ nhật ký, dữ liệu phục vụ điều tra",
        ],
    ),
]


def seed(apps, schema_editor):
    TargetCategory = apps.get_model("targets", "TargetCategory")
    Scenario = apps.get_model("targets", "Scenario")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        TargetCategory.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    for order, (code, name, steps) in enumerate(SCENARIOS, start=1):
        Scenario.objects.update_or_create(code=code, defaults={"name": name, "default_steps": steps, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
