"""PyTorch side of the model-file interop test (ModelFilePyTorchTest).

Usage: python3 safetensors_roundtrip.py IN OUT

Reads IN, a safetensors file written by Erlangen, with nothing but json, struct and torch.frombuffer (torch 1.13 has
no safetensors reader and the safetensors package may be missing), checks every tensor bit for bit against the values
the Java test wrote, then writes OUT: tensors made here ("torch.*") plus an echo of everything read ("echo.*").
Prints "ok" and exits 0 on success; prints what differs and exits 1 otherwise.
"""
import json
import struct
import sys

import torch

DTYPES = {
    "F32": torch.float32, "F64": torch.float64, "I32": torch.int32, "I64": torch.int64,
    "F16": torch.float16, "BF16": torch.bfloat16,
}
NAMES = {v: k for k, v in DTYPES.items()}
# Integer views of the same width, to compare floats bit for bit.
BITS = {torch.float32: torch.int32, torch.float64: torch.int64, torch.float16: torch.int16,
        torch.bfloat16: torch.int16, torch.int32: torch.int32, torch.int64: torch.int64}


def expected_from_java():
    """The tensors the Java test writes; keep in step with ModelFilePyTorchTest.javaTensors()."""
    return {
        "f32": torch.arange(12, dtype=torch.float32).reshape(3, 4) / 8 - 0.75,
        "f64": torch.tensor([1 / 3, -2.5, 1e-300, 1e300, 0.1, -0.0], dtype=torch.float64),
        "i32": torch.tensor([-2147483648, 0, 2147483647], dtype=torch.int32),
        "i64": torch.tensor([[-(2 ** 62), 1], [2 ** 40 + 3, -7]], dtype=torch.int64),
        "scalar": torch.tensor(42.5, dtype=torch.float32),
    }


def made_here():
    """Tensors PyTorch writes for Java to check; keep in step with ModelFilePyTorchTest.checkTorchTensors()."""
    return {
        "torch.f32": (torch.arange(20, dtype=torch.float32).reshape(4, 5) - 7) / 16,
        "torch.f64": torch.tensor([2 / 3, -1e-310, 123456789.125], dtype=torch.float64),
        "torch.i32": torch.tensor([[1, -2], [3, -4]], dtype=torch.int32),
        "torch.i64": torch.tensor([2 ** 53 + 1, -1], dtype=torch.int64),
        "torch.f16": torch.tensor([1.0, -2.5, 65504.0, 2.0 ** -24], dtype=torch.float16),
        "torch.bf16": torch.tensor([1.0, -3.0, 0.15625, 65536.0], dtype=torch.bfloat16),
        "torch.t": torch.arange(6, dtype=torch.float32).reshape(2, 3).t(),
    }


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    body = data[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        dtype = DTYPES[info["dtype"]]
        flat = torch.frombuffer(bytearray(body[begin:end]), dtype=dtype) if end > begin else torch.empty(0, dtype=dtype)
        tensors[name] = flat.reshape(info["shape"])
    return tensors, metadata


def write(path, tensors, metadata):
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name, t in tensors.items():
        raw = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a.view(BITS[a.dtype]), b.view(BITS[b.dtype]))


def main(source, target):
    if sys.byteorder != "little":
        print("this check assumes a little-endian machine")
        return 1
    tensors, metadata = read(source)
    problems = []
    expected = expected_from_java()
    if sorted(tensors) != sorted(expected):
        problems.append("tensor names %s, expected %s" % (sorted(tensors), sorted(expected)))
    for name, want in expected.items():
        got = tensors.get(name)
        if got is not None and not same_bits(got, want):
            problems.append("%s: got %s %s %s, expected %s %s %s"
                            % (name, got.dtype, tuple(got.shape), got.tolist(), want.dtype, tuple(want.shape),
                               want.tolist()))
    if metadata.get("format") != "pt":
        problems.append("metadata format is %r, expected 'pt'" % metadata.get("format"))
    config = json.loads(metadata.get("erlangen.config", "null"))
    if config != {"kind": "java", "layers": [4, 2]}:
        problems.append("config is %r" % config)
    if problems:
        print("\n".join(problems))
        return 1
    out = made_here()
    out.update({"echo." + name: t for name, t in tensors.items()})
    write(target, out, {"format": "pt", "erlangen.config": json.dumps({"kind": "torch", "layers": [3]})})
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
