"""The GCN benchmark step in PyTorch, the peer for `./erlangen bench gcn`.

Reads the graph, features, labels and initial weights that Erlangen wrote (a safetensors file, read here with json and
struct because torch 1.13 has no safetensors reader), runs the same 2-layer GCN training step (forward, backward, Adam)
with torch.sparse COO and CSR matmul, and prints one JSON line: median milliseconds and the losses of each step.
A third variant multiplies by a CSR matrix whose transpose is built once for the backward pass (what PyTorch
Geometric's SparseTensor path does), reported separately as the strongest PyTorch form measured here.

Usage: python3 gcn_pytorch.py FILE --threads N --steps S --warmup W
"""
import argparse
import json
import statistics
import time
import warnings

import torch

from peer_io import loaded_blas, read_safetensors


def gcn_norm(senders, receivers, n):
    # D^-1/2 (A + I) D^-1/2 with in-degrees, as PyTorch Geometric's gcn_norm (self loops are already in the edges)
    deg = torch.zeros(n).index_add_(0, receivers, torch.ones(receivers.shape[0]))
    inv = deg.pow(-0.5)
    inv[torch.isinf(inv)] = 0
    return inv[senders] * inv[receivers]


class CachedTransposeMM(torch.autograd.Function):
    """a @ x whose backward multiplies by a transpose built once, instead of transposing a on every step."""

    @staticmethod
    def forward(ctx, a, a_t, x):
        ctx.a_t = a_t
        return a @ x

    @staticmethod
    def backward(ctx, grad):
        return None, None, ctx.a_t @ grad


def run(adj, t, steps, warmup, adj_t=None):
    mm = (lambda x: torch.sparse.mm(adj, x)) if adj_t is None else (lambda x: CachedTransposeMM.apply(adj, adj_t, x))
    w1 = t["conv1.weight"].clone().requires_grad_()
    b1 = t["conv1.bias"].clone().requires_grad_()
    w2 = t["conv2.weight"].clone().requires_grad_()
    b2 = t["conv2.bias"].clone().requires_grad_()
    x, y = t["x"], t["labels"].long()
    opt = torch.optim.Adam([w1, b1, w2, b2], lr=0.01)
    losses, times = [], []
    for step in range(warmup + steps):
        start = time.perf_counter()
        opt.zero_grad()
        h = torch.relu(mm(x @ w1) + b1)
        out = mm(h @ w2) + b2
        loss = torch.nn.functional.cross_entropy(out, y)
        loss.backward()
        opt.step()
        elapsed = (time.perf_counter() - start) * 1000
        losses.append(loss.item())
        if step >= warmup:
            times.append(elapsed)
    return statistics.median(times), losses


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    t = read_safetensors(a.file)
    senders, receivers = t["senders"].long(), t["receivers"].long()
    n = t["x"].shape[0]
    w = gcn_norm(senders, receivers, n)
    coo = torch.sparse_coo_tensor(torch.stack([receivers, senders]), w, (n, n)).coalesce()
    warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")
    csr = coo.to_sparse_csr()
    csr_t = torch.sparse_coo_tensor(torch.stack([senders, receivers]), w, (n, n)).coalesce().to_sparse_csr()
    coo_ms, coo_losses = run(coo, t, a.steps, a.warmup)
    csr_ms, csr_losses = run(csr, t, a.steps, a.warmup)
    cached_ms, cached_losses = run(csr, t, a.steps, a.warmup, adj_t=csr_t)
    blas = loaded_blas()
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas,
                      "coo_ms": coo_ms, "csr_ms": csr_ms, "csr_cached_ms": cached_ms,
                      "coo_losses": coo_losses, "csr_losses": csr_losses, "csr_cached_losses": cached_losses}))


if __name__ == "__main__":
    main()
