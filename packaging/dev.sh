#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up, build, run and test sanzaru-qt on Debian 12.
#   packaging/dev.sh run     install the Debian packages, build, launch the desktop app
#   packaging/dev.sh test    install the Debian packages, build, run the whole test suite
#   packaging/dev.sh deps | build
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SANZARU_BUILD_DIR:-$here/build}"
jobs="${SANZARU_JOBS:-$(nproc)}"

packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-image-formats-plugins libqt6svg6
    qt6-multimedia-dev qtkeychain-qt6-dev
    libdeflate-dev libgl-dev
)

deps() {
    debian_packages
    # The MCP SDK test (tests/sdk) drives the binary with the official TypeScript SDK.
    if [ ! -d "$here/tests/sdk/node_modules/@modelcontextprotocol/sdk" ]; then
        npm ci --prefix "$here/tests/sdk" --no-audit --no-fund
    fi
}

debian_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    # Debian's nodejs and npm, unless a node with npm is already there (NodeSource's nodejs bundles npm and
    # conflicts with Debian's npm package).
    if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
        missing+=(nodejs npm)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSANZARU_WARNINGS_AS_ERRORS=ON
    cmake --build "$build" -j"$jobs"
}

case "${1:-}" in
    deps) deps ;;
    build) deps; build ;;
    run) deps; build; shift; exec "$build/app/sanzaru-qt" "$@" ;;
    test) deps; build; QT_QPA_PLATFORM=offscreen ctest --test-dir "$build" --output-on-failure -j"$jobs" ;;
    *) echo "usage: $0 run|test|build|deps" >&2; exit 2 ;;
esac
