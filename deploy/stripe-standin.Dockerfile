# syntax=docker/dockerfile:1.7
# The local Stripe stand-in, for development and tests only. Production points the
# payments service at Stripe itself; this image is never deployed there.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim AS build
RUN pip install --no-cache-dir "uv>=0.5,<1"
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv
WORKDIR /src
# The root pyproject pins every third-party version (constraint-dependencies).
COPY pyproject.toml ./
COPY libs ./libs
COPY services ./services
COPY gateway ./gateway
COPY devtools ./devtools
RUN uv sync --no-dev --no-editable --package stripe-standin

FROM python:${PYTHON_VERSION}-slim AS runtime
RUN useradd --system --uid 10001 --no-create-home app
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:${PATH}" PYTHONUNBUFFERED=1 PORT=8010
USER app
EXPOSE 8010
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['PORT']}/livez\", timeout=2)"]
CMD ["sh", "-c", "exec uvicorn --factory stripe_standin.main:create_app --host 0.0.0.0 --port \"$PORT\""]
