#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Set up, build, run and test sanzaru-qt on Debian 12.
#   packaging/dev.sh run     install the Debian packages, build, launch the desktop app
#   packaging/dev.sh test    install the Debian packages, build, run the whole test suite
#   packaging/dev.sh sanitize  build in build-asan/ with ASan+UBSan (gcc), run the engine tests; any report fails
#   packaging/dev.sh fuzz [TARGET...]  build the libFuzzer targets in build-fuzz/ (clang), run each
#                            FUZZ_SECONDS (default 60); any finding fails and is saved in build-fuzz/findings/
#   packaging/dev.sh package  Release build without tests in build-package/, then the Debian package in dist/
#                            (install it with: sudo apt install ./dist/sanzaru-qt_*.deb)
#   packaging/dev.sh deps | build
# SANITIZE_TESTS: the ctest selection of the sanitize mode (default "-L engine"; "" runs everything).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${SANZARU_BUILD_DIR:-$here/build}"
jobs="${SANZARU_JOBS:-$(nproc)}"

packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-image-formats-plugins libqt6svg6
    qt6-multimedia-dev qtkeychain-qt6-dev
    libdeflate-dev libjpeg-dev libgl-dev
    # The icon PNGs are rendered from the SVG at build time; the package test (tests/package) inspects and
    # validates the .deb with Debian's tools.
    librsvg2-bin dpkg-dev desktop-file-utils appstream lintian
)
# Only the fuzz mode needs Debian's clang and its libFuzzer runtime.
fuzz_packages=(clang-14 libclang-rt-14-dev)

deps() {
    debian_packages
    # The MCP SDK test (tests/sdk) drives the binary with the official TypeScript SDK.
    if [ ! -d "$here/tests/sdk/node_modules/@modelcontextprotocol/sdk" ]; then
        npm ci --prefix "$here/tests/sdk" --no-audit --no-fund
    fi
}

debian_packages() {
    local missing=()
    for p in "${packages[@]}" "$@"; do
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

# The .deb: a tree of its own without the tests (CPack installs everything `all` builds), then
# dist/sanzaru-qt_VERSION_ARCH.deb. Dependencies on Debian's Qt 6 packages are computed by dpkg-shlibdeps.
package() {
    local tree="${SANZARU_PACKAGE_BUILD_DIR:-$here/build-package}" dist="$here/dist"
    cmake -S "$here" -B "$tree" -DCMAKE_BUILD_TYPE=Release -DSANZARU_WARNINGS_AS_ERRORS=ON -DBUILD_TESTING=OFF
    cmake --build "$tree" -j"$jobs"
    mkdir -p "$dist"
    (cd "$tree" && cpack -G DEB -B "$dist")
    rm -rf "$dist/_CPack_Packages"
    ls -l "$dist"/sanzaru-qt_*.deb
}

# A sanitizer report in any process (test executables and the sanzaru-qt/fake-openai children they
# start) must fail the run: UB aborts (-fno-sanitize-recover), ASan/LSan exit non-zero, and every report is
# also written to $reports, which must stay empty, so a child whose exit status a test ignores still counts.
sanitizer_env() {
    local reports="$1"
    rm -rf "$reports" && mkdir -p "$reports"
    export ASAN_OPTIONS="halt_on_error=1:exitcode=86:detect_leaks=1:strict_init_order=1:check_initialization_order=1:detect_stack_use_after_return=1:log_path=$reports/asan"
    export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=87:log_path=$reports/ubsan"
    export LSAN_OPTIONS="suppressions=$here/packaging/lsan-suppressions.txt:print_suppressions=0"
}

check_reports() {
    local reports="$1"
    if [ -n "$(ls -A "$reports")" ]; then
        echo "Sanitizer reports in $reports:" >&2
        cat "$reports"/* >&2
        return 1
    fi
}

sanitize() {
    local tree="${SANZARU_ASAN_BUILD_DIR:-$here/build-asan}"
    # Warnings are enforced by the normal build; gcc's sanitizer instrumentation adds false positives.
    cmake -S "$here" -B "$tree" -DCMAKE_BUILD_TYPE=Release -DSANZARU_SANITIZE=ON -DSANZARU_WARNINGS_AS_ERRORS=OFF
    # Only what the selected tests run: the test executables plus the binaries they start. Reniced: the
    # sanitizer build is long and must not starve whoever shares the machine.
    local targets=(sanzaru-qt fake-openai)
    # shellcheck disable=SC2086 # SANITIZE_TESTS is a list of ctest arguments
    mapfile -t -O 2 targets < <(ctest --test-dir "$tree" -N ${SANITIZE_TESTS--L engine} |
        sed -n 's/^ *Test *#[0-9]*: *\(tst_[A-Za-z0-9_]*\)$/\1/p')
    nice -n 15 cmake --build "$tree" -j"$jobs" --target "${targets[@]}"
    sanitizer_env "$tree/sanitizer-reports"
    local status=0
    # shellcheck disable=SC2086 # SANITIZE_TESTS is a list of ctest arguments
    QT_QPA_PLATFORM=offscreen ctest --test-dir "$tree" --output-on-failure -j"$jobs" \
        ${SANITIZE_TESTS--L engine} || status=$?
    check_reports "$tree/sanitizer-reports" || status=1
    return $status
}

# Per-target input size caps: large enough for every structure the target parses, small enough that
# 60 s explore it.
fuzz_max_len() {
    case "$1" in
        fuzz_httprequestreader | fuzz_mcpsession) echo 16384 ;;
        fuzz_imagedecoder) echo 65536 ;;
        fuzz_globpattern | fuzz_mediafolder) echo 512 ;;
        *) echo 8192 ;;
    esac
}

fuzz() {
    local tree="${SANZARU_FUZZ_BUILD_DIR:-$here/build-fuzz}"
    local seconds="${FUZZ_SECONDS:-60}"
    CXX="${CXX:-clang++-14}" cmake -S "$here" -B "$tree" -DCMAKE_BUILD_TYPE=Release -DSANZARU_FUZZ=ON \
        -DSANZARU_WARNINGS_AS_ERRORS=OFF
    nice -n 15 cmake --build "$tree" -j"$jobs"
    local targets=("$@")
    if [ ${#targets[@]} -eq 0 ]; then
        mapfile -t targets < <(cd "$here/tests/fuzz" && ls fuzz_*.cpp | sed 's/\.cpp$//')
    fi
    sanitizer_env "$tree/sanitizer-reports"
    # libFuzzer prints its findings itself; log_path would hide them.
    ASAN_OPTIONS="${ASAN_OPTIONS%%:log_path=*}"
    UBSAN_OPTIONS="${UBSAN_OPTIONS%%:log_path=*}"
    local failed=()
    for t in "${targets[@]}"; do
        local corpus="$tree/corpus/$t" findings="$tree/findings/$t"
        mkdir -p "$corpus" "$findings"
        # Inputs that once failed (tests/fuzz/regressions/<target>/) run first, with the seeds.
        local inputs=("$here/tests/fuzz/corpus/$t")
        [ -d "$here/tests/fuzz/regressions/$t" ] && inputs+=("$here/tests/fuzz/regressions/$t")
        echo "== $t: ${seconds}s"
        # New inputs go to the build tree's corpus; the committed ones are read only. -timeout: an input
        # that takes 10 s is a finding (e.g. a pattern whose matching explodes).
        if ! QT_QPA_PLATFORM=offscreen "$tree/tests/fuzz/$t" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=2048 -max_len="$(fuzz_max_len "$t")" -print_final_stats=1 \
            -artifact_prefix="$findings/" "$corpus" "${inputs[@]}" 2>"$tree/$t.log"; then
            failed+=("$t")
            tail -60 "$tree/$t.log" >&2
        else
            grep -E '^(stat::number_of_executed_units|#[0-9]+ +DONE)' "$tree/$t.log" || true
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        echo "Fuzz findings in: ${failed[*]} (inputs in $tree/findings/)" >&2
        return 1
    fi
}

case "${1:-}" in
    deps) deps ;;
    build) deps; build ;;
    run) deps; build; shift; exec "$build/app/sanzaru-qt" "$@" ;;
    test)
        deps
        build
        # A failed test is printed in full and run once more: the suite has rare timing flakes under load (see the
        # README); a failure that repeats fails the run.
        QT_QPA_PLATFORM=offscreen ctest --test-dir "$build" --output-on-failure -j"$jobs" -LE soak --repeat until-pass:2
        # The fault soak alone, after the rest: it starts the real app and many connections at once.
        QT_QPA_PLATFORM=offscreen ctest --test-dir "$build" --output-on-failure -L soak
        ;;
    package) deps; package ;;
    sanitize) deps; sanitize ;;
    fuzz) deps; debian_packages "${fuzz_packages[@]}"; shift; fuzz "$@" ;;
    *) echo "usage: $0 run|test|package|sanitize|fuzz [TARGET...]|build|deps" >&2; exit 2 ;;
esac
