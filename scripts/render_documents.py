"""Render every document type's sample to .docx, PDF and PNG pages, to look at the layout.

    python scripts/render_documents.py                 # pages under /tmp/pckb-documents/
    python scripts/render_documents.py --out DIR --dpi 150 KH QD   # some types only
    python scripts/render_documents.py --docs          # also refresh docs/documents/<type>.png (page 1)

Uses LibreOffice headless (``soffice --convert-to pdf``) and poppler's ``pdftoppm``, installed with
apt-get when missing, with the Liberation fonts: Liberation Serif has the metrics of Times New Roman,
so line breaks and page breaks match what Word prints with Times New Roman. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "documents"
APT_PACKAGES = {
    "soffice": "libreoffice-writer-nogui",
    "pdftoppm": "poppler-utils",
}
FONT_FILE = Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf")


def ensure_tools() -> None:
    """Install LibreOffice Writer, poppler and the Liberation fonts where missing (Debian)."""
    missing = [pkg for tool, pkg in APT_PACKAGES.items() if shutil.which(tool) is None]
    if not FONT_FILE.exists():
        missing.append("fonts-liberation")
    if not missing:
        return
    if shutil.which("apt-get") is None:
        sys.exit(f"missing {', '.join(missing)} and no apt-get to install them")
    print(f"installing {' '.join(missing)} ...", flush=True)
    subprocess.run(["apt-get", "update", "-q"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing], check=True)


def render_docx(out: Path, types: list[str]) -> list[Path]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
    import django

    django.setup()
    from pckb.core.documents import DocumentType, render_document, sample_context

    paths = []
    for value in types or [t.value for t in DocumentType]:
        doc_type = DocumentType(value)
        path = out / f"{doc_type.value}.docx"
        path.write_bytes(render_document(sample_context(doc_type)))
        paths.append(path)
    return paths


def to_png(docx_files: list[Path], out: Path, dpi: int) -> dict[Path, list[Path]]:
    # One soffice call for all files: its start-up is most of the cost.
    profile = out / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, docx_files),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    pages = {}
    for docx in docx_files:
        pdf = docx.with_suffix(".pdf")
        for old in out.glob(f"{docx.stem}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / docx.stem)], check=True)
        pages[docx] = sorted(out.glob(f"{docx.stem}-*.png"))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("types", nargs="*", help="document type codes (BC, KH, QD, ...); all by default")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "pckb-documents")
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--docs", action="store_true", help="copy each first page to docs/documents/")
    args = parser.parse_args()

    ensure_tools()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = to_png(render_docx(args.out, args.types), args.out, args.dpi)
    for docx, pngs in pages.items():
        print(f"{docx.stem}: {len(pngs)} page(s): {', '.join(p.name for p in pngs)}")
        if args.docs and pngs:
            DOCS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(pngs[0], DOCS / f"{docx.stem}.png")
    print(f"output in {args.out}")


if __name__ == "__main__":
    main()
