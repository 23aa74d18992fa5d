# Sourced by run.sh and test.sh: installs uv if missing and the workspace's pinned packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never
export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null 2>&1; then
  echo "==> installing uv"
  python3 -m pip install --quiet --user "uv>=0.5" 2>/dev/null || python3 -m pip install --quiet "uv>=0.5"
  hash -r
fi
echo "==> installing the workspace's packages"
# Compiled to bytecode once, here: where PYTHONDONTWRITEBYTECODE is set, nothing else
# writes it, and every process the tests or the local run start (a few hundred) would
# compile every module again, 2-5 s per service start on a two-core machine.
uv sync --all-packages --quiet --compile-bytecode
uv run --no-sync python -m compileall -q -j 0 libs services gateway devtools >/dev/null
