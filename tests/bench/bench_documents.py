"""Render time of a long Decree 30/2020 document: ~40 pages with a 500-row table (budget 2 s).

    .venv/bin/python tests/bench/bench_documents.py            # 5 runs, median against the budget
    .venv/bin/python tests/bench/bench_documents.py --rows 2000 --runs 3
    .venv/bin/python tests/bench/bench_documents.py --pages    # also count the pages (LibreOffice)

No database: the renderer is pure. Exits 1 when the median is over budget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUDGET_S = 2.0


def long_context(rows: int):
    from pckb.core.documents import DocumentType, Section, Table, sample_context

    paragraph = (
        "Các cơ quan, đơn vị tiếp tục quán triệt, triển khai thực hiện nghiêm Luật Phòng, chống khủng bố, "
        "rà soát, bổ sung phương án bảo vệ mục tiêu trọng điểm, phối hợp chặt chẽ với Công an tỉnh trong "
        "việc nắm tình hình, phát hiện sớm các nguy cơ, không để bị động, bất ngờ."
    )
    sections = tuple(
        Section(
            heading=f"Kết quả thực hiện nhóm nhiệm vụ thứ {i}",
            paragraphs=(paragraph,) * 2,
            items=tuple(Section(heading=f"Nội dung {j}", paragraphs=(paragraph,)) for j in range(1, 4)),
        )
        for i in range(1, 10)
    )
    table = Table(
        headings=("TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"),
        rows=tuple(
            (
                str(n),
                f"Kiểm tra, đôn đốc việc thực hiện nhiệm vụ phòng, chống khủng bố số {n} tại cơ sở",
                "Công an tỉnh",
                "Sở, ngành liên quan",
                f"{(n % 28) + 1}/{(n % 12) + 1}/2026",
            )
            for n in range(1, rows + 1)
        ),
        widths=(1, 7, 4, 4, 2.5),
        caption="PHỤ LỤC: DANH MỤC NHIỆM VỤ",
    )
    base = sample_context(DocumentType.REPORT)
    from dataclasses import replace

    return replace(base, sections=sections, tables=(table,))


def count_pages(data: bytes) -> int | None:
    """Pages as LibreOffice lays them out, when soffice and pdfinfo are installed."""
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "long.docx"
        docx.write_bytes(data)
        try:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                 "--outdir", tmp, str(docx)],
                check=True, capture_output=True,
            )  # fmt: skip
            info = subprocess.run(["pdfinfo", str(docx.with_suffix(".pdf"))], check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            return None
    for line in info.stdout.decode().splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", action="store_true", help="count the pages with LibreOffice headless")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
    import django

    django.setup()
    from pckb.core.documents import render_document

    context = long_context(args.rows)
    render_document(context)  # warm-up: template loading and imports are not what we measure
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        data = render_document(context)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    pages = count_pages(data) if args.pages else None
    print(f"{'case':<40} {'median':>8} {'max':>8} {'budget':>8}")
    label = f"render, {args.rows}-row table" + (f", {pages} pages" if pages else "")
    print(f"{label:<40} {median:>7.3f}s {max(times):>7.3f}s {BUDGET_S:>7.1f}s   ({len(data) // 1024} KiB)")
    return 0 if median <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
