"""The GAT benchmark step in PyTorch, the peer for `./erlangen bench gat`.

Reads the graph, features, labels and initial weights that Erlangen wrote (safetensors, read with json and struct as
torch 1.13 has no reader) and runs the same 2-layer GAT training step (forward, backward, Adam) written the way
PyTorch Geometric's GATConv computes it: per-node attention scores, gathered per edge, LeakyReLU, a softmax over each
node's incoming edges with scatter max and index_add_, and the weighted messages summed with index_add_. Self loops
are added to every node (the random graph has none). Weights are [in, out] as Erlangen stores them, so x @ W.
Prints one JSON line: median milliseconds and the loss of each step.

Usage: python3 gat_pytorch.py FILE --threads N --steps S --warmup W
"""
import argparse
import json
import statistics
import time
import warnings

import torch

from peer_io import loaded_blas, read_safetensors


def gat_layer(x, w, att_src, att_dst, bias, src, dst, n):
    heads, channels = att_src.shape[1], att_src.shape[2]
    h = (x @ w).view(n, heads, channels)
    a_src = (h * att_src).sum(-1)
    a_dst = (h * att_dst).sum(-1)
    score = torch.nn.functional.leaky_relu(a_src[src] + a_dst[dst], 0.2)
    index = dst.unsqueeze(1).expand(-1, heads)
    # softmax over the edges into each node, shifted by the largest score there for stability
    top = torch.full((n, heads), float("-inf")).scatter_reduce(0, index, score.detach(), "amax")
    e = (score - top[dst]).exp()
    alpha = e / torch.zeros(n, heads).index_add_(0, dst, e)[dst]
    out = torch.zeros(n, heads, channels).index_add_(0, dst, h[src] * alpha.unsqueeze(-1))
    return out.reshape(n, heads * channels) + bias


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    warnings.filterwarnings("ignore", message="scatter_reduce\\(\\) is in beta")
    t = read_safetensors(a.file)
    x, y = t["x"], t["labels"].long()
    n = x.shape[0]
    loops = torch.arange(n)
    src = torch.cat([t["senders"].long(), loops])
    dst = torch.cat([t["receivers"].long(), loops])
    names = ["lin.weight", "att_src", "att_dst", "bias"]
    layers = [[t[f"conv{i}.{k}"].clone().requires_grad_() for k in names] for i in (1, 2)]
    opt = torch.optim.Adam([q for layer in layers for q in layer], lr=0.01)
    losses, times = [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        opt.zero_grad()
        h = torch.nn.functional.elu(gat_layer(x, *layers[0], src, dst, n))
        out = gat_layer(h, *layers[1], src, dst, n)
        loss = torch.nn.functional.cross_entropy(out, y)
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
