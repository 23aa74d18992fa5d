"""Who may call what, and the optimistic-concurrency headers (ETag / If-Match)."""

import json
from typing import Annotated, Any

from fastapi import Depends, Header, Response, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from lpx_common.auth import Principal, require
from lpx_common.errors import NotFound, PreconditionFailed, PreconditionRequired, Unprocessable

# Catalog reads: the public (anonymous), customers, staff, peer services, and partners
# holding catalog:read.
Reader = Annotated[
    Principal,
    Depends(require(kinds=("anonymous", "customer", "staff", "service"), scopes=("catalog:read",))),
]


def sees_drafts(principal: Principal) -> bool:
    """A draft mission is unannounced: it, its offerings and their prices are shown only
    to operators and admins (who prepare it) and to peer services (which apply their own
    rules); to everyone else it does not exist (404, absent from lists)."""
    if principal.kind == "service":
        return True
    return principal.kind == "staff" and bool({"operator", "admin"} & set(principal.roles))


def hide_draft(principal: Principal, mission_status: str, what: str, code: str) -> None:
    if mission_status == "draft" and not sees_drafts(principal):
        raise NotFound(f"No {what}.", code=code)


# Catalog edits: staff operators (admin passes every role check).
Operator = Annotated[Principal, Depends(require(roles=("operator",)))]
# /v1/internal/...: peer services only; the gateway never forwards these.
Service = Annotated[Principal, Depends(require(kinds=("service",)))]


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


IfMatchHeader = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=512,
        description="The ETag you read; required, so that edits never overwrite unseen changes.",
    ),
]


def expected_version(if_match: str | None) -> int | None:
    """The version an edit expects, from ``If-Match``; ``None`` for ``*`` (any version).

    428 without the header, 412 for a value that can never match one of our ETags.
    """
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            "Send If-Match with the ETag you read, so that edits never overwrite unseen changes.",
            code="if-match-required",
        )
    candidates = [part.strip() for part in if_match.split(",")]
    if "*" in candidates:
        return None
    for candidate in candidates:
        value = candidate.strip('"')
        if candidate.startswith('"') and candidate.endswith('"') and value.isdigit():
            return int(value)
    raise PreconditionFailed(
        "If-Match does not name a version of this resource.", code="version-mismatch"
    )


def not_modified(if_none_match: str | None, version: int) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag(version) in tags


IfNoneMatchHeader = Annotated[str | None, Header(alias="If-None-Match", max_length=512)]


def created(answer: JSONResponse, collection: str) -> JSONResponse:
    """Add ETag and Location to a 201 answer (first time or replayed by Idempotency-Key)."""
    if answer.status_code == status.HTTP_201_CREATED:
        body = json.loads(answer.body)
        answer.headers["ETag"] = etag(body["version"])
        answer.headers["Location"] = f"{collection}/{body['id']}"
    return answer


def changes_of(body: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body sets; none of our fields may be set to null."""
    changes = body.model_dump(exclude_unset=True)
    nulls = sorted(field for field, value in changes.items() if value is None)
    if nulls:
        raise Unprocessable(
            "These fields cannot be cleared.",
            code="validation-error",
            errors=[{"field": f"body.{f}", "message": "may not be null"} for f in nulls],
        )
    if not changes:
        raise Unprocessable("The request changes nothing.", code="empty-patch")
    return changes
