#!/usr/bin/env python3
"""Vendor the front-end assets from the npm registry into src/pckb/static/vendor/.

Nothing is ever loaded from a CDN: government intranets are often offline. For each pinned package
this script runs `npm pack <name>@<version>`, checks the tarball against the registry's integrity
(`npm view`), copies only the files needed at run time, and records name, version, shasum and
integrity in src/pckb/static/vendor/VERSIONS.json.

Usage (from the repository root):  python3 scripts/vendor_assets.py
To upgrade a package, change its version below, run the script and commit the result.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PACKAGES", "Package", "main"]

VENDOR_DIR = Path(__file__).resolve().parent.parent / "src" / "pckb" / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    """One npm package: exact version and the files to keep (tarball path -> path under vendor/<name>/)."""

    name: str
    version: str
    files: dict[str, str]


PACKAGES = [
    Package(
        "bootstrap",
        "5.3.9",
        {
            "LICENSE": "LICENSE",
            "dist/css/bootstrap.min.css": "css/bootstrap.min.css",
            "dist/css/bootstrap.min.css.map": "css/bootstrap.min.css.map",
            "dist/js/bootstrap.bundle.min.js": "js/bootstrap.bundle.min.js",
            "dist/js/bootstrap.bundle.min.js.map": "js/bootstrap.bundle.min.js.map",
        },
    ),
    Package(
        "bootstrap-icons",
        "1.13.2",
        {
            "LICENSE": "LICENSE",
            "font/bootstrap-icons.min.css": "font/bootstrap-icons.min.css",
            "font/fonts/bootstrap-icons.woff2": "font/fonts/bootstrap-icons.woff2",
            "font/fonts/bootstrap-icons.woff": "font/fonts/bootstrap-icons.woff",
        },
    ),
    Package(
        "htmx.org",
        "2.0.11",
        {
            "LICENSE": "LICENSE",
            "dist/htmx.min.js": "htmx.min.js",
        },
    ),
    Package(
        # A date picker that writes dd/mm/yyyy with Vietnamese month and day names whatever the
        # browser's language (the browser's own <input type="date"> follows the browser instead).
        "vanillajs-datepicker",
        "1.3.4",
        {
            "LICENSE": "LICENSE",
            "dist/js/datepicker.min.js": "js/datepicker.min.js",
            "dist/js/locales/vi.js": "js/locales/vi.js",
            "dist/css/datepicker-bs5.min.css": "css/datepicker-bs5.min.css",
        },
    ),
    Package(
        # Maps (core/_map.html). Every image leaflet.css names ships too: the manifest storage of
        # collectstatic refuses a stylesheet whose url() points at a missing file.
        "leaflet",
        "1.9.4",
        {
            "LICENSE": "LICENSE",
            "dist/leaflet.js": "leaflet.js",
            "dist/leaflet.js.map": "leaflet.js.map",
            "dist/leaflet.css": "leaflet.css",
            "dist/images/marker-icon.png": "images/marker-icon.png",
            "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
            "dist/images/marker-shadow.png": "images/marker-shadow.png",
            "dist/images/layers.png": "images/layers.png",
            "dist/images/layers-2x.png": "images/layers-2x.png",
        },
    ),
    Package(
        # Clusters thousands of markers (12,000 key targets) into a readable map.
        "leaflet.markercluster",
        "1.5.3",
        {
            "MIT-LICENCE.txt": "MIT-LICENCE.txt",
            "dist/leaflet.markercluster.js": "leaflet.markercluster.js",
            "dist/leaflet.markercluster.js.map": "leaflet.markercluster.js.map",
            "dist/MarkerCluster.css": "MarkerCluster.css",
        },
    ),
    Package(
        # Charts of periodic reports (an indicator across periods and units): drawn in the browser from
        # data- attributes by reports/chart.js; the page's table stays the accessible version.
        "echarts",
        "5.6.0",
        {
            "LICENSE": "LICENSE",
            "NOTICE": "NOTICE",
            "dist/echarts.min.js": "echarts.min.js",
        },
    ),
    Package(
        "swagger-ui-dist",
        "5.35.0",
        {
            "LICENSE": "LICENSE",
            "NOTICE": "NOTICE",
            "swagger-ui.css": "swagger-ui.css",
            "swagger-ui.css.map": "swagger-ui.css.map",
            "swagger-ui-bundle.js": "swagger-ui-bundle.js",
            "swagger-ui-standalone-preset.js": "swagger-ui-standalone-preset.js",
            "favicon-32x32.png": "favicon-32x32.png",
            "favicon-16x16.png": "favicon-16x16.png",
        },
    ),
]

_SOURCE_MAP = re.compile(rb"sourceMappingURL=([^\s*]+)")


def npm(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(["npm", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout


def registry_dist(package: Package) -> dict[str, str]:
    """The registry's record of the tarball: shasum, integrity and URL."""
    return json.loads(npm("view", f"{package.name}@{package.version}", "dist", "--json"))


def check_integrity(tarball: Path, integrity: str) -> None:
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{tarball.name}: integrity mismatch (registry {integrity})")


def check_source_maps(target: Path) -> None:
    """Every referenced source map must ship too: the manifest storage of collectstatic insists."""
    for path in target.rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for ref in _SOURCE_MAP.findall(path.read_bytes()):
            if not (path.parent / ref.decode()).exists():
                raise SystemExit(f"{path}: references missing source map {ref.decode()}")


def vendor(package: Package, workdir: Path) -> dict[str, str]:
    dist = registry_dist(package)
    filename = npm("pack", f"{package.name}@{package.version}", "--silent", cwd=workdir).strip().splitlines()[-1]
    tarball = workdir / filename
    check_integrity(tarball, dist["integrity"])
    target = VENDOR_DIR / package.name
    if target.exists():
        shutil.rmtree(target)
    with tarfile.open(tarball) as archive:
        for source, dest in package.files.items():
            member = archive.extractfile(f"package/{source}")
            if member is None:
                raise SystemExit(f"{package.name}: {source} is not a file in the tarball")
            out = target / dest
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(member.read())
    check_source_maps(target)
    return {
        "name": package.name,
        "version": package.version,
        "shasum": dist["shasum"],
        "integrity": dist["integrity"],
        "tarball": dist["tarball"],
        "files": sorted(package.files.values()),
    }


def main() -> int:
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        records = [vendor(package, Path(tmp)) for package in PACKAGES]
    (VENDOR_DIR / "VERSIONS.json").write_text(json.dumps(records, indent=2) + "\n")
    for record in records:
        print(f"{record['name']}@{record['version']}  {record['shasum']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
