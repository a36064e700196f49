"""scripts/audit_deps.py: a known vulnerability fails the build; unreachable data is loud, not a pass (#8)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit_deps.py"
spec = importlib.util.spec_from_file_location("audit_deps", SCRIPT)
audit_deps = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_deps)


def test_a_known_vulnerability_fails_and_names_it():
    status, lines = audit_deps.judge(
        {
            "dependencies": [
                {"name": "django", "version": "4.2.0", "vulns": [{"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"]}]},
                {"name": "huey", "version": "3.5.4", "vulns": []},
            ]
        }
    )
    assert status == 1
    assert "  django 4.2.0: PYSEC-2023-100 (fixed in: 4.2.2)" in lines


def test_nothing_audited_is_a_loud_warning_not_a_silent_pass():
    skipped = [{"name": "django", "version": "5.2.19", "skip_reason": "Dependency not found on PyPI"}]
    status, lines = audit_deps.judge({"dependencies": skipped})
    assert status == 0
    assert any("NOTHING WAS CHECKED" in line for line in lines)


def test_clean_audit_passes_and_lists_what_it_could_not_audit():
    status, lines = audit_deps.judge(
        {
            "dependencies": [
                {"name": "django", "version": "5.2.19", "vulns": []},
                {"name": "pckb-private", "version": "1.0", "skip_reason": "Dependency not found on PyPI"},
            ]
        }
    )
    assert status == 0
    assert lines[0] == "No known vulnerability in the 1 audited pinned dependencies."
    assert any("pckb-private 1.0" in line for line in lines)


def test_every_dependency_of_the_project_is_pinned_exactly(tmp_path):
    assert all("==" in r for r in audit_deps.pinned_requirements())
    loose = tmp_path / "pyproject.toml"
    loose.write_text('[project]\ndependencies = ["Django>=5"]\n')
    with pytest.raises(SystemExit, match="Django>=5"):
        audit_deps.pinned_requirements(loose)
