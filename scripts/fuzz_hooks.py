"""Schemathesis hooks of the fuzz gate (scripts/fuzz_api.py loads them through SCHEMATHESIS_HOOKS).

The gate signs in once; a generated `DELETE /api/v1/tokens/{id}` that happens to name the gate's own
token would sign it out and turn the rest of the run into 401s. That one id is swapped for an id that
does not exist: revoking tokens is still fuzzed, and tested on its own in tests/accounts.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis

OWN_TOKEN_ID = os.environ.get("PCKB_FUZZ_TOKEN_ID", "")
MISSING_ID = "999999999"


@schemathesis.hook
def before_call(ctx: Any, case: Any, **kwargs: Any) -> None:
    if case.operation.path.startswith("/api/v1/tokens/") and case.path_parameters:
        if str(case.path_parameters.get("id")) == OWN_TOKEN_ID:
            case.path_parameters["id"] = MISSING_ID
