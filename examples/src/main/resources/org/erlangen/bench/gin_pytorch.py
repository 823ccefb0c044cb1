"""The GIN benchmark step in PyTorch, the peer for `./erlangen bench gin`.

Reads one batch of small graphs (merged, with the graph of every node), labels and initial weights that Erlangen
wrote (safetensors, read with json and struct as torch 1.13 has no reader) and runs the same training step (forward,
backward, Adam) of a GIN classifier: each layer relu(mlp(x + sum of neighbours)) with the sum by index_add_ (eps = 0,
as PyTorch Geometric's GINConv), a sum readout per graph by index_add_ and a linear head. Weights are [in, out] as
Erlangen stores them, so x @ W. Prints one JSON line: median milliseconds and the loss of each step.

Usage: python3 gin_pytorch.py FILE --threads N --steps S --warmup W
"""
import argparse
import json
import statistics
import time

import torch

from peer_io import loaded_blas, read_safetensors


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
    src, dst = t["senders"].long(), t["receivers"].long()
    graph_of_node = t["graph_of_node"].long()
    graphs = y.shape[0]
    layers = 0
    while f"convs.{layers}.nn.lins.0.weight" in t:
        layers += 1
    params = {k: v.clone().requires_grad_() for k, v in t.items() if k.startswith(("convs.", "head."))
              and not k.endswith(".eps")}
    opt = torch.optim.Adam(list(params.values()), lr=1e-3)  # as GinBench.LEARNING_RATE
    losses, times = [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        opt.zero_grad()
        h = x
        for i in range(layers):
            m = f"convs.{i}.nn.lins."
            z = h + torch.zeros_like(h).index_add_(0, dst, h[src])
            z = torch.relu(z @ params[m + "0.weight"] + params[m + "0.bias"])
            h = torch.relu(z @ params[m + "1.weight"] + params[m + "1.bias"])
        pooled = torch.zeros(graphs, h.shape[1]).index_add_(0, graph_of_node, h)
        out = pooled @ params["head.weight"] + params["head.bias"]
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
