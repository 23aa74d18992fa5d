"""One OpenAPI document for the public API, and a docs page that renders it.

Each service's ``/openapi.json`` is fetched lazily and cached; only its public paths are
kept (nothing under ``/v1/internal``, no health or metrics), then merged with the
gateway's own auth and admin routes. Schema names that collide between services with
different definitions are prefixed with the service name. Security schemes are declared
so a partner can generate a client: a bearer JWT for customers and staff, an API key
(``X-API-Key`` or ``Authorization: Bearer``) for partners.
"""

import copy
import logging
import re
import time
from typing import Any

import httpx
from cachetools import TLRUCache
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse

from gateway.proxy import ROUTES, Upstream
from gateway.templating import templates
from lpx_common.auth import PublicRoute

log = logging.getLogger("gateway.openapi")
router = APIRouter(include_in_schema=False, dependencies=[PublicRoute])

SERVICES = ("catalog", "booking", "payments", "notifications")
_PREFIXES = (*(prefix for prefix, _ in ROUTES), "/v1/auth", "/v1/admin")
_HIDDEN_PARAMS = {"x-internal-token"}
SECURITY_SCHEMES = {
    "customerOrStaffToken": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Access token from /v1/auth/login or /v1/auth/signup (15 minutes); "
        "renew it with /v1/auth/refresh.",
    },
    "partnerApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "Partner API key (`lpxk_...`). May also be sent as "
        "`Authorization: Bearer <key>`.",
    },
}
# Anonymous access is allowed where a service allows it, hence the empty requirement.
DEFAULT_SECURITY: list[dict[str, list[str]]] = [
    {},
    {"customerOrStaffToken": []},
    {"partnerApiKey": []},
]


def public_path(path: str) -> bool:
    if path.startswith("/v1/internal"):
        return False
    return any(path == p or path.startswith(p + "/") for p in _PREFIXES)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                name = value.rsplit("/", 1)[-1]
                if value.startswith("#/components/schemas/") and name in renames:
                    value = "#/components/schemas/" + renames[name]
            out[key] = _rewrite_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, renames) for item in node]
    return node


def _operation_id(generated: str, path: str, method: str, source: str, taken: set[str]) -> str:
    """The route's function name (``create_booking``), not FastAPI's default id with the
    path and method appended: a generated SDK names its functions after these. Prefixed
    with the service where two services use the same name."""
    suffix = re.sub(r"\W", "_", path) + "_" + method
    name = generated.removesuffix(suffix) if generated.endswith(suffix) else generated
    if name in taken:
        name = f"{source}_{name}"
    taken.add(name)
    return name


def merge(own: dict[str, Any], services: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    merged: dict[str, Any] = {
        "openapi": own.get("openapi", "3.1.0"),
        "info": {
            "title": "Lunar Payload Exchange API",
            "version": own.get("info", {}).get("version", "0.1.0"),
            "description": "The public API of the Lunar Payload Exchange: catalog of lunar "
            "payload capacity, bookings, payments and finance. Errors are RFC 9457 "
            "`application/problem+json`; money is integer minor units; unsafe POSTs take an "
            "`Idempotency-Key`; lists are cursor-paginated.",
        },
        "servers": [{"url": "/"}],
        "paths": {},
        "components": {"schemas": {}, "securitySchemes": SECURITY_SCHEMES},
        "security": DEFAULT_SECURITY,
        "tags": [],
    }
    unavailable = [name for name, doc in services.items() if doc is None]
    if unavailable:
        merged["info"]["x-unavailable-services"] = unavailable
    schemas: dict[str, Any] = merged["components"]["schemas"]
    operation_ids: set[str] = set()
    sources = [("gateway", own)] + [(n, d) for n, d in services.items() if d is not None]
    for source, document in sources:
        doc_schemas = document.get("components", {}).get("schemas", {})
        renames = {
            name: f"{source.capitalize()}{name}"
            for name, schema in doc_schemas.items()
            if name in schemas and schemas[name] != schema
        }
        document = _rewrite_refs(document, renames)
        for name, schema in document.get("components", {}).get("schemas", {}).items():
            if name in renames:  # generators name models by title: it must follow the rename
                schema = {**schema, "title": renames[name]}
            schemas[renames.get(name, name)] = schema
        for path, item in document.get("paths", {}).items():
            if not public_path(path):
                continue
            item = copy.deepcopy(item)
            for operation in item.values():
                if isinstance(operation, dict) and "parameters" in operation:
                    operation["parameters"] = [
                        p
                        for p in operation["parameters"]
                        if str(p.get("name", "")).lower() not in _HIDDEN_PARAMS
                    ]
                if isinstance(operation, dict) and path.startswith("/v1/admin"):
                    operation["security"] = [{"customerOrStaffToken": []}]
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    operation["operationId"] = _operation_id(
                        operation["operationId"], path, method, source, operation_ids
                    )
            merged["paths"][path] = item
        seen = {tag["name"] for tag in merged["tags"]}
        merged["tags"] += [t for t in document.get("tags", []) if t.get("name") not in seen]
    return merged


async def _fetch(upstream: Upstream) -> dict[str, Any] | None:
    try:
        response = await upstream.client.get(upstream.base_url + "/openapi.json", timeout=5.0)
        if response.status_code == 200:
            return response.json()
        log.warning("%s answered %s for its OpenAPI document", upstream.name, response.status_code)
    except (httpx.HTTPError, ValueError) as exc:
        log.warning(
            "could not fetch the %s OpenAPI document: %s", upstream.name, type(exc).__name__
        )
    return None


async def merged_document(app: FastAPI) -> dict[str, Any]:
    cache: TLRUCache[str, tuple[float, dict[str, Any]]] = app.state.openapi_cache
    cached = cache.get("merged")
    if cached is not None:
        return cached[1]
    documents = {name: await _fetch(app.state.upstreams[name]) for name in SERVICES}
    document = merge(app.openapi(), documents)
    complete = all(d is not None for d in documents.values())
    # An incomplete document is kept only briefly, so a service that comes up shows soon.
    ttl = app.state.settings.openapi_cache_seconds if complete else 2.0
    cache["merged"] = (time.monotonic() + ttl, document)
    return document


def openapi_cache() -> TLRUCache[str, tuple[float, dict[str, Any]]]:
    """The merged document, kept until the deadline stored beside it."""
    return TLRUCache(maxsize=1, ttu=lambda _key, value, _now: value[0])


@router.get("/openapi.json")
async def openapi_json(request: Request) -> JSONResponse:
    return JSONResponse(await merged_document(request.app))


_METHODS = ("get", "post", "put", "patch", "delete")


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    document = await merged_document(request.app)
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in sorted(document["paths"].items()):
        for method in _METHODS:
            operation = item.get(method)
            if not operation:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary") or operation.get("operationId", ""),
                    "description": operation.get("description", ""),
                }
            )
    return templates.TemplateResponse(
        request,
        "docs.html",
        {"groups": groups, "schemes": SECURITY_SCHEMES, "info": document["info"]},
    )
