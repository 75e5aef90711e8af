#!/usr/bin/env python3
"""Damage copies of the golden vectors and check that `mxcts vectors verify`
reports every damage as such: exit status 1 (never 0, never a crash), and for
each damaged file a FAIL line naming that file and saying what is wrong.

Damage kinds (seeded, deterministic):
  * single bit flips: in every file one random header bit, one random record
    bit and one random trailer bit; every bit of every header byte of two files;
    a random sample of bits anywhere in any file;
  * truncation at 0, 1, 100, 255, 256 bytes, mid-file and size-1;
  * trailing bytes;
  * header edits with the header CRC recomputed (so the field checks, not the
    CRC, must catch them): record count +-1, record size, operation, version,
    magic, a reserved byte, format, a rounding knob, the profile name;
  * MANIFEST problems: a malformed line, a missing file, an unlisted file.
Damaged copies are checked in batches: one vectors directory per batch whose
MANIFEST lists every copy with the original sha256 and size.

usage: test_vectors_corrupt.py MXCTS VECTORS_DIR WORK_DIR
"""
import os
import random
import shutil
import struct
import subprocess
import sys
import zlib

MXCTS, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
rng = random.Random(20261123)
failures = []
checked = 0


def manifest(d):
    rows = []
    for line in open(os.path.join(d, "MANIFEST"), encoding="utf-8"):
        line = line.rstrip("\n")
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


ROWS = manifest(SRC)
DATA = {r[3]: open(os.path.join(SRC, r[3]), "rb").read() for r in ROWS}


def run(d):
    p = subprocess.run([MXCTS, "vectors", "verify", d], capture_output=True, text=True, timeout=600)
    return p.returncode, p.stdout + p.stderr


def batch(name, cases):
    """cases: list of (orig_path, new_bytes, expect_any_of: tuple of substrings, label)."""
    global checked
    d = os.path.join(WORK, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    lines, want = [], {}
    for i, (orig, data, expect, label) in enumerate(cases):
        row = next(r for r in ROWS if r[3] == orig)
        sub, base = os.path.split(orig)
        rel = f"{sub}/c{i:05d}.{base}"
        os.makedirs(os.path.join(d, sub), exist_ok=True)
        with open(os.path.join(d, rel), "wb") as f:
            f.write(data)
        lines.append("\t".join([row[0], row[1], row[2], rel, row[4], row[5]]))
        want[rel] = (expect, label)
    with open(os.path.join(d, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write("# damaged copies\n" + "\n".join(lines) + "\n")
    rc, out = run(d)
    if rc != 1:
        failures.append(f"{name}: exit status {rc} (want 1){' (crash?)' if rc < 0 or rc >= 128 else ''}")
    fails = {}
    for line in out.splitlines():
        if line.startswith("FAIL "):
            path, _, msg = line[5:].partition(": ")
            fails.setdefault(path, []).append(msg)
    for rel, (expect, label) in want.items():
        checked += 1
        msgs = fails.get(rel)
        if not msgs:
            failures.append(f"{name}: {label}: {rel} not reported")
        elif not any(e in m for m in msgs for e in expect):
            failures.append(f"{name}: {label}: {rel} reported without {expect}: {msgs[:2]}")
    shutil.rmtree(d, ignore_errors=True)
    print(f"{name}: {len(cases)} damaged copies, exit {rc}, all reported" if not any(
        f.startswith(name + ":") for f in failures) else f"{name}: FAILURES", flush=True)


def flip(data, byte, bit):
    b = bytearray(data)
    b[byte] ^= 1 << bit
    return bytes(b)


def expect_for(data, byte):
    size = len(data)
    if byte < 252:
        return ("header",)
    if byte < 256:
        return ("header: CRC-32 mismatch",)
    if byte >= size - 4:
        return ("record CRC-32 mismatch",)
    return ("record CRC-32 mismatch",)


def reheader(data, **kw):
    """Edit header fields and recompute the header CRC."""
    b = bytearray(data)
    for off, fmt, val in kw.get("fields", []):
        if fmt == "raw":
            b[off:off + len(val)] = val
        else:
            struct.pack_into(fmt, b, off, val)
    struct.pack_into("<I", b, 252, zlib.crc32(bytes(b[:252])))
    return bytes(b)


# 1. The committed set passes.
rc, out = run(SRC)
if rc != 0:
    failures.append(f"clean verify: exit {rc}: {out[-2000:]}")
else:
    print(out.strip().splitlines()[-1])

paths = sorted(DATA)

# 2. Every file: one header bit, one record bit, one trailer bit.
cases = []
for p in paths:
    d = DATA[p]
    for lo, hi in ((0, 256), (256, len(d) - 4), (len(d) - 4, len(d))):
        byte, bit = rng.randrange(lo, hi), rng.randrange(8)
        cases.append((p, flip(d, byte, bit), ("sha256",) if False else expect_for(d, byte), f"bit {bit} of byte {byte}"))
batch("every-file", cases)

# 3. Every bit of every header byte of two small files (and the first record byte, the trailer).
small = [p for p in paths if len(DATA[p]) < 8192][:2]
cases = []
for p in small:
    d = DATA[p]
    for byte in list(range(256)) + [256, len(d) - 1]:
        for bit in range(8):
            cases.append((p, flip(d, byte, bit), expect_for(d, byte), f"bit {bit} of byte {byte}"))
batch("header-sweep", cases)

# 4. A seeded random sample of bits anywhere in any file.
cases = []
for _ in range(400):
    p = rng.choice(paths)
    d = DATA[p]
    byte, bit = rng.randrange(len(d)), rng.randrange(8)
    cases.append((p, flip(d, byte, bit), expect_for(d, byte), f"bit {bit} of byte {byte}"))
batch("random-sample", cases)

# 5. Truncation and trailing bytes.
cases = []
trunc_files = [paths[0], paths[len(paths) // 2], paths[-1]] + rng.sample(paths, 5)
for p in trunc_files:
    d = DATA[p]
    for n in sorted({0, 1, 100, 255, 256, 257, len(d) // 2, len(d) - 4, len(d) - 1}):
        cases.append((p, d[:n], ("truncated", "shorter than"), f"truncated to {n} bytes"))
    cases.append((p, d + b"\0", ("trailing",), "one trailing byte"))
batch("truncation", cases)

# 6. Header edits with a valid header CRC.
cases = []
enc = next(p for p in paths if p.startswith("encode/f32.e4m3.ocp.rne.sat"))
qnt = next(p for p in paths if p.startswith("mx/quantize.f32.e4m3.ocp.floor"))
gem = next(p for p in paths if p.startswith("gemm/"))
for p in (enc, qnt, gem):
    d = DATA[p]
    count = struct.unpack_from("<Q", d, 24)[0]
    rsize = struct.unpack_from("<I", d, 20)[0]
    cases += [
        (p, reheader(d, fields=[(24, "<Q", count + 1)]), ("truncated",), "count + 1"),
        (p, reheader(d, fields=[(24, "<Q", count - 1)]), ("trailing",), "count - 1"),
        (p, reheader(d, fields=[(24, "<Q", 0)]), ("header: record count",), "count 0"),
        (p, reheader(d, fields=[(24, "<Q", 2**63)]), ("header: record count",), "count 2^63"),
        (p, reheader(d, fields=[(20, "<I", rsize + 1)]), ("header: record size",), "record size + 1"),
        (p, reheader(d, fields=[(12, "<B", 9)]), ("header: operation",), "operation 9"),
        (p, reheader(d, fields=[(8, "<H", 2)]), ("header: format version",), "version 2"),
        (p, reheader(d, fields=[(0, "raw", b"MXCTSVEX")]), ("header: bad magic",), "magic"),
        (p, reheader(d, fields=[(200, "<B", 1)]), ("header: a reserved byte",), "reserved byte"),
        (p, reheader(d, fields=[(56, "raw", b"\x01")]), ("header: profile",), "profile name control byte"),
        (p, reheader(d, fields=[(56, "raw", b"cuda")]), ("sha256",), "profile name changed"),
        (p, reheader(d, fields=[(15, "<B", 77)]), ("header:",), "format 77"),
        (p, reheader(d, fields=[(120, "<B", 9)]), ("header: element conversion knobs",), "round knob 9"),
    ]
# a valid but different format / knob: the header is well-formed, the records no longer follow from it
cases.append((enc, reheader(DATA[enc], fields=[(15, "<B", 1)]), ("record ",), "format e4m3 -> e5m2"))
cases.append((enc, reheader(DATA[enc], fields=[(120, "<B", 1)]), ("record ",), "round rne -> rtz"))
cases.append((qnt, reheader(DATA[qnt], fields=[(140, "<B", 1)]), ("record ",), "scale mode floor -> ceil"))
batch("header-edits", cases)

# 7. MANIFEST problems.
d = os.path.join(WORK, "manifest")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(os.path.join(d, "decode"))
row = next(r for r in ROWS if r[3] == "decode/e4m3.vec")
shutil.copy(os.path.join(SRC, "decode/e4m3.vec"), os.path.join(d, "decode/e4m3.vec"))
for label, text, extra, expect in [
    ("malformed line", "\t".join(row[:5]) + "\n", None, "6"),
    ("bad sha256 field", "\t".join(["xyz"] + row[1:]) + "\n", None, "sha256 field"),
    ("missing file", "\t".join(row) + "\n" + "\t".join(row[:3] + ["decode/none.vec"] + row[4:]) + "\n", None, "cannot read"),
    ("unlisted file", "\t".join(row) + "\n", "decode/extra.vec", "not listed"),
    ("empty", "# nothing\n", None, "lists no files"),
]:
    with open(os.path.join(d, "MANIFEST"), "w") as f:
        f.write(text)
    if extra:
        shutil.copy(os.path.join(SRC, "decode/e4m3.vec"), os.path.join(d, extra))
    rc, out = run(d)
    checked += 1
    if rc != 1 or expect not in out:
        failures.append(f"manifest: {label}: exit {rc}, output {out.strip()[:300]!r}")
    if extra:
        os.remove(os.path.join(d, extra))
print("manifest: 5 problems", "reported" if not any(f.startswith("manifest") for f in failures) else "FAILURES")
shutil.rmtree(d, ignore_errors=True)

print(f"test_vectors_corrupt: {checked} damaged copies checked, {len(failures)} failures")
for f in failures[:40]:
    print("FAIL", f)
sys.exit(1 if failures else 0)
