#!/usr/bin/env bash
# Sets up and runs the whole test suite on a fresh Debian/Ubuntu machine:
#   system packages (Xvfb, xdotool, fonts, Qt's xcb libraries) when missing and we may install,
#   a virtual environment with the project and its test extras, PostgreSQL for the hub tests,
#   then ruff, mypy and the import contracts, then two pytest runs: everything offscreen, and the
#   end-to-end tests on a real X server.
set -uo pipefail
cd "$(dirname "$0")/.."

# Many tests read real files from ../shared/ beside the repository (tests/helpers/shared_data.py):
# without it, say so once and stop before installing and building anything.
if [ ! -d ../shared ]; then
  echo "missing $(cd .. && pwd)/shared: these tests read real files from ../shared/ beside the repository; put that folder there (it is not part of the repository)"
  exit 1
fi

SYSTEM_PACKAGES=(xvfb xdotool xclip x11-utils openbox trayer fonts-wqy-microhei fonts-noto-color-emoji icu-devtools
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libegl1 libgl1 libfontconfig1 libdbus-1-3)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "could not install ${missing[*]}"; exit 1; }
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv || exit 1
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1
.venv/bin/python -m pip install -q -e '.[test,build]' || { echo "pip install failed"; exit 1; }

# The hub tests need a real PostgreSQL; start the local cluster if it is down.
export SIDEKICK_TEST_PG=${SIDEKICK_TEST_PG:-postgresql://postgres@127.0.0.1:5432/postgres}
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

status=0

# Lint, types and the architecture contracts (pyproject.toml: [tool.ruff], [tool.mypy], [tool.importlinter]).
.venv/bin/ruff check . || status=1
.venv/bin/mypy || status=1
.venv/bin/lint-imports || status=1

# The CI workflow for Windows, macOS and Linux cannot run here: check it against GitHub's schema.
.venv/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml || status=1

# The one-folder bundle agents install; the end-to-end run smoke-tests it (tests/e2e/test_bundle.py).
# build/ is git-ignored: PyInstaller reuses its work folder on the next run in the same checkout.
mkdir -p build
build_started=$(date +%s)
if QT_QPA_PLATFORM=offscreen .venv/bin/python -m PyInstaller --noconfirm --log-level ERROR \
     --distpath build/bundle/dist --workpath build/bundle/work build.spec >build/bundle-build.log 2>&1; then
  echo "bundle built in $(( $(date +%s) - build_started )) s: $(du -sh build/bundle/dist/sidekick | cut -f1) unpacked"
else
  echo "bundle build failed:"; tail -n 30 build/bundle-build.log; status=1
fi
export SIDEKICK_BUNDLE="$PWD/build/bundle/dist/sidekick/sidekick"

QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -m "not e2e and not bundle and not native" "$@" || status=$?
env -u QT_QPA_PLATFORM .venv/bin/python -m pytest -m e2e -p no:cacheprovider tests/e2e "$@" || status=$?
exit $status
