"""The sampled GraphSAGE step in PyTorch, the peer for `./erlangen bench sampling`.

Reads the sampled batches (each: the input rows of its nodes, the seeds' labels, the edges grouped by hop, and per layer
the nodes it reads and the edges it aggregates) and the initial weights that Erlangen wrote, and runs the same training
step (forward, backward, Adam) batch after batch with the same math as Erlangen's SAGEConv on sampled layers: layer l
reads its first nodes, aggregates its first edges (mean of senders) into the nodes the next layer reads, and computes
only those rows, as PyG's bipartite SAGEConv((x, x_target), edge_index) does: lin_l after aggregating when the layer
widens (before, when it narrows), plus lin_r on the targets' own rows, ReLU between layers. Two forms of the
aggregation are timed: index_add_ over the edges (PyG's scatter) and a sparse COO product built per batch outside the
timed step. Prints one JSON line: median milliseconds of each form and the losses of each step.
Steps cycle over the batches in the file, as Erlangen's did.

Usage: python3 sage_sampled_pytorch.py FILE --threads N --warmup W --steps S
"""
import argparse
import json
import statistics
import time

import torch

from peer_io import loaded_blas, read_safetensors


def layer_names(t):
    layers = sorted({k.split(".")[0] for k in t if k.startswith("conv")})
    return layers


def run(t, batches, steps, warmup, form):
    names = layer_names(t)
    params = {}
    for name in names:
        params[name] = {k: t[f"{name}.{k}"].clone().requires_grad_()
                        for k in ("lin_l.weight", "lin_l.bias", "lin_r.weight")}
    opt = torch.optim.Adam([p for layer in params.values() for p in layer.values()], lr=0.01)
    losses, times = [], []
    for step in range(steps):
        b = batches[step % len(batches)]
        start = time.perf_counter()
        opt.zero_grad()
        h = b["x"]
        for i, name in enumerate(names):
            p = params[name]
            n_in, n_edges, n_next = b["layers"][i]
            s, r = b["senders"][:n_edges], b["receivers"][:n_edges]
            inv_deg = b["inv_deg"][i]
            w_l = p["lin_l.weight"]
            if form == "scatter":
                def mean(v):
                    return torch.zeros(n_next, v.shape[1]).index_add_(0, r, v[s]) * inv_deg
            else:
                adj = b["adj"][i]

                def mean(v):
                    return torch.sparse.mm(adj, v)
            if w_l.shape[1] < w_l.shape[0]:
                y = mean(h @ w_l) + p["lin_l.bias"]
            else:
                y = mean(h) @ w_l + p["lin_l.bias"]
            y = y + h[:n_next] @ p["lin_r.weight"]
            if i < len(names) - 1:
                y = torch.relu(y)
            h = y
        loss = torch.nn.functional.cross_entropy(h, b["y"])
        loss.backward()
        opt.step()
        elapsed = (time.perf_counter() - start) * 1000
        losses.append(loss.item())
        times.append(elapsed)
    return statistics.median(times[warmup:]), losses


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, required=True, help="warm-up included, cycling over the batches")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    t = read_safetensors(a.file)
    count = len({k.split(".")[0] for k in t if k.startswith("b") and k.endswith(".x")})
    layers = len(layer_names(t))
    batches = []
    for i in range(count):
        spans = t[f"b{i}.spans"].tolist()
        b = {"x": t[f"b{i}.x"], "y": t[f"b{i}.y"].long(), "senders": t[f"b{i}.senders"].long(),
             "receivers": t[f"b{i}.receivers"].long(), "layers": [], "inv_deg": [], "adj": []}
        for layer in range(layers):
            n_in, n_edges = spans[2 * layer], spans[2 * layer + 1]
            n_next = spans[2 * layer + 2] if layer + 1 < layers else b["y"].shape[0]
            b["layers"].append((n_in, n_edges, n_next))
            r = b["receivers"][:n_edges]
            s = b["senders"][:n_edges]
            deg = torch.zeros(n_next).index_add_(0, r, torch.ones(n_edges))
            inv = torch.where(deg > 0, 1.0 / deg.clamp(min=1), torch.zeros(n_next)).unsqueeze(1)
            b["inv_deg"].append(inv)
            b["adj"].append(torch.sparse_coo_tensor(torch.stack([r, s]), inv[r, 0], (n_next, n_in)).coalesce())
        batches.append(b)
    scatter_ms, scatter_losses = run(t, batches, a.steps, a.warmup, "scatter")
    sparse_ms, sparse_losses = run(t, batches, a.steps, a.warmup, "sparse")
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(),
                      "scatter_ms": scatter_ms, "sparse_ms": sparse_ms, "losses": scatter_losses,
                      "sparse_losses": sparse_losses}))


if __name__ == "__main__":
    main()
