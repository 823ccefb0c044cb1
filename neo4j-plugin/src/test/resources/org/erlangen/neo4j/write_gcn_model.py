"""Writes an Erlangen model file from Python with the standard library only, as another training stack would:
safetensors (an 8-byte little-endian header length, a JSON header, raw little-endian tensors) with Erlangen's
config under __metadata__["erlangen.config"].

The model is a hand-set two-layer GCN over 4 features: layer 1 splits feature 0 into its positive and negative
parts, layer 2 turns them into the scores of the classes "blue" (positive) and "red" (negative).

usage: write_gcn_model.py OUT_FILE
"""
import json
import struct
import sys

hidden = 4
w0 = [[0.0] * hidden for _ in range(4)]
w0[0][0] = 1.0
w0[0][1] = -1.0
b0 = [0.0] * hidden
w1 = [[0.0, 0.0] for _ in range(hidden)]
w1[0][0] = 1.0
w1[1][1] = 1.0
b1 = [0.0, 0.0]

config = {
    "layer": "gcn", "task": "node", "in": 4, "hidden": hidden, "out": 2, "layers": 2, "dropout": 0.5,
    "readout": "sum", "heads": 1,
    "neo4j": {
        "task": "nodeClassification", "nodeLabels": ["Person"], "relationshipTypes": ["KNOWS"],
        "orientation": "UNDIRECTED", "featureProperties": ["features"], "featureWidths": [4],
        "graphIdProperty": None, "targetProperty": "community", "classes": ["blue", "red"],
    },
}

tensors = [("conv0.weight", [4, hidden], [v for row in w0 for v in row]), ("conv0.bias", [hidden], b0),
           ("conv1.weight", [hidden, 2], [v for row in w1 for v in row]), ("conv1.bias", [2], b1)]
header = {"__metadata__": {"erlangen.config": json.dumps(config)}}
data = b""
for name, shape, values in tensors:
    raw = struct.pack("<%df" % len(values), *values)
    header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
    data += raw
text = json.dumps(header).encode("utf-8")
text += b" " * ((8 - len(text) % 8) % 8)
with open(sys.argv[1], "wb") as out:
    out.write(struct.pack("<Q", len(text)) + text + data)
