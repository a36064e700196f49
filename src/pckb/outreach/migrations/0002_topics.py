"""The catalogue of training topics every committee starts with."""

from django.db import migrations

TOPICS = [
    ("law", "Luật Phòng, chống khủng bố và văn bản hướng dẫn"),
    ("committee-work", "Tổ chức, hoạt động của Ban Chỉ đạo các cấp"),
    ("explosives", "Nhận biết vật liệu nổ, tiền chất thuốc nổ"),
    ("initial-response", "Xử lý ban đầu các tình huống khủng bố"),
    ("key-target-protection", "Bảo vệ mục tiêu trọng điểm, xây dựng phương án"),
    ("financing", "Phòng, chống tài trợ khủng bố, rửa tiền"),
    ("cyber", "Phòng, chống khủng bố trên không gian mạng"),
    ("wmd", "Phòng, chống phổ biến vũ khí hủy diệt hàng loạt"),
    ("community", "Tuyên truyền, vận động quần chúng nhân dân"),
    ("review", "Sơ kết, tổng kết, đánh giá kết quả thực hiện"),
]


def seed(apps, schema_editor):
    TrainingTopic = apps.get_model("outreach", "TrainingTopic")
    for order, (code, name) in enumerate(TOPICS, start=1):
        TrainingTopic.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
