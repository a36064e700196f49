"""Sum the final summary lines of several pytest runs into one line in pytest's own format.

    python scripts/pytest_total.py sqlite.log postgres.log e2e.log
    ====================== 812 passed, 4 skipped in 301.22s (0:05:01) ======================

scripts/test.sh prints it last, so that the last line of `make test` is a pytest summary.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

__all__ = ["summary_line", "total"]

# pytest's own order of the outcomes in its summary line.
ORDER = ("failed", "passed", "skipped", "deselected", "xfailed", "xpassed", "warnings", "errors")
ALIASES = {"error": "errors", "warning": "warnings"}
SUMMARY = re.compile(r"\b(?:no tests ran|\d+ (?:passed|failed|errors?|skipped))\b.* in (?P<seconds>[\d.]+)s")
COUNT = re.compile(r"(\d+) (failed|passed|skipped|deselected|xfailed|xpassed|warnings?|errors?)\b")


def summary_line(text: str) -> str | None:
    """The last pytest summary line of a log, if any."""
    lines = [line for line in text.splitlines() if SUMMARY.search(line)]
    return lines[-1] if lines else None


def total(texts: list[str]) -> tuple[Counter, float]:
    counts: Counter = Counter()
    seconds = 0.0
    for text in texts:
        line = summary_line(text)
        if line is None:
            counts["errors"] += 1  # the run died before its summary
            continue
        for number, outcome in COUNT.findall(line):
            counts[ALIASES.get(outcome, outcome)] += int(number)
        seconds += float(SUMMARY.search(line).group("seconds"))
    return counts, seconds


def _format(counts: Counter, seconds: float) -> str:
    parts = []
    for outcome in ORDER:
        if counts[outcome]:
            word = outcome
            if counts[outcome] == 1 and outcome in ("warnings", "errors"):
                word = outcome[:-1]
            parts.append(f"{counts[outcome]} {word}")
    # Like pytest: the clock only from one minute on.
    duration = f"{seconds:.2f}s" if seconds < 60 else f"{seconds:.2f}s ({timedelta(seconds=int(seconds))})"
    text = f" {', '.join(parts) or 'no tests ran'} in {duration} "
    return text.center(max(len(text) + 2, 80), "=")


def main(paths: list[str]) -> int:
    texts = [Path(path).read_text(errors="replace") if Path(path).exists() else "" for path in paths]
    counts, seconds = total(texts)
    print(_format(counts, seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
