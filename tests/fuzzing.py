"""Fuzzing an OpenAPI document against a running service, for the fuzz tests.

Every operation gets a few generated requests that fit its schema and a few that do not
(same ones every run), sent with the caller's credentials. Each answer must be no 5xx and
as documented: a listed status code, its media type, a body that fits its schema. All
operations run even when one fails, so a single run lists every break.

Each operation is driven through Hypothesis by hand (``APIOperation.as_strategy``) rather
than ``schemathesis.pytest.from_fixture``: that lazy loader needs the schema of a fixture
(the services start in a session fixture) but renames pytest nodes through an attribute
that pytest 9 no longer has.
"""

from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

# Generated requests per operation and per mode (valid data, invalid data): few, and the
# same every run, so the suite stays fast and a failure reproduces.
EXAMPLES_PER_MODE = 2

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_MODE,
    derandomize=True,
    deadline=None,
    database=None,
    # No shrinking: a failure is reported as first found; shrinking would cost minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

CONFIG = {
    "generation": {
        # The caller's credentials are the test's, not values made up for the scheme.
        "with-security-parameters": False,
    },
    # The contract: no 5xx, and each answer as documented. Other checks (such as
    # "valid data gets a 2xx") cannot hold for random ids that name nothing.
    "checks": {
        "enabled": False,
        "not_a_server_error": {"enabled": True},
        "status_code_conformance": {"enabled": True},
        "content_type_conformance": {"enabled": True},
        "response_schema_conformance": {"enabled": True},
    },
}

LOOPBACK_WEBHOOK = "https://127.0.0.1:9/fuzz"  # discard port: nothing listens


def load(document: dict[str, Any], base_url: str) -> Any:
    config = schemathesis.Config.from_dict({**CONFIG, "base-url": base_url})
    return schemathesis.openapi.from_dict(document, config=config)


def keep_on_this_machine(case: schemathesis.Case) -> None:
    """A fuzzed webhook URL would have notifications deliver to any address on the
    internet: the URL field is pinned to loopback, the rest of the body stays random."""
    if isinstance(case.body, dict) and isinstance(case.body.get("url"), str):
        case.body["url"] = LOOPBACK_WEBHOOK


@dataclass
class FuzzRun:
    """What one fuzz run sent and what broke."""

    sent: dict[str, int] = field(default_factory=dict)  # requests per operation
    failures: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = list(self.sent.values()) or [0]
        return (
            f"{len(self.sent)} operations, {sum(counts)} requests "
            f"({min(counts)}-{max(counts)} per operation), {len(self.failures)} failing"
        )


def fuzz(
    schema: Any,
    headers: dict[str, str],
    *,
    skip: frozenset[str] = frozenset(),
    last: frozenset[str] = frozenset(),
) -> FuzzRun:
    """Fuzz every operation of ``schema`` with ``headers`` on every request, but those
    labelled (``"POST /v1/x"``) in ``skip``; those in ``last`` (e.g. a sign-out, which
    ends the caller's session) run after all others."""
    run = FuzzRun()
    operations = [result.ok() for result in schema.get_all_operations()]  # raises if broken
    operations.sort(key=lambda operation: operation.label in last)
    with requests.Session() as session:
        for operation in operations:
            if operation.label not in skip:
                _fuzz_operation(operation, headers, session, run)
    return run


def _fuzz_operation(
    operation: schemathesis.APIOperation,
    headers: dict[str, str],
    session: requests.Session,
    run: FuzzRun,
) -> None:
    label = operation.label
    run.sent[label] = 0
    for mode in GenerationMode:

        @FUZZ_SETTINGS
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case: schemathesis.Case) -> None:
            keep_on_this_machine(case)
            run.sent[label] += 1
            case.call_and_validate(session=session, headers=headers)

        try:
            call()
        except Unsatisfiable as error:
            # Nothing an operation without parameters or body takes can be made invalid.
            if mode is GenerationMode.POSITIVE:
                run.failures.append(f"{label} ({mode}): {error}")
        except (Exception, schemathesis.errors.FailureGroup) as error:
            run.failures.append(f"{label} ({mode}): {error}")
