# syntax=docker/dockerfile:1.7
# One image recipe for every service; docker-compose.yml passes the build args.
#   PACKAGE      workspace package to install (lpx-catalog, lpx-booking, lpx-payments,
#                lpx-notifications, lpx-gateway)
#   SERVICE_DIR  folder holding the service's alembic.ini and migrations/
#   APP_MODULE   uvicorn factory, e.g. catalog.main:create_app
# UVICORN_HTTP selects the server protocol with the request-head limits (431); the
# gateway's compose entry sets the public entry's stricter one.
# Only the named package and its pinned dependencies reach the final image: no tests,
# no dev tools, no Stripe stand-in.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
RUN pip install --no-cache-dir "uv>=0.5,<1"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv
ARG PACKAGE
WORKDIR /src
# The root pyproject pins every third-party version (constraint-dependencies).
COPY pyproject.toml ./
COPY libs ./libs
COPY services ./services
COPY gateway ./gateway
COPY devtools ./devtools
RUN uv sync --no-dev --no-editable --package "${PACKAGE}"

FROM python:${PYTHON_VERSION}-slim AS runtime
ARG SERVICE_DIR
ARG APP_MODULE
RUN useradd --system --uid 10001 --no-create-home app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY ${SERVICE_DIR}/alembic.ini ./alembic.ini
COPY ${SERVICE_DIR}/migrations ./migrations
ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    APP_MODULE=${APP_MODULE} \
    PORT=8000 \
    UVICORN_HTTP=lpx_common.serving:ServiceHttpProtocol
USER app
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/readyz\", timeout=2)"]
CMD ["sh", "-c", "exec uvicorn --factory \"$APP_MODULE\" --host 0.0.0.0 --port \"$PORT\" --proxy-headers --no-access-log"]
