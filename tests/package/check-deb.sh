#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Debian package as a user's apt would see it: built with CPack from this build tree (or the .deb named
# by SANZARU_DEB), then its files, its control data (dependencies computed by dpkg-shlibdeps, no maintainer
# scripts), the desktop entry, the AppStream metainfo, the manual page and the binary itself are checked.
# Run by CTest (label "package"); a missing tool fails the test, it never skips.
#   check-deb.sh BUILD_DIR CPACK_COMMAND VERSION
set -euo pipefail

build=$1 cpack=$2 version=$3
app_id=io.github.sanzaru_qt.SanzaruQt
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
need() {
    command -v "$1" >/dev/null || { echo "FAIL: $1 is missing (Debian package $2; packaging/dev.sh deps installs it)" >&2; exit 1; }
}
need dpkg-deb dpkg
need dpkg-shlibdeps dpkg-dev
need desktop-file-validate desktop-file-utils
need appstreamcli appstream
need lintian lintian

work=$(mktemp -d "${TMPDIR:-/tmp}/sanzaru-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT

deb=${SANZARU_DEB:-}
if [ -z "$deb" ]; then
    # Everything in the build tree is already built when CTest runs; cpack only installs and packs.
    "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
        { cat "$work/cpack.log" >&2; exit 1; }
    deb=$(ls "$work/out"/sanzaru-qt_*.deb)
fi
echo "package: $(basename "$deb") ($(stat -c %s "$deb") bytes)"
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "sanzaru-qt_${version}-1_${arch}.deb" ] || fail "file name $(basename "$deb")"

# --- files ---
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/files"
expect_file() { grep -qxF "$1" "$work/files" || fail "missing $1"; }
expect_file /usr/bin/sanzaru-qt
expect_file /usr/share/applications/$app_id.desktop
expect_file /usr/share/metainfo/$app_id.metainfo.xml
expect_file /usr/share/icons/hicolor/scalable/apps/sanzaru-qt.svg
for size in 16 22 24 32 48 64 128 256 512; do
    expect_file /usr/share/icons/hicolor/${size}x${size}/apps/sanzaru-qt.png
done
expect_file /usr/share/man/man1/sanzaru-qt.1.gz
expect_file /usr/share/doc/sanzaru-qt/copyright
expect_file /usr/share/doc/sanzaru-qt/changelog.Debian.gz
# Nothing outside /usr (no /usr/local, /etc or /opt), and no test or benchmark binaries.
outside=$(grep -v -e '^/$' -e '^/usr/' -e '^/usr$' "$work/files" || true)
[ -z "$outside" ] || fail "files outside /usr: $outside"
[ "$(grep -c '^/usr/bin/.' "$work/files")" -eq 1 ] || fail "more than one program in /usr/bin: $(grep '^/usr/bin/.' "$work/files")"
# Owned by root, world-readable.
dpkg-deb -c "$deb" | awk '$2 != "root/root" {print}' | grep . && fail "files not owned by root/root"

# --- control data ---
dpkg-deb -f "$deb" Package Version Architecture Depends Recommends Section Maintainer Homepage >"$work/control"
cat "$work/control"
[ "$(dpkg-deb -f "$deb" Package)" = sanzaru-qt ] || fail "Package field"
# Debian revision 1: the package is not a native Debian package, hence changelog.Debian.gz.
[ "$(dpkg-deb -f "$deb" Version)" = "$version-1" ] || fail "Version field is not $version-1"
depends=$(dpkg-deb -f "$deb" Depends)
# Computed by dpkg-shlibdeps: versioned dependencies on the libraries the binary links.
IFS=',' read -ra entries <<<"$depends"
entries=("${entries[@]# }")
has_depend() { # NAME [VERSIONED]: an entry NAME, or with VERSIONED an entry "NAME (>= ...)"
    local entry
    for entry in "${entries[@]}"; do
        if [ -n "${2:-}" ]; then
            [[ $entry == "$1 (>= "*")" ]] && return 0
        else
            [ "$entry" = "$1" ] && return 0
        fi
    done
    return 1
}
for lib in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6multimedia6 \
    libqt6multimediawidgets6 libqt6keychain1 libdeflate0 libjpeg62-turbo; do
    has_depend "$lib" versioned || fail "Depends lacks a computed '$lib (>= ...)': $depends"
done
# Plug-ins Qt loads at run time, which dpkg-shlibdeps cannot see.
for pkg in qt6-image-formats-plugins libqt6svg6; do
    has_depend "$pkg" || fail "Depends lacks $pkg"
done
# No maintainer scripts: control and md5sums only.
dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep . | sort >"$work/control-members"
[ "$(tr '\n' ' ' <"$work/control-members")" = "control md5sums " ] ||
    fail "control members: $(tr '\n' ' ' <"$work/control-members") (expected control, md5sums)"

# --- contents ---
dpkg-deb -x "$deb" "$work/root"
root=$work/root
desktop-file-validate "$root/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
grep -qx 'MimeType=image/png;image/jpeg;image/webp;' "$root/usr/share/applications/$app_id.desktop" ||
    fail "desktop entry does not open PNG/JPEG/WEBP"
grep -qx 'Exec=sanzaru-qt %F' "$root/usr/share/applications/$app_id.desktop" || fail "desktop entry Exec"
grep -qx 'Exec=sanzaru-qt --new-video' "$root/usr/share/applications/$app_id.desktop" || fail "New video action"
grep -qx 'Exec=sanzaru-qt --new-image' "$root/usr/share/applications/$app_id.desktop" || fail "New image action"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
# The tree as installed: the metainfo's launchable desktop entry and its icon are there.
appstreamcli validate-tree --no-net "$root" || fail "appstreamcli validate-tree"
newest=$(grep -o '<release version="[^"]*"' "$root/usr/share/metainfo/$app_id.metainfo.xml" | head -1 | cut -d'"' -f2)
[ "$newest" = "$version" ] || fail "the metainfo's newest release is $newest, the package is $version"
grep -q '<screenshot' "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "metainfo has no screenshot"
grep -q '<content_rating type="oars-1.1"' "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "content rating"
grep -q '<binary>sanzaru-qt</binary>' "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "provides binary"
for size in 16 22 24 32 48 64 128 256 512; do
    png=$root/usr/share/icons/hicolor/${size}x${size}/apps/sanzaru-qt.png
    [ -f "$png" ] || continue
    # PNG IHDR: width and height as big-endian 32-bit numbers at bytes 16 and 20.
    read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
    [ "$w x $h" = "$size x $size" ] || fail "the ${size}x${size} icon is ${w}x${h}"
done
zcat "$root/usr/share/man/man1/sanzaru-qt.1.gz" | sed 's/\\-/-/g' >"$work/man"
grep -q '^\.TH SANZARU-QT 1 ' "$work/man" || fail "manual page header"
for word in mcp serve tool --new-video --new-image --print-config --print-token --rotate-token --http --local \
    --list --version OPENAI_API_KEY SANZARU_MEDIA_PATH capabilities --poll-interval SANZARU_QT_POLL_SCALE resume; do
    grep -q -- "$word" "$work/man" || fail "the manual page does not mention $word"
done
head -1 "$root/usr/share/doc/sanzaru-qt/copyright" |
    grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' || fail "copyright is not DEP-5"
# The packaged binary runs (its libraries resolve from the system) and is this version.
out=$("$root/usr/bin/sanzaru-qt" --version) || fail "the packaged binary does not run"
[ "$out" = "sanzaru-qt $version" ] || fail "--version printed '$out'"

# Debian's own checks: any lintian error fails; warnings are printed.
lintian --fail-on error --tag-display-limit 0 "$deb" || fail "lintian reported errors"

if [ "$failures" -gt 0 ]; then
    echo "$failures package check(s) failed" >&2
    exit 1
fi
echo "package checks passed"
