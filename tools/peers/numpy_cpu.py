#!/usr/bin/env python3
"""CPU peer: MX E4M3 operands dequantised to f32 once, then numpy's matmul
(OpenBLAS sgemm, all threads) on the shapes of `mxcts bench gemm|gemv`
(cpu sets). Times the matmul alone (dequantisation excluded: the peer's
best case). One JSON line per shape."""
import json
import os
import sys
import time

import numpy as np

KN = [(6144, 2304), (2048, 6144), (6144, 1536), (1536, 6144)]
GEMM = [(32, 2304, 6144), (64, 1536, 6144), (128, 6144, 2048), (512, 1024, 1024), (256, 256, 4096),
        (1024, 1024, 1024)]
GEMV = [(m, n, k) for (k, n) in KN for m in (1, 2, 4, 16)]


def e4m3_table():
    t = np.zeros(256, np.float32)
    for c in range(256):
        s = -1.0 if c & 0x80 else 1.0
        e, m = (c >> 3) & 0xF, c & 7
        if e == 15 and m == 7:
            t[c] = 0.0  # NaN codes are not generated
        elif e == 0:
            t[c] = s * m * 2.0 ** -9
        else:
            t[c] = s * (1 + m / 8) * 2.0 ** (e - 7)
    return t


def operand(rng, rows, k, tab):
    codes = rng.integers(0, 256, (rows, k), dtype=np.uint8)
    scales = rng.integers(120, 135, (rows, k // 32)).astype(np.float32)
    return tab[codes] * np.repeat(np.exp2(scales - 127), 32, axis=1)


def main():
    tab = e4m3_table()
    rng = np.random.default_rng(1)
    which = sys.argv[1] if len(sys.argv) > 1 else "gemm"
    shapes = GEMV if which == "gemv" else GEMM
    info = {"peer": "numpy matmul f32 (dequantised MX e4m3)", "numpy": np.__version__,
            "threads": os.environ.get("OMP_NUM_THREADS", str(os.cpu_count())),
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    for (m, n, k) in shapes:
        a, b = operand(rng, m, k, tab), operand(rng, n, k, tab)
        bt = np.ascontiguousarray(b.T)
        best = 1e30
        for _ in range(3):
            t0 = time.perf_counter()
            a @ bt
            best = min(best, time.perf_counter() - t0)
        rec = dict(info, M=m, N=n, K=k, time_s=best, gflops=2 * m * n * k / best / 1e9,
                   weight_gbps_fp8=n * k * (1 + 1 / 32) / best / 1e9)
        print(json.dumps(rec), flush=True)


main()
