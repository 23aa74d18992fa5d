"""The back office: server-rendered pages for operators, sales, finance and admins.

Kept apart from the edge (proxy, auth, limits): these routes only render pages and call
the public API through ``backoffice.api``. Every route declares who may open it with a
dependency from ``backoffice.session`` (a live staff session with one of the page's
roles); the router-level ``PublicRoute`` only says that no internal token is expected
here, because the browser presents a session cookie instead.
"""

from fastapi import APIRouter, FastAPI

from gateway.backoffice import (
    admin,
    auth_routes,
    ballots,
    finance,
    finance_money,
    operator_missions,
    operator_offerings,
    sales,
    waitlists,
    webhooks,
)
from gateway.backoffice.render import EXCEPTION_HANDLERS
from lpx_common.auth import PublicRoute

router = APIRouter(include_in_schema=False, dependencies=[PublicRoute])
router.include_router(auth_routes.router)
router.include_router(operator_missions.router)
router.include_router(operator_offerings.router)
router.include_router(sales.router)
router.include_router(finance.router)
router.include_router(finance_money.router)
router.include_router(admin.router)
router.include_router(webhooks.router)
router.include_router(ballots.router)
router.include_router(waitlists.router)


def install(app: FastAPI) -> None:
    app.include_router(router)
    for exc, handler in EXCEPTION_HANDLERS.items():
        app.add_exception_handler(exc, handler)
