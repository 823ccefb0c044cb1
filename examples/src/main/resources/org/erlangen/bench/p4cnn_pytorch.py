"""The P4CNN benchmark step in PyTorch, the peer for `./erlangen bench p4cnn`.

Reads the images, labels, initial weights and each layer's filter index table that Erlangen wrote (safetensors, read
with json and struct as torch 1.13 has no reader) and runs the same training step (forward, backward, Adam) of
Cohen and Welling's P4CNN: each layer's bank is the learnt filters gathered through the table (all four quarter
turns, and for group layers the orientations permuted), run by conv2d without padding; the bias is repeated per
orientation; batch norm per channel over batch, orientations and positions (batch_norm on [B, C, 4 * H, W]); ReLU;
a 2x2 max-pool after the second layer; the maximum over orientations after the last. No dropout, as on Erlangen's
side. Prints one JSON line: median milliseconds and the loss of each step.

Usage: python3 p4cnn_pytorch.py FILE --threads N --steps S --warmup W
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

from peer_io import loaded_blas, read_safetensors

ORIENTATIONS = 4


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
    layers = 0
    while f"convolutions.{layers}.weight" in t:
        layers += 1
    params = {k: v.clone().requires_grad_() for k, v in t.items()
              if k.startswith(("convolutions.", "norms.")) and k.endswith((".weight", ".bias"))}
    tables = [t[f"table.{i}"].long() for i in range(layers)]
    opt = torch.optim.Adam(list(params.values()), lr=1e-4)  # as P4cnnBench.LEARNING_RATE
    losses, times = [], []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        opt.zero_grad()
        h = x
        for i in range(layers):
            w = params[f"convolutions.{i}.weight"]
            k = w.shape[-1]
            bank = w.reshape(-1)[tables[i]].view(w.shape[0] * ORIENTATIONS, h.shape[1], k, k)
            h = F.conv2d(h, bank, params[f"convolutions.{i}.bias"].repeat_interleave(ORIENTATIONS))
            if i == layers - 1:
                break
            b, c, height, width = h.shape
            normed = F.batch_norm(h.view(b, c // ORIENTATIONS, ORIENTATIONS * height, width), None, None,
                                  params[f"norms.{i}.norm.weight"], params[f"norms.{i}.norm.bias"], training=True,
                                  eps=1e-5)
            h = torch.relu(normed.view(b, c, height, width))
            if i == 1:
                h = F.max_pool2d(h, 2)
        b, c, height, width = h.shape
        logits = h.view(b, c // ORIENTATIONS, ORIENTATIONS, height, width).max(dim=2).values.view(b, -1)
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
