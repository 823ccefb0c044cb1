"""The spherical CNN benchmark step in PyTorch, the peer for `./erlangen bench s2cnn`.

Reads the grid signals, labels, initial weights and the constant analysis [grid, B^2] and synthesis [B^2, grid]
matrices that Erlangen wrote (safetensors, read with json and struct as torch 1.13 has no reader) and runs the same
training step (forward, backward, Adam) of Erlangen's SphericalCnn: analysis as a matmul; each convolution mixes the
channels of degree l with its own [out, in] block, the bias added to degree 0 only; ReLU on the grid between
synthesis and analysis; after the last such layer the norm per degree (the square root of the sum over orders of the
squares, plus 1e-12); a linear head on [channels * B] features; cross-entropy; Adam. Prints one JSON line: median milliseconds and the loss of each
step.

Usage: python3 s2cnn_pytorch.py FILE --threads N --steps S --warmup W
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

from peer_io import loaded_blas, read_safetensors


def convolve(coefficients, weight, bias, degrees):
    """[batch, in, B^2] to [batch, out, B^2]: degree l's orders mixed by weight[l] ([out, in]); bias on degree 0."""
    blocks = []
    for l in range(degrees):
        block = coefficients[:, :, l * l:(l + 1) * (l + 1)]
        blocks.append(torch.einsum("oc,bcm->bom", weight[l], block))
    mixed = torch.cat(blocks, dim=2)
    return torch.cat([mixed[:, :, :1] + bias.view(1, -1, 1), mixed[:, :, 1:]], dim=2)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    t = read_safetensors(a.file)
    x, y = t["x"], t["labels"].long()
    analysis, synthesis = t["analysis"], t["synthesis"]
    degrees = t["conv0.weight"].shape[0]
    layers = sum(1 for k in t if k.startswith("conv") and k.endswith(".weight"))
    # the [B^2, B] indicator of each coefficient's degree, for the power per degree
    by_degree = torch.zeros(degrees * degrees, degrees)
    for l in range(degrees):
        by_degree[l * l:(l + 1) * (l + 1), l] = 1
    names = [f"conv{i}.{p}" for i in range(layers) for p in ("weight", "bias")] + ["head.weight", "head.bias"]
    params = {k: t[k].clone().requires_grad_() for k in names}
    opt = torch.optim.Adam(list(params.values()), lr=3e-3)  # as S2cnnBench.LEARNING_RATE

    def relu_on_grid(coefficients):
        return torch.relu(coefficients @ synthesis) @ analysis

    losses, times = [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        opt.zero_grad()
        h = x @ analysis
        for i in range(layers):
            h = relu_on_grid(convolve(h, params[f"conv{i}.weight"], params[f"conv{i}.bias"], degrees))
        norms = torch.sqrt((h * h) @ by_degree + 1e-12)
        logits = norms.reshape(norms.shape[0], -1) @ params["head.weight"] + params["head.bias"]
        loss = F.cross_entropy(logits, y)
        loss.backward()
        opt.step()
        elapsed = (time.perf_counter() - start) * 1000
        losses.append(loss.item())
        if step >= a.warmup:
            times.append(elapsed)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(),
                      "ms": statistics.median(times), "losses": losses}))


if __name__ == "__main__":
    main()
