#!/usr/bin/env bash
# Runs the whole platform locally on embedded defaults: one SQLite file per service under
# var/, a local Stripe stand-in, demo data. Ctrl-C stops everything.
source "$(dirname "$0")/_bootstrap.sh"
exec uv run python scripts/run_local.py "$@"
