"""HTTP routes of the catalog service: thin, they parse, call the domain and shape answers.

``catalog.main`` mounts ``internal``, ``offerings`` and ``missions`` side by side;
``router`` gathers them for anyone who wants a single router.
"""

from fastapi import APIRouter

from catalog.api import internal, missions, offerings, tax

router = APIRouter()
router.include_router(internal.router)
router.include_router(offerings.router)
router.include_router(missions.router)
router.include_router(tax.router)
