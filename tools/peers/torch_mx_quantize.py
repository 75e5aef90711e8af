#!/usr/bin/env python3
"""Peer of `mxcts bench quantize`: MX quantisation of a bf16 tensor to
MXFP8 E4M3 elements + E8M0 scales (OCP floor scale: 2^(floor(log2 amax) - 8),
elements RNE with saturation to +-448) written in plain torch, run eager and
under torch.compile, on the issue's shapes (8192^2, 16384^2), with a
device-to-device copy of the input timed in the same run. GB/s counts the
same bytes as mxcts: 2 (bf16 in) + 1 (E4M3 out) + 1/32 (scale) per element;
copy GB/s = 2 x bytes / time, as tools/peers/copy_bw.py. One JSON line per
shape and variant."""
import sys
from common import need, time_cuda, emit, device_line

torch = need("torch")


def mx_quantize(x):
    """x: bf16 [R, C], C % 32 == 0 -> (E4M3 [R, C], E8M0 codes uint8 [R, C/32])."""
    r, c = x.shape
    b = x.float().view(r, c // 32, 32)
    amax = b.abs().amax(dim=-1)
    # floor(log2 amax) from the f32 exponent field (amax of a bf16 block is a normal f32 or 0)
    e = ((amax.view(torch.int32) >> 23) & 0xFF) - 127
    xs = torch.clamp(e - 8, -127, 127)  # E4M3 emax = 8
    xs = torch.where(amax == 0, torch.full_like(xs, -127), xs)
    q = b * torch.exp2(-xs.float()).unsqueeze(-1)
    q = q.clamp(-448.0, 448.0).to(torch.float8_e4m3fn)
    return q.view(r, c), (xs + 127).to(torch.uint8)


def main():
    info = device_line(torch)
    shapes = [(8192, 8192), (16384, 16384)]
    if len(sys.argv) > 1 and sys.argv[1] == "--quick":
        shapes = shapes[:1]
    compiled = torch.compile(mx_quantize)
    for (r, c) in shapes:
        x = (torch.randn(r, c, device="cuda") * torch.exp2(torch.randint(-20, 20, (r, c // 32), device="cuda")
                                                          .float().repeat_interleave(32, dim=1))).to(torch.bfloat16)
        n = r * c
        y = torch.empty_like(x)
        tcopy = time_cuda(torch, lambda: y.copy_(x), reps=20, warmup=3, inner=5)
        copy_gbps = 2 * 2 * n / tcopy / 1e9
        for name, fn in (("torch eager", mx_quantize), ("torch.compile", compiled)):
            t = time_cuda(torch, lambda: fn(x), reps=20, warmup=3, inner=5)
            gbps = n * (2 + 1 + 1 / 32) / t / 1e9
            emit(dict(info, peer=name + " mx_quantize bf16->e4m3 floor", rows=r, cols=c, time_s=t, gbps=gbps,
                      copy_gbps=copy_gbps, pct_copy=100 * gbps / copy_gbps))


if __name__ == "__main__":
    main()
