"""A tiny upstream for proxy tests: echoes what reached it, streams big bodies, is slow.

Run as a real uvicorn process (``tests.gateway.echo_app:create_app``) in place of a
service, so the tests see exactly what the gateway forwards over real HTTP.
"""

import asyncio
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route


async def livez(_: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def echo(request: Request) -> Response:
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "raw_path": request.scope["raw_path"].decode("latin-1"),
            "query": request.url.query,
            "headers": [
                [k.decode("latin-1"), v.decode("latin-1")] for k, v in request.scope["headers"]
            ],
            "body": body.decode("latin-1"),
        },
        headers={
            "X-Upstream": "echo",
            "Connection": "keep-alive, X-Upstream-Hop",
            "X-Upstream-Hop": "1",
        },
    )


async def big_csv(request: Request) -> Response:
    rows = int(request.query_params.get("rows", "200000"))

    async def lines() -> AsyncIterator[bytes]:
        yield b"id,amount_minor,currency\n"
        for start in range(0, rows, 1000):
            yield b"".join(
                f"row{i},{i * 100},JPY\n".encode() for i in range(start, min(rows, start + 1000))
            )
            await asyncio.sleep(0)

    return StreamingResponse(lines(), media_type="text/csv")


async def slow(request: Request) -> Response:
    await asyncio.sleep(float(request.query_params.get("seconds", "3")))
    return PlainTextResponse("late")


def create_app() -> Starlette:
    return Starlette(
        routes=[
            Route("/livez", livez),
            Route("/v1/catalog/big.csv", big_csv),
            Route("/v1/finance/big.csv", big_csv),
            Route("/v1/catalog/slow", slow),
            Route("/{path:path}", echo, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        ]
    )
