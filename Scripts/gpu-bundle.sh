#!/usr/bin/env bash
# Packs a self-contained `vernier` for the GPU machine (which has the CUDA libraries but no Swift toolchain and
# none of Vernier's system libraries) into one archive, small enough for the device tool's 64 MiB carry limit:
#
#   Scripts/gpu-bundle.sh [SCRATCH] [OUT]     (defaults: .build-reports, .build-gpu-bundle)
#
# builds `swift build -c release` (Package.swift links the executable with the Swift runtime and Foundation
# statically on Linux, so no Swift library is bundled), copies the binary (stripped), the shared libraries it
# links that are not part of the base system (OpenBLAS, libgfortran, SQLite, …; libpq is opened only for a
# postgres:// URL and is not bundled) and the Fashion-MNIST files, and writes OUT/vernier-gpu.tar.xz. On the GPU
# machine (device tool: carry OUT):
#
#   mkdir -p /tmp/v && tar -xJf OUT/vernier-gpu.tar.xz -C /tmp/v && /tmp/v/run.sh bench gpu --json $OUT/gpu.json
#
# run.sh installs the Fashion-MNIST files where `MNIST.fashion()` looks and puts the bundled libraries on
# LD_LIBRARY_PATH (the CUDA libraries still come from the system: they are opened with dlopen).
set -euo pipefail
scratch=${1:-.build-reports}
out=${2:-.build-gpu-bundle}
swift build -c release --scratch-path "$scratch" --product vernier
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/lib"
cp "$scratch/release/vernier" "$stage/vernier"
strip "$stage/vernier" 2>/dev/null || true
# Everything the binary links except the C runtime, the C++ runtime and zlib (present, and newer, on the GPU
# machine: an older libstdc++ on LD_LIBRARY_PATH would break the CUDA libraries loaded later).
ldd "$scratch/release/vernier" | awk '/=> \// { print $3 }' | while read -r library; do
    case "$(basename "$library")" in
    libc.so* | libm.so* | libdl.so* | libpthread.so* | librt.so* | ld-linux* | libresolv.so* | libutil.so* | \
        libstdc++.so* | libgcc_s.so* | libz.so*) ;;
    *) cp -L "$library" "$stage/lib/" ;;
    esac
done
if [ -d /usr/share/datasets/fashion-mnist ]; then cp -r /usr/share/datasets/fashion-mnist "$stage/"; fi
cat >"$stage/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the bundled vernier on the GPU machine: ./run.sh bench gpu | ./run.sh train fashion-mnist --device cuda
here=$(cd "$(dirname "$0")" && pwd)
if [ -d "$here/fashion-mnist" ] && [ ! -d /usr/share/datasets/fashion-mnist ]; then
    mkdir -p /usr/share/datasets && cp -r "$here/fashion-mnist" /usr/share/datasets/
fi
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$here/vernier" "$@"
RUN
chmod +x "$stage/run.sh"
mkdir -p "$out"
tar -C "$stage" -cJf "$out/vernier-gpu.tar.xz" .
ls -la "$out/vernier-gpu.tar.xz"
echo "Unpacked size: $(du -sh "$stage" | cut -f1); carry $out to the device machine (limit 64 MiB)."
