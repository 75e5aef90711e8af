#!/usr/bin/env bash
# Packaging check (issue 7): install the build tree, build examples/consumer
# against it (CMake shared + static, and pkg-config), build the .deb with CPack
# and unpack it into a scratch root, then build and run the consumer and the
# tool from there. Usage: ci/package-check.sh [BUILD_DIR] (default: build, the
# tree the quick workflow made; configured and built here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
OUT=$PWD/out/package
start=$(date +%s)
if [[ ! -f $B/CMakeCache.txt ]]; then
  cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$B" -j2 >/dev/null
version=$(sed -n 's/^project(mxcts VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[[ -n $version ]] || { echo "package-check: no version in CMakeLists.txt"; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
fail() { echo "package-check: FAIL: $*"; exit 1; }

echo "== cmake --install into a prefix"
P=$W/prefix
cmake --install "$B" --prefix "$P" >/dev/null
for f in bin/mxcts include/mxcts/kernels.h include/mxcts/convert.h \
         lib/libmxcts_reference.a lib/libmxcts_kernels.a \
         lib/cmake/mxcts/mxctsConfig.cmake lib/cmake/mxcts/mxctsConfigVersion.cmake \
         lib/pkgconfig/mxcts-reference.pc lib/pkgconfig/mxcts-kernels.pc; do
  [[ -e $P/$f ]] || fail "missing $f"
done
so=${version%.*}; [[ ${version%%.*} == 0 ]] || so=${version%%.*}
for l in reference kernels; do
  [[ -f $P/lib/libmxcts_$l.so.$version ]] || fail "missing libmxcts_$l.so.$version"
  soname=$(objdump -p "$P/lib/libmxcts_$l.so" | awk '/SONAME/ {print $2}')
  [[ $soname == "libmxcts_$l.so.$so" ]] || fail "SONAME of libmxcts_$l is '$soname', want libmxcts_$l.so.$so"
  echo "   libmxcts_$l.so -> SONAME $soname"
done
if [[ -f vectors/MANIFEST ]]; then
  [[ -f $P/share/mxcts/vectors/MANIFEST ]] || fail "vectors not installed"
  want="mxcts $version (vectors: MANIFEST sha256 $(sha256sum vectors/MANIFEST | cut -d' ' -f1))"
else
  want="mxcts $version (vectors: none in this build)"
fi
got=$("$P/bin/mxcts" --version)
[[ $got == "$want" ]] || fail "mxcts --version: '$got', want '$want'"
echo "   $got"

echo "== examples/consumer against the installed tree (CMake, shared and static)"
for kind in OFF ON; do
  cmake -S examples/consumer -B "$W/c-$kind" -DCMAKE_PREFIX_PATH="$P" -DMXCTS_CONSUMER_STATIC=$kind >/dev/null
  cmake --build "$W/c-$kind" >/dev/null
  "$W/c-$kind/consumer"
done
# grep reads all of ldd's output (no -q): under pipefail an early exit would
# SIGPIPE the writer and fail the pipeline even on a match
ldd "$W/c-OFF/consumer" | grep "libmxcts_kernels.so.$so => $P/lib" >/dev/null || fail "shared consumer does not load the installed library"

echo "== examples/consumer with pkg-config"
export PKG_CONFIG_PATH=$P/lib/pkgconfig
[[ $(pkg-config --modversion mxcts-kernels) == "$version" ]] || fail "pkg-config version"
cc -std=c11 -Wall -Werror examples/consumer/consumer.c \
  $(pkg-config --cflags --libs mxcts-kernels mxcts-reference) -Wl,-rpath,"$P/lib" -o "$W/c-pc"
"$W/c-pc"

echo "== CPack .deb, installed with dpkg into a scratch root"
mkdir -p "$OUT"
(cd "$B" && cpack -G DEB -B "$OUT" >/dev/null)
deb=$OUT/mxcts_${version}_$(dpkg --print-architecture).deb
[[ -f $deb ]] || fail "no $deb"
dpkg-deb -I "$deb" | sed -n 's/^ \(Package\|Version\|Depends\):/   \1:/p'
R=$W/root
# a real dpkg install (its own package database under $R); the runtime dependencies (libc6,
# libssl3, libgomp1) live in the host's database, not the scratch one: --force-depends
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
touch "$R/var/lib/dpkg/status"
dpkg --root="$R" --force-not-root --force-depends --log=/dev/null -i "$deb" >"$W/dpkg.log" 2>&1 \
  || { cat "$W/dpkg.log"; fail "dpkg -i into the scratch root"; }
dpkg --root="$R" -s mxcts | grep '^Status: install ok installed' >/dev/null || fail "dpkg status of mxcts in the scratch root"
got=$(LD_LIBRARY_PATH=$R/usr/lib "$R/usr/bin/mxcts" --version)
[[ $got == "$want" ]] || fail "mxcts from the .deb: '$got'"
LD_LIBRARY_PATH=$R/usr/lib "$R/usr/bin/mxcts" encode e4m3 448 464 1e9 | paste -sd' ' | grep "^0x7e 0x7e 0x7e" >/dev/null \
  || fail "mxcts from the .deb does not encode"
if [[ -f vectors/MANIFEST ]]; then
  # the installed tool finds and verifies its installed vectors (sha256 + re-derivation)
  v=$(LD_LIBRARY_PATH=$R/usr/lib "$R/usr/bin/mxcts" vectors verify 2>&1 | tail -1)
  [[ $v == *"$R/usr/bin/../share/mxcts/vectors"*": OK" ]] || fail "vectors verify from the .deb: $v"
  echo "   ${v/$R/<root>}"
fi
cmake -S examples/consumer -B "$W/c-deb" -DCMAKE_PREFIX_PATH="$R/usr" >/dev/null
cmake --build "$W/c-deb" >/dev/null
LD_LIBRARY_PATH=$R/usr/lib "$W/c-deb/consumer"
echo "package-check: OK ($deb, $(( $(date +%s) - start )) s)"
