"""The SchNet benchmark in PyTorch, the peer for `./erlangen bench schnet`.

Reads one batch of molecules (atom types, positions, the radius-graph edges, the molecule of every atom, normalised
energies) and the initial weights that Erlangen wrote (safetensors, read with json and struct as torch 1.13 has no
reader) and times the same SchNet as PyTorch Geometric lays it out: embedding, interaction blocks with Gaussian
distance expansion, cosine cutoff and continuous-filter convolution (gather by sender, index_add_ by receiver),
an atom-wise output network and a sum per molecule. Weights are [in, out] as Erlangen stores them, so x @ W.

A training step is forward, L1 loss, backward and Adam; a prediction is a forward pass under no_grad. Prints one JSON
line: median wall-clock and mean process CPU milliseconds of both, the loss of each training step and the initial model's energies.

Usage: python3 schnet_pytorch.py FILE --threads N --steps S --warmup W
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn.functional as F

from peer_io import loaded_blas, read_safetensors

LN2 = math.log(2.0)


def ssp(x):
    return F.softplus(x) - LN2


def linear(p, name, x):
    y = x @ p[name + ".weight"]
    bias = p.get(name + ".bias")
    return y if bias is None else y + bias


def energies(p, meta, types, positions, src, dst, graph_of_node, molecules):
    rel = positions[dst] - positions[src]
    d = rel.pow(2).sum(1, keepdim=True).sqrt()
    mu = torch.linspace(0.0, meta["cutoff"], meta["gaussians"], dtype=d.dtype)
    basis = torch.exp(-meta["gamma"] * (d - mu).pow(2))
    envelope = 0.5 * (torch.cos(d * (math.pi / meta["cutoff"])) + 1.0) * (d < meta["cutoff"]).to(d.dtype)
    h = p["embedding"][types]
    for i in range(meta["interactions"]):
        b = f"interactions.{i}."
        w = linear(p, b + "filter2", ssp(linear(p, b + "filter1", basis))) * envelope
        messages = linear(p, b + "lin1", h)[src] * w
        m = torch.zeros(h.shape[0], messages.shape[1], dtype=h.dtype).index_add_(0, dst, messages)
        h = h + linear(p, b + "lin3", ssp(linear(p, b + "lin2", m)))
    atoms = linear(p, "out2", ssp(linear(p, "out1", h)))
    return torch.zeros(molecules, 1, dtype=atoms.dtype).index_add_(0, graph_of_node, atoms)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--threads", type=int, required=True)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    t = read_safetensors(a.file)
    meta = {k: t.pop("meta." + k).item() for k in ("cutoff", "gaussians", "gamma", "interactions", "lr")}
    meta["gaussians"] = int(meta["gaussians"])
    meta["interactions"] = int(meta["interactions"])
    types, positions = t.pop("types").long(), t.pop("positions")
    src, dst = t.pop("senders").long(), t.pop("receivers").long()
    graph_of_node, target = t.pop("graph_of_node").long(), t.pop("target")
    molecules = target.shape[0]
    params = {k: v.clone().requires_grad_() for k, v in t.items()}
    args = (meta, types, positions, src, dst, graph_of_node, molecules)

    with torch.no_grad():
        initial = energies(params, *args).flatten().tolist()
    predict_times, predict_cpu = [], []
    for step in range(a.warmup + a.steps):
        start, cpu = time.perf_counter(), time.process_time()
        with torch.no_grad():
            energies(params, *args)
        if step >= a.warmup:
            predict_times.append((time.perf_counter() - start) * 1000)
            predict_cpu.append((time.process_time() - cpu) * 1000)

    opt = torch.optim.Adam(list(params.values()), lr=meta["lr"])
    losses, times, cpu_times = [], [], []
    for step in range(a.warmup + a.steps):
        start, cpu = time.perf_counter(), time.process_time()
        opt.zero_grad()
        loss = (energies(params, *args) - target).abs().mean()
        loss.backward()
        opt.step()
        elapsed = (time.perf_counter() - start) * 1000
        elapsed_cpu = (time.process_time() - cpu) * 1000
        losses.append(loss.item())
        if step >= a.warmup:
            times.append(elapsed)
            cpu_times.append(elapsed_cpu)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(),
                      "ms": statistics.median(times), "predict_ms": statistics.median(predict_times),
                      "cpu_ms": statistics.mean(cpu_times), "predict_cpu_ms": statistics.mean(predict_cpu),
                      "losses": losses, "initial_energies": initial}))


if __name__ == "__main__":
    main()
