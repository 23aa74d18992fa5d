"""HTTP routes of the gateway service: thin, they parse, call the domain and shape answers."""

from fastapi import APIRouter

from gateway.api import admin, auth, storefront

router = APIRouter()
router.include_router(auth.router)
router.include_router(admin.router)
router.include_router(storefront.router)
