"""Dependency audit (#8): pip-audit on the dependencies pinned in pyproject.toml (runtime and `test`).

    .venv/bin/python scripts/audit_deps.py

Fails (exit 1) on any known vulnerability of a pinned version. When the vulnerability data cannot be
reached (offline, or an index that serves no per-version JSON, where pip-audit only says each package
"could not be audited" and then "No known vulnerabilities found"), it prints a loud warning that
NOTHING WAS CHECKED and exits 0: a machine without the data must not block the build, and must not pass
for audited either.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
# pip-audit's words when the service cannot answer (network or index), as opposed to a usage error.
UNREACHABLE = re.compile(r"connection|resolve|timed? ?out|max retries|service|network|unreachable|SSL", re.I)


def pinned_requirements(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    """`name==version` of every runtime and test dependency; anything not pinned exactly is an error."""
    project = tomllib.loads(pyproject.read_text())["project"]
    requirements = [*project["dependencies"], *project.get("optional-dependencies", {}).get("test", [])]
    loose = [r for r in requirements if "==" not in r]
    if loose:
        raise SystemExit(f"not pinned with ==: {', '.join(loose)}")
    return requirements


def judge(report: dict) -> tuple[int, list[str]]:
    """Exit status and the lines to print, from pip-audit's JSON report."""
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if vulnerable:
        lines = ["KNOWN VULNERABILITIES in pinned dependencies:"]
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
                name = f"{dependency['name']} {dependency.get('version', '')}"
                lines.append(f"  {name}: {vuln['id']} (fixed in: {fixed})")
        return 1, lines
    if audited == 0:
        return 0, _loud(
            "DEPENDENCY AUDIT COULD NOT RUN: the vulnerability data is unreachable from here.",
            f"pip-audit could not audit any of the {len(dependencies)} pinned dependencies"
            + (f" ({skipped[0]['skip_reason']})" if skipped else "")
            + ".",
            "NOTHING WAS CHECKED. Run `.venv/bin/python scripts/audit_deps.py` where PyPI's JSON API is reachable.",
        )
    lines = [f"No known vulnerability in the {audited} audited pinned dependencies."]
    if skipped:
        lines += _loud(
            f"{len(skipped)} dependencies could NOT be audited (the others were):",
            *(f"{d['name']} {d.get('version', '')}: {d['skip_reason']}" for d in skipped),
        )
    return 0, lines


def _loud(*lines: str) -> list[str]:
    bar = "!" * 100
    return ["", bar, *(f"!!!  {line}" for line in lines), bar, ""]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pckb-audit.") as work:
        requirements = Path(work) / "requirements.txt"
        requirements.write_text("\n".join(pinned_requirements()) + "\n")
        # --no-deps --disable-pip: audit exactly these pins, without building an environment to resolve them.
        result = subprocess.run(
            [
                str(PIP_AUDIT),
                "-r",
                str(requirements),
                "--no-deps",
                "--disable-pip",
                "--format",
                "json",
                "--progress-spinner",
                "off",
                "--timeout",
                "30",
            ],
            capture_output=True,
            text=True,
        )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        if UNREACHABLE.search(result.stderr):
            status, lines = (
                0,
                _loud(
                    "DEPENDENCY AUDIT COULD NOT RUN: the vulnerability service is unreachable.",
                    result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "(no message)",
                    "NOTHING WAS CHECKED.",
                ),
            )
        else:
            status, lines = 1, ["pip-audit failed:", result.stderr.strip()]
    else:
        status, lines = judge(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
