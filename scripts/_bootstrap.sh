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
uv sync --all-packages --quiet
