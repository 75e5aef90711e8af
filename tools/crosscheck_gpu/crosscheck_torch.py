#!/usr/bin/env python3
"""Compare torch eager `.to(torch.float8_*)` casts with the mxcts `torch_eager` profile.

Every f32 bit pattern (2^32) is cast on the GPU (chunks of 2^28) to float8_e4m3fn,
float8_e5m2, float8_e4m3fnuz, float8_e5m2fnuz and float8_e8m0fnu, and compared byte
for byte with the reference's truth table for the same format under --profile
torch_eager (read from `TABLE_CMD FORMAT torch_eager`, by default the crosscheck_cuda
helper `--table`, which is `mxcts table FORMAT --profile torch_eager --raw`). The CPU
cast is checked on every 257th input of each chunk. The profile pins every knob torch
sets (non-saturating, NaN sign kept, E5M2 NaN 0x7F, E8M0 ties up, 0 -> 0x00, sign
ignored), so any disagreement fails (exit 1).

usage: crosscheck_torch.py [--table-cmd "build-gpu/crosscheck_cuda --table"] [--formats a,b]
"""
import argparse
import shlex
import subprocess
import sys
import time

import numpy as np
import torch

DTYPES = {"e4m3": "float8_e4m3fn", "e5m2": "float8_e5m2", "e4m3fnuz": "float8_e4m3fnuz",
          "e5m2fnuz": "float8_e5m2fnuz", "e8m0": "float8_e8m0fnu"}
CHUNK = 1 << 28
CPU_STRIDE = 257


def read_exact(f, n):
    buf = bytearray()
    while len(buf) < n:
        part = f.read(n - len(buf))
        if not part:
            break
        buf += part
    return bytes(buf)


def compare(proc, dt, dev):
    bad = cbad = cn = 0
    ex = []
    for base in range(0, 1 << 32, CHUNK):
        bits = torch.arange(base, base + CHUNK, dtype=torch.int64, device=dev).to(torch.int32)
        x = bits.view(torch.float32)
        got = x.to(dt).view(torch.uint8).cpu().numpy()
        ref = np.frombuffer(read_exact(proc.stdout, CHUNK), np.uint8)
        if len(ref) != CHUNK:
            raise SystemExit("reference table stream ended early")
        d = np.nonzero(got != ref)[0]
        bad += len(d)
        for i in d[: max(0, 6 - len(ex))]:
            ex.append(f"cuda f32 0x{base + int(i):08x}: torch 0x{int(got[i]):02x} mxcts 0x{int(ref[i]):02x}")
        xc = x[::CPU_STRIDE].contiguous().cpu()
        gc = xc.to(dt).view(torch.uint8).numpy()
        rc = ref[::CPU_STRIDE]
        dc = np.nonzero(gc != rc)[0]
        cbad += len(dc)
        cn += len(rc)
        for i in dc[: max(0, 6 - len(ex))]:
            ex.append(f"cpu f32 0x{base + int(i) * CPU_STRIDE:08x}: torch 0x{int(gc[i]):02x} mxcts 0x{int(rc[i]):02x}")
    return bad, cbad, cn, ex


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--table-cmd", default="tools/crosscheck_gpu/build/crosscheck_cuda --table")
    ap.add_argument("--formats", default=",".join(DTYPES))
    a = ap.parse_args()
    dev = torch.device("cuda")
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}; reference: {a.table_cmd} FMT torch_eager",
          flush=True)
    total_bad = 0
    for fmt in a.formats.split(","):
        name = DTYPES[fmt]
        dt = getattr(torch, name, None)
        if dt is None:
            print(f"SKIP     {fmt}: torch has no {name}")
            continue
        t0 = time.time()
        proc = subprocess.Popen(shlex.split(a.table_cmd) + [fmt, "torch_eager"], stdout=subprocess.PIPE, bufsize=0)
        try:
            bad, cbad, cn, ex = compare(proc, dt, dev)
        except RuntimeError as e:  # e.g. a cast this torch build lacks on this device
            proc.kill()
            print(f"ERROR    {name}: {e}")
            total_bad += 1
            continue
        proc.stdout.close()
        proc.wait()
        st = "ok" if bad == 0 and cbad == 0 else "DISAGREE"
        print(f"{st:8s} {name:16s} cuda: {(1 << 32) - bad:>10d} / 4294967296 agree; "
              f"cpu (stride {CPU_STRIDE}): {cn - cbad} / {cn} agree ({time.time() - t0:.0f} s)", flush=True)
        for e in ex:
            print("         " + e)
        total_bad += bad + cbad
    print(f"crosscheck_torch: {'PASS' if total_bad == 0 else 'FAIL'}: {total_bad} disagreements")
    return 1 if total_bad else 0


if __name__ == "__main__":
    sys.exit(main())
