"""Check (or, with --update, regenerate) every Vietnamese translation catalogue of PCKB.

    python scripts/check_i18n.py            # what CI runs: fails when a catalogue is stale
    python scripts/check_i18n.py --update   # `make messages`: makemessages + compilemessages everywhere

Catalogues: the global one, src/pckb/locale (core, accounts, templates, settings: generated from
src/pckb with the apps that have their own catalogue ignored), and src/pckb/<app>/locale for each app
with its own. For each, the check regenerates the .po from the sources in a temporary copy and fails
when a source string is missing from the committed .po, when an entry is untranslated or fuzzy, or when
the committed .mo is missing or differs from what the committed .po compiles to. An app listed in
OWN_CATALOGUE_APPS whose sources have strings but which has no catalogue yet is reported as well.

Across catalogues, a string (msgid without context, or with the same context) translated differently in
two of them fails: Django merges every catalogue into one table where one translation wins everywhere
(the global catalogue first, then the apps in INSTALLED_APPS order), so a plan's "title" showed as a
committee member's "chức vụ". One English word with two meanings needs a context (pgettext).
Needs GNU gettext (xgettext, msgmerge, msgfmt).
"""

from __future__ import annotations

import argparse
import ast
import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Entry", "parse_po", "Catalogue", "catalogues", "check_catalogue", "collisions", "main"]

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "src" / "pckb"
LANGUAGE = "vi"
PO = Path("locale") / LANGUAGE / "LC_MESSAGES" / "django.po"
# Apps whose strings live in their own catalogue, never in the global one (with any other app that has one).
OWN_CATALOGUE_APPS = ("organizations", "geo", "plans", "notifications")
GLOBAL_IGNORES = ("static",)
SHOWN = 25  # strings listed per problem


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.msgctxt or "", self.msgid)

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid!r}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text) if text else ""


def parse_po(text: str) -> list[Entry]:
    """The active entries of a .po file (obsolete "#~" ones dropped), header included (msgid "")."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    fuzzy = False

    def finish() -> None:
        nonlocal current, target, fuzzy
        if current is not None:
            entries.append(current)
        current, target, fuzzy = None, None, False

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if current is not None and current.msgstr:
                finish()
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
        elif line.startswith(("msgctxt ", "msgid ")):
            keyword, _, value = line.partition(" ")
            if current is not None and (current.msgstr or keyword == "msgctxt"):
                pending = fuzzy
                finish()
                fuzzy = pending
            if current is None:
                current = Entry(msgid="", fuzzy=fuzzy, line=number)
            if keyword == "msgctxt":
                current.msgctxt = _unquote(value)
                target = ("msgctxt", 0)
            else:
                current.msgid = _unquote(value)
                target = ("msgid", 0)
        elif line.startswith("msgid_plural ") and current is not None:
            current.msgid_plural = _unquote(line.partition(" ")[2])
            target = ("msgid_plural", 0)
        elif line.startswith("msgstr") and current is not None:
            keyword, _, value = line.partition(" ")
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _unquote(value)
            target = ("msgstr", index)
        elif line.startswith('"') and current is not None and target is not None:
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
    finish()
    return entries


@dataclass(frozen=True)
class Catalogue:
    name: str
    root: Path  # where makemessages runs
    ignores: tuple[str, ...] = ()  # top-level directories of root left out

    @property
    def po(self) -> Path:
        return self.root / PO

    @property
    def mo(self) -> Path:
        return self.po.with_suffix(".mo")


def catalogues() -> list[Catalogue]:
    apps = sorted(p.parent.name for p in PACKAGE.glob("*/locale") if p.is_dir())
    own = sorted(set(apps) | set(OWN_CATALOGUE_APPS))
    found = [Catalogue("global (src/pckb/locale)", PACKAGE, (*own, *GLOBAL_IGNORES))]
    found += [Catalogue(f"{app} (src/pckb/{app}/locale)", PACKAGE / app) for app in own]
    return found


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
    env["PCKB_DATA_DIR"] = str(work / "data")  # settings write a secret key there
    env.pop("PCKB_DATABASE_URL", None)
    return env


def _manage(args: list[str], cwd: Path, work: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from pckb.cli import main; main()", "manage", *args]
    return subprocess.run(command, cwd=cwd, env=_environment(work), capture_output=True, text=True)


def _makemessages_args(catalogue: Catalogue) -> list[str]:
    args = ["makemessages", "-l", LANGUAGE, "--no-obsolete"]
    for name in catalogue.ignores:
        args += ["-i", f"{name}/*"]
    return args


def _fresh_entries(catalogue: Catalogue, work: Path) -> tuple[list[Entry] | None, str]:
    """The entries makemessages produces from the current sources (in a copy: nothing real changes)."""
    copy = work / "src" / catalogue.root.name
    skipped = {"__pycache__", "locale", *catalogue.ignores}
    shutil.copytree(catalogue.root, copy, ignore=lambda _dir, names: [n for n in names if n in skipped])
    (copy / "locale").mkdir()
    result = _manage(_makemessages_args(catalogue), copy, work)
    if result.returncode != 0:
        return None, result.stderr.strip() or result.stdout.strip()
    generated = copy / PO
    if not generated.exists():
        return [], ""  # no translatable string at all
    return parse_po(generated.read_text(encoding="utf-8")), ""


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def _compiled_catalog(path: Path) -> dict:
    with path.open("rb") as fh:
        catalog = dict(gettext.GNUTranslations(fh)._catalog)  # noqa: SLF001 - the parsed table
    catalog.pop("", None)  # the header: dates change without any translation changing
    return catalog


def _mo_problems(catalogue: Catalogue, work: Path) -> list[str]:
    if not catalogue.mo.exists():
        return [f"{_shown(catalogue.mo)} is missing: run `make messages` (compilemessages)."]
    fresh = work / "fresh.mo"
    result = subprocess.run(
        ["msgfmt", "--check-format", "-o", str(fresh), str(catalogue.po)], capture_output=True, text=True
    )
    if result.returncode != 0:
        return [f"msgfmt refuses {_shown(catalogue.po)}:\n{result.stderr.strip()}"]
    committed, expected = _compiled_catalog(catalogue.mo), _compiled_catalog(fresh)
    if committed == expected:
        return []
    differing = sorted(str(k) for k in set(committed) ^ set(expected))
    differing += sorted(str(k) for k in set(committed) & set(expected) if committed[k] != expected[k])
    return [f"{_shown(catalogue.mo)} does not match the .po (not recompiled?): " + ", ".join(differing[:SHOWN])]


def _listed(title: str, labels: list[str]) -> str:
    more = f"\n      … and {len(labels) - SHOWN} more" if len(labels) > SHOWN else ""
    return f"{title} ({len(labels)}):\n" + "\n".join(f"      {label}" for label in labels[:SHOWN]) + more


def check_catalogue(catalogue: Catalogue) -> list[str]:
    """Problems of one catalogue, as readable messages (empty when all is well)."""
    with tempfile.TemporaryDirectory(prefix="pckb-i18n-") as tmp:
        work = Path(tmp)
        fresh, error = _fresh_entries(catalogue, work)
        if fresh is None:
            return [f"makemessages failed:\n{error}"]
        source = {e.key: e for e in fresh if e.msgid}
        if not catalogue.po.exists():
            if not source:
                return []
            return [
                _listed(
                    f"no catalogue at {_shown(catalogue.po)}, but the sources have strings",
                    [e.label for e in source.values()],
                )
            ]
        committed = {e.key: e for e in parse_po(catalogue.po.read_text(encoding="utf-8")) if e.msgid}
        problems = []
        missing = [entry.label for key, entry in source.items() if key not in committed]
        if missing:
            problems.append(_listed("strings of the sources missing from the .po (run `make messages`)", missing))
        untranslated = [e.label for e in committed.values() if not e.msgstr or not all(e.msgstr)]
        if untranslated:
            problems.append(_listed("untranslated entries", untranslated))
        fuzzy = [e.label for e in committed.values() if e.fuzzy]
        if fuzzy:
            problems.append(_listed("fuzzy entries (check the translation, then remove the fuzzy flag)", fuzzy))
        problems += _mo_problems(catalogue, work)
        return problems


def collisions(entries_by_catalogue: dict[str, list[Entry]]) -> list[str]:
    """Strings translated differently in two catalogues: only one translation can show, everywhere."""
    translations: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
    labels: dict[tuple[str, str], str] = {}
    for name, entries in entries_by_catalogue.items():
        for entry in entries:
            if entry.msgid and entry.msgstr and all(entry.msgstr):
                translations.setdefault(entry.key, {})[name] = tuple(entry.msgstr)
                labels[entry.key] = entry.label
    found = []
    for key, by_catalogue in translations.items():
        if len(set(by_catalogue.values())) > 1:
            variants = "; ".join(f"{name}: {' | '.join(msgstr)!r}" for name, msgstr in by_catalogue.items())
            found.append(f"{labels[key]} ({variants})")
    return sorted(found)


def _collision_problems() -> list[str]:
    committed = {
        c.name.split()[0]: parse_po(c.po.read_text(encoding="utf-8")) for c in catalogues() if c.po.exists()
    }
    found = collisions(committed)
    if not found:
        return []
    title = (
        "strings translated differently in two catalogues (one translation wins everywhere): give each meaning "
        "a context with pgettext, or use one translation"
    )
    return [_listed(title, found)]


def update(catalogue: Catalogue) -> bool:
    """Regenerate the catalogue's .po and compile it (what `make messages` does)."""
    with tempfile.TemporaryDirectory(prefix="pckb-i18n-") as tmp:
        work = Path(tmp)
        if not catalogue.po.exists():
            print(f"{catalogue.name}: no catalogue yet; create it from {catalogue.root} (see docs/conventions.md).")
            return True
        for args in (_makemessages_args(catalogue), ["compilemessages", "-l", LANGUAGE, "-i", "static"]):
            result = _manage(args, catalogue.root, work)
            if result.returncode != 0:
                print(f"{catalogue.name}: {' '.join(args[:1])} failed:\n{result.stderr}")
                return False
    print(f"{catalogue.name}: regenerated and compiled; translate any new empty msgstr now.")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="regenerate and compile instead of checking")
    args = parser.parse_args(argv)
    if args.update:
        return 0 if all([update(c) for c in catalogues()]) else 1
    failed = False
    for catalogue in catalogues():
        problems = check_catalogue(catalogue)
        if problems:
            failed = True
            print(f"FAIL {catalogue.name}")
            for problem in problems:
                print(f"   - {problem}")
        else:
            print(f"ok   {catalogue.name}")
    problems = _collision_problems()
    if problems:
        failed = True
        print("FAIL across catalogues")
        for problem in problems:
            print(f"   - {problem}")
    else:
        print("ok   across catalogues: no string translated two ways")
    if failed:
        print("\nSome catalogues are not complete and compiled: see docs/conventions.md, Translations.")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
