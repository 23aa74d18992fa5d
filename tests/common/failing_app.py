"""A tiny app with the platform's request context and problem handlers, and a route
that fails unexpectedly, run as a real uvicorn process by the tests of 500 answers."""

from fastapi import FastAPI, Request

from lpx_common.errors import install_problem_handlers
from lpx_common.observability import RequestContextMiddleware, configure_logging


def create_app() -> FastAPI:
    configure_logging("failing")
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(RequestContextMiddleware, service="failing")

    @app.get("/livez")
    async def livez(request: Request) -> dict[str, object]:
        return {"status": "ok", "client_port": request.client.port if request.client else 0}

    @app.get("/boom")
    async def boom(request: Request) -> dict[str, object]:
        raise RuntimeError(f"unexpected, from port {request.client.port if request.client else 0}")

    return app
