"""Shared by the PyTorch peers of `./erlangen bench`: reading the safetensors file Erlangen writes (with json and struct,
as torch 1.13 has no safetensors reader), and naming the BLAS library this process loaded."""
import json
import struct

import torch

DTYPES = {"F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64}


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = memoryview(blob)[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"])
    return tensors


def loaded_blas():
    """Which BLAS library this process loaded: Debian's torch uses whatever libblas.so.3 points at."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.lower() and "/" in line}
    names = sorted(p.split("/")[-2] + "/" + p.split("/")[-1] for p in paths)
    return ",".join(names) if names else "unknown"
