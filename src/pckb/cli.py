"""The `pckb` command: demo, init, serve, worker and manage (any Django command)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pckb.settings")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        from django.core.management import execute_from_command_line

        execute_from_command_line(["pckb manage", *argv[1:]])
        return
    raise SystemExit("usage: pckb {demo,init,serve,worker,manage} ...")
