"""The API fuzz gate (#8): schemathesis against a real server on the demo data, as a scoped persona.

    .venv/bin/python scripts/fuzz_api.py [--max-examples 5] [--budget 600] [--keep]
                                         [--include-path-regex '^/api/v1/inspections']

Builds the demo in a temporary SQLite database, starts `pckb serve` on a free loopback port, signs in as
a provincial committee's administrator (scope: one province) through `POST /api/v1/auth/token`, and runs
schemathesis on every operation of the OpenAPI schema (examples, coverage, fuzzing and stateful
phases), derandomised (the same cases every run), a few examples each, within a time budget. Exits
non-zero on any 5xx, any response that does not match the schema (body, status code, content type,
headers) or a run that overruns its budget; schemathesis prints each failing request with
a curl command that reproduces it. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PERSONA = "quangninh"  # the Quảng Ninh committee's administrator: sees one province and its communes
# A 5xx, or a response the schema does not describe, fails the gate. Checks that judge the API's choices
# (negative_data_rejection, positive_data_acceptance, ...) are left to the tests of each endpoint.
CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
)
EXCLUDED_OPERATIONS: tuple[str, ...] = ()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(env: dict[str, str]) -> None:
    """Migrate a fresh SQLite database and load the demo into it (a child process: Django set up there)."""
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from pckb.demo.loader import load_demo\n"
        "load_demo()\n"
    )
    subprocess.run([str(BIN / "python"), "-c", code], env=env, check=True, cwd=ROOT)


def _wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - a loopback URL we built
            return
        except urllib.error.HTTPError:
            return  # it answers (401 without a token): it is up
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url} within {timeout:.0f} s")


def _post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - a loopback URL we built
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.load(response)


def _get(url: str, token: str) -> bytes:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=5, help="test cases per operation and phase")
    parser.add_argument("--budget", type=int, default=600, help="seconds the fuzzing may take before failing")
    parser.add_argument("--workers", type=int, default=2, help="concurrent schemathesis workers")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (database, report)")
    parser.add_argument(
        "--include-path-regex", default="", help="fuzz only the operations whose path matches (one module's)"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="pckb-fuzz."))
    env = {k: v for k, v in os.environ.items() if k not in ("PCKB_DATABASE_URL", "PCKB_REDIS_URL", "PCKB_DEMO")}
    env.update(PCKB_DATA_DIR=str(work / "data"), DJANGO_SETTINGS_MODULE="pckb.settings", PCKB_DEBUG="false")
    server = None
    try:
        print(f"==> demo data in {work / 'data'}", flush=True)
        _prepare(env)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(BIN / "pckb"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=(work / "server.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_for(f"{base}/api/v1/schema/", server, timeout=120)  # collectstatic runs first
        from pckb.organizations.demo.data import DEMO_PASSWORD

        signed_in = _post_json(
            f"{base}/api/v1/auth/token", {"username": PERSONA, "password": DEMO_PASSWORD, "name": "fuzz gate"}
        )
        token = signed_in["token"]
        env.update(PCKB_FUZZ_TOKEN_ID=str(signed_in["id"]), SCHEMATHESIS_HOOKS=str(ROOT / "scripts" / "fuzz_hooks.py"))
        schema = work / "openapi.json"
        schema.write_bytes(_get(f"{base}/api/v1/schema/?format=json", token))
        print(f"==> schemathesis as {PERSONA!r} on {base} (setup {time.monotonic() - started:.0f} s)", flush=True)
        command = [
            str(BIN / "schemathesis"),
            "run",
            str(schema),
            "--url",
            base,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            ",".join(CHECKS),
            "--max-examples",
            str(args.max_examples),
            "--generation-deterministic",
            "--workers",
            str(args.workers),
            "--request-timeout",
            "30",
            "--suppress-health-check",
            "all",
            "--continue-on-failure",
            "--no-color",
            "--report",
            "ndjson",
            "--report-dir",
            str(work / "report"),
        ]
        for operation in EXCLUDED_OPERATIONS:
            command += ["--exclude-operation-id", operation]
        if args.include_path_regex:
            command += ["--include-path-regex", args.include_path_regex]
        try:
            result = subprocess.run(command, cwd=work, env=env, timeout=args.budget)
        except subprocess.TimeoutExpired:
            print(f"FUZZ GATE FAILED: schemathesis overran its budget of {args.budget} s", flush=True)
            return 1
        log = (work / "server.log").read_text(errors="replace").splitlines()
        requests = sum('"schemathesis/' in line for line in log)
        tracebacks = sum(line.startswith("Traceback") for line in log)
        print(f"==> {requests} requests; the server logged {tracebacks} traceback(s)", flush=True)
        if tracebacks and not args.keep:
            print("\n".join(log[-200:]))  # the log goes with the temporary directory: show its end
        print(f"==> fuzz gate: exit {result.returncode} in {time.monotonic() - started:.0f} s", flush=True)
        return result.returncode
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if args.keep:
            print(f"==> kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
