#!/usr/bin/env bash
# Installs every Debian package SLB Workbench needs to build, test and run (docs/design.md, "Layers", says what each is for).
# With --fuzz, also clang and libFuzzer for tests/fuzz; with --bench, PyTorch for Python. Idempotent: packages already present are not touched, and nothing is printed when all are.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build pkg-config
    # engine
    libtorch-dev libopenblas0-pthread nlohmann-json3-dev zlib1g-dev libsqlite3-dev
    # data-parallel training: the headers LibTorch's ProcessGroupGloo.hpp includes
    libgloo-dev
    # TensorBoard export: protobuf messages compiled by protoc
    libprotobuf-dev protobuf-compiler
    # GUI
    qt6-base-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    libqcustomplot-dev libgl-dev
    # default dataset (IDX, gzip) in /usr/share/datasets/fashion-mnist
    dataset-fashion-mnist
    # headless GUI runs and screenshots
    xvfb xauth fonts-dejavu-core
    # the package test: the desktop entry and the AppStream metainfo validated
    desktop-file-utils appstream
    # the Chinese UI: Qt's own zh_CN texts, and a CJK font (WenQuanYi Micro Hei, the small one)
    qt6-translations-l10n fonts-wqy-microhei
)
# --fuzz: also what the libFuzzer harnesses need (tests/fuzz, README "Hardening").
# --bench: also PyTorch for Python, the baseline of the benchmarks (README "Performance").
for option in "$@"; do
    case "$option" in
        --fuzz) packages+=(clang-14 libfuzzer-14-dev) ;;
        --bench) packages+=(python3 python3-numpy python3-torch) ;;
        *) echo "install-deps: unknown option $option (--fuzz, --bench)" >&2; exit 2 ;;
    esac
done

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run this script as root, or install sudo, to install them." >&2
    exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
