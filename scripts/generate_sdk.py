"""Regenerates the partner SDK in ``clients/python`` from the public API's OpenAPI.

The document is built in-process from each service's app (no server needs to run) and
merged exactly as the gateway merges it at ``/openapi.json``; openapi-python-client then
writes the SDK. The merged document is kept beside the SDK, so a reviewer sees what
changed in the API as well as in the generated code.

    uv run python scripts/generate_sdk.py            # rewrite clients/python
    uv run python scripts/generate_sdk.py --check    # exit 1 if clients/python is stale
"""

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SDK_DIR = ROOT / "clients" / "python"
CONFIG = SDK_DIR.parent / "python-sdk-config.yaml"
SERVICES = ("catalog", "booking", "payments", "notifications")
# Only shape the apps' documents; nothing is started, so any well-formed values do.
_PLACEHOLDER_ENV = {
    **{f"{s.upper()}_INTERNAL_TOKEN_SECRET": "x" * 32 for s in (*SERVICES, "gateway")},
    "PAYMENTS_STRIPE_SECRET_KEY": "sk_test_placeholder",
    "PAYMENTS_STRIPE_WEBHOOK_SECRET": "whsec_placeholder",
}


def merged_openapi() -> dict[str, Any]:
    for key, value in _PLACEHOLDER_ENV.items():
        os.environ.setdefault(key, value)
    from importlib import import_module

    from gateway.main import create_app as gateway_app
    from gateway.openapi import merge

    documents = {s: import_module(f"{s}.main").create_app().openapi() for s in SERVICES}
    return merge(gateway_app().openapi(), documents)


def generate(out_dir: Path) -> None:
    """Writes the SDK project for the current API into ``out_dir`` (replaced)."""
    with tempfile.TemporaryDirectory() as work:
        spec = Path(work) / "openapi.json"
        spec.write_text(json.dumps(merged_openapi(), indent=2, sort_keys=True) + "\n")
        bin_dir = str(Path(sys.executable).parent)  # the generator's hooks run ruff
        subprocess.run(
            [
                str(Path(bin_dir) / "openapi-python-client"),
                "generate",
                "--path",
                str(spec),
                "--config",
                str(CONFIG),
                "--meta",
                "uv",
                "--output-path",
                str(out_dir),
                "--overwrite",
                "--fail-on-warning",
            ],
            check=True,
            env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")},
            stdout=subprocess.DEVNULL,
        )
        (out_dir / "openapi.json").write_text(spec.read_text())


def stale_files(expected: Path, actual: Path) -> list[str]:
    """Paths that differ between two SDK trees (missing on either side included)."""
    differences: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files:
            differences.append(prefix + name)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(expected, actual, ignore=["__pycache__", ".ruff_cache"]), "")
    return sorted(differences)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report a stale SDK")
    args = parser.parse_args()
    if not args.check:
        generate(SDK_DIR)
        print(f"wrote {SDK_DIR.relative_to(ROOT)}")
        return 0
    with tempfile.TemporaryDirectory() as work:
        fresh = Path(work) / "python"
        generate(fresh)
        stale = stale_files(fresh, SDK_DIR)
    for path in stale:
        print(f"stale: clients/python/{path}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
