"""HTTP routes of the payments service: thin, they parse, call the domain and shape answers."""

from fastapi import APIRouter

from payments.api import finance_routes, internal, webhooks

router = APIRouter()
router.include_router(internal.router)
router.include_router(webhooks.router)
router.include_router(finance_routes.router)
