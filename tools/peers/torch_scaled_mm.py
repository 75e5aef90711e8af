#!/usr/bin/env python3
"""Peer: torch._scaled_mm with per-tensor FP8 E4M3 scales (cuBLASLt) on the
issue's GEMM and GEMV shapes: C[M,N] = A[M,K] . B[N,K]^T, bf16 out. Same
TN layout as mxk_gemm_mx (B row-major N x K, passed as its transpose).
One JSON line per shape: time (median of CUDA-event timings), TFLOP/s,
weight-stream GB/s."""
import sys
from common import need, gemm_shapes, gemv_shapes, time_cuda, emit, device_line

torch = need("torch")
dev = "cuda"
info = device_line(torch)
shapes = gemm_shapes() + gemv_shapes()
if len(sys.argv) > 1 and sys.argv[1] == "--quick":
    shapes = shapes[:3]
if len(sys.argv) > 1 and sys.argv[1] == "--gemv":
    shapes = gemv_shapes()
for (m, n, k) in shapes:
    a = torch.randn(m, k, device=dev).clamp(-8, 8).to(torch.float8_e4m3fn)
    b = torch.randn(n, k, device=dev).clamp(-8, 8).to(torch.float8_e4m3fn)
    one = torch.tensor(1.0, device=dev)
    f = lambda: torch._scaled_mm(a, b.t(), scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
    try:
        t = time_cuda(torch, f)
    except Exception as e:  # shapes cuBLASLt refuses (M not multiple of 16, ...)
        emit(dict(info, peer="torch._scaled_mm", M=m, N=n, K=k, error=str(e)[:200]))
        continue
    emit(dict(info, peer="torch._scaled_mm per-tensor e4m3", M=m, N=n, K=k, time_s=t,
              tflops=2 * m * n * k / t / 1e12, weight_gbps=n * k / t / 1e9))
