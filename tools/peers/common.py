"""Shared helpers of the GEMM peer scripts (tools/peers/): the issue's
shapes, MX operand generation, timing with CUDA events, one-line JSON
records. The peers run on the GPU machine beside `mxcts bench`."""
import json
import sys
import time

KN = [(6144, 2304), (2048, 6144), (6144, 1536), (1536, 6144), (8192, 8192)]
GEMV_M = [1, 2, 4, 8, 16]
GEMM_M = [32, 64, 128, 512]


def gemm_shapes():
    """(M, N, K): 4096^3, 8192^3, then M in {32,64,128,512} x the (K, N) pairs."""
    out = [(4096, 4096, 4096), (8192, 8192, 8192)]
    out += [(m, n, k) for m in GEMM_M for (k, n) in KN]
    return out


def gemv_shapes():
    return [(m, n, k) for (k, n) in KN for m in GEMV_M]


def mx_operand(torch, rows, k, device, seed):
    """Random finite E4M3 codes (as torch.float8_e4m3fn) and E8M0 scales
    2^-7..2^7 (uint8), rows x k and rows x k/32."""
    g = torch.Generator(device="cpu").manual_seed(seed)
    codes = torch.randint(0, 256, (rows, k), generator=g, dtype=torch.uint8)
    codes[(codes & 0x7F) == 0x7F] = 0x38  # no NaN codes
    scales = torch.randint(120, 135, (rows, k // 32), generator=g, dtype=torch.uint8)
    return codes.to(device).view(torch.float8_e4m3fn), scales.to(device)


def dequant(torch, codes, scales):
    v = codes.to(torch.float32)
    s = torch.pow(2.0, scales.to(torch.float32) - 127.0)
    return v * s.repeat_interleave(32, dim=1)


def time_cuda(torch, fn, reps=50, warmup=10, inner=10):
    """Median per-call time of fn() in seconds: CUDA events around batches of
    `inner` back-to-back calls (as `mxcts bench` times its batches of 10), so
    a short kernel's Python launch cost overlaps the previous call's run."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    ts = []
    for _ in range(reps):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        for _ in range(inner):
            fn()
        b.record()
        b.synchronize()
        ts.append(a.elapsed_time(b) * 1e-3 / inner)
    ts.sort()
    return ts[len(ts) // 2]


def time_host(fn, reps=5):
    best = 1e30
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def emit(rec):
    print(json.dumps(rec), flush=True)


def device_line(torch):
    p = torch.cuda.get_device_properties(0)
    return {"device": p.name, "torch": torch.__version__, "cuda": torch.version.cuda,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def need(mod):
    try:
        return __import__(mod)
    except ImportError:
        print(f"peer skipped: python module '{mod}' not available", file=sys.stderr)
        sys.exit(3)
