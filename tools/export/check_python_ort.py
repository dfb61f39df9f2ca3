"""Runs the ONNX files written by check-python-ort.mts in Python onnxruntime (CPU EP) and compares
the logits with onnxruntime-web's. Exit status 1 if a file fails to load or run, or if a logit
differs by more than the tolerance: 1e-4 of the largest |logit| for float and 4-bit graphs (same
C++ kernels, other compiler and SIMD paths), 2e-3 for the int8 graphs, because x86-64
onnxruntime runs int8 GEMMs differently from its wasm build: its uint8 x int8 kernel multiplies
byte pairs into saturating 16-bit sums (a 64-long dot product of 255 x 127 came out wrong in a
one-node test), and at the default optimization level it rewrites DequantizeLinear + MatMul
(our int8-weight-only) into a dynamically quantized int8 GEMM. The weight-only file is also run
with session.disable_quant_qdq=1, which keeps it the float graph we wrote."""
import json
import os
import sys

import numpy as np
import onnxruntime as ort

folder = sys.argv[1]
spec = json.load(open(os.path.join(folder, "inputs.json")))
shape = spec["shape"]
feeds_all = {
    "input_ids": np.array(spec["input_ids"], dtype=np.int64).reshape(shape),
    "attention_mask": np.array(spec["attention_mask"], dtype=np.int64).reshape(shape),
    "token_type_ids": np.zeros(shape, dtype=np.int64),
}
print(f"Python onnxruntime {ort.__version__}; batch {shape[0]} x {shape[1]} tokens")
failed = False
def run(entry, options):
    session = ort.InferenceSession(os.path.join(folder, entry["file"]), options, providers=["CPUExecutionProvider"])
    return session.run(["logits"], {i.name: feeds_all[i.name] for i in session.get_inputs()})[0]


def plain_graph_options():
    options = ort.SessionOptions()
    options.add_session_config_entry("session.disable_quant_qdq", "1")
    return options


for entry in spec["manifest"]:
    tolerance = 2e-3 if entry["recipe"].startswith("int8:") or entry["recipe"] == "int8" else 1e-4
    try:
        logits = run(entry, ort.SessionOptions())
    except Exception as error:  # a file that does not load is the finding, not a crash
        print(f"{entry['recipe']:<18} {entry['file']:<40} FAILED: {error}")
        failed = True
        continue
    web = np.fromfile(os.path.join(folder, entry["logits"]), dtype=np.float32).reshape(logits.shape)
    diff = float(np.max(np.abs(logits - web)))
    scale = float(np.max(np.abs(web)))
    ok = diff <= tolerance * scale
    note = ""
    if entry["recipe"].startswith("int8-weight-only"):
        # Judged as the float graph it is; the rewritten run is reported, not judged.
        plain = float(np.max(np.abs(run(entry, plain_graph_options()) - web)))
        ok = plain <= 1e-4 * scale
        note = f" (ORT's default int8 rewrite); as written (disable_quant_qdq) {plain:.2e}"
    failed |= not ok
    print(f"{entry['recipe']:<18} {entry['file']:<34} loads, runs; max |logit diff| vs onnxruntime-web {diff:.2e} of {scale:.1f} (tolerance {tolerance:g}x){note} {'ok' if ok else 'TOO LARGE'}")
sys.exit(1 if failed else 0)
