#!/usr/bin/env python3
"""Device copy bandwidth (torch clone of a 1 GiB buffer): 2 x bytes / time
(read + write), the denominator of `mxcts bench gemv --copy-bw GBPS`.
Prints one JSON line and, last, the GB/s figure alone."""
from common import need, time_cuda, emit, device_line

torch = need("torch")
n = 1 << 30
x = torch.empty(n, dtype=torch.uint8, device="cuda")
y = torch.empty_like(x)
t = time_cuda(torch, lambda: y.copy_(x), reps=20, warmup=3)
gbps = 2 * n / t / 1e9
emit(dict(device_line(torch), peer="copy_bw", bytes=n, time_s=t, gbps=gbps))
print(f"{gbps:.1f}")
