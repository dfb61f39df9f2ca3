"""Export the trained model to ONNX (opset 14) in the interface of the hub's bert-base-cased
export: int64 input_ids / attention_mask / token_type_ids [batch, sequence] -> logits
[batch, sequence, vocab]. Every Linear is MatMul(x, W[in,out] initializer) -> Add(bias).

The MLM decoder stays tied: torch's constant folding would materialise E^T as a second
[hidden, vocab] initializer (+6 MB); we replace it by Transpose(word_embeddings) so the
embedding table is stored once. Also writes reference logits for check_onnx.mjs.
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import BertForMaskedLM  # noqa: E402

OUT = os.path.join(HERE, "out")
MODEL_DIR = os.path.join(OUT, "model")
EMB = "bert.embeddings.word_embeddings.weight"


def load_model():
    with open(os.path.join(MODEL_DIR, "config.json")) as f:
        cfg = json.load(f)
    m = BertForMaskedLM(cfg)
    m.load_state_dict(torch.load(os.path.join(OUT, "model.pt")))
    m.eval()
    return m, cfg


def tie_decoder(model_proto):
    g = model_proto.graph
    inits = {i.name: i for i in g.initializer}
    emb = numpy_helper.to_array(inits[EMB])
    for node in g.node:
        if node.op_type != "MatMul" or node.input[1] not in inits:
            continue
        w = inits[node.input[1]]
        if tuple(w.dims) == (emb.shape[1], emb.shape[0]) and np.array_equal(numpy_helper.to_array(w), emb.T):
            name = "cls.predictions.decoder.weight_T"
            g.node.insert(list(g.node).index(node),
                          helper.make_node("Transpose", [EMB], [name], perm=[1, 0], name="decoder_tied_transpose"))
            old = node.input[1]
            node.input[1] = name
            if not any(old in n.input for n in g.node):
                g.initializer.remove(w)
            return
    raise RuntimeError("decoder MatMul not found")


def undo_dedup(model_proto):
    """torch.onnx deduplicates initializers with equal values into Identity nodes; give every
    parameter its own named initializer again (matters only for untrained/equal tensors)."""
    g = model_proto.graph
    inits = {i.name: i for i in g.initializer}
    for node in [n for n in g.node if n.op_type == "Identity" and n.input[0] in inits]:
        t = onnx.TensorProto()
        t.CopyFrom(inits[node.input[0]])
        t.name = node.output[0]
        g.initializer.append(t)
        g.node.remove(node)


def check_linears(model_proto, cfg):
    """Every MatMul with an initializer weight is followed by an Add with a bias initializer."""
    g = model_proto.graph
    inits = {i.name: tuple(i.dims) for i in g.initializer}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    n_lin = 0
    for n in g.node:
        if n.op_type == "MatMul" and n.input[1] in inits:
            (add,) = consumers[n.output[0]]
            assert add.op_type == "Add" and any(i in inits for i in add.input), n.name
            n_lin += 1
    expected = 6 * cfg["num_hidden_layers"] + 1  # + MLM transform dense
    assert n_lin == expected, (n_lin, expected)
    return n_lin


def main():
    torch.set_num_threads(2)
    m, cfg = load_model()
    onnx_dir = os.path.join(MODEL_DIR, "onnx")
    os.makedirs(onnx_dir, exist_ok=True)
    path = os.path.join(onnx_dir, "model.onnx")
    ids = torch.tensor([[2, 100, 200, 300, 3], [2, 400, 500, 3, 0]])
    am = (ids != 0).long()
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "sequence_length"},
           "token_type_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    torch.onnx.export(m, (ids, am, torch.zeros_like(ids)), path, opset_version=14,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes=dyn, do_constant_folding=True)
    mp = onnx.load(path)
    undo_dedup(mp)
    tie_decoder(mp)
    mp.producer_name = "bitlab tools/mini-bert"
    mp.doc_string = "mini-bert-sotu: BERT masked LM trained on State of the Union addresses (public domain)"
    onnx.checker.check_model(mp)
    n_lin = check_linears(mp, cfg)
    onnx.save(mp, path)
    size = os.path.getsize(path)
    print("wrote %s: %.2f MB, %d initializers, %d MatMul+Add linears, ops: %s" % (
        path, size / 1e6, len(mp.graph.initializer), n_lin,
        sorted({n.op_type for n in mp.graph.node})))
    assert size <= 16 * 1024 * 1024, "model larger than 16 MB"

    # reference logits for check_onnx.mjs (batch of 3 padded sequences)
    with open(os.path.join(OUT, "encoded.json")) as f:
        held = [x for a in json.load(f)["heldout"] for x in a["ids"]]
    seqs = [held[0], held[1][:20], held[2][:9]]
    L = max(map(len, seqs))
    ref_ids = np.zeros((len(seqs), L), dtype=np.int64)
    for r, s in enumerate(seqs):
        ref_ids[r, :len(s)] = s
    ref_ids[0, 3] = 4  # a [MASK]
    ref_am = (ref_ids != 0).astype(np.int64)
    ref_tt = np.zeros_like(ref_ids)
    ref_tt[1, 10:] = 1
    with torch.no_grad():
        logits = m(torch.from_numpy(ref_ids), torch.from_numpy(ref_am), torch.from_numpy(ref_tt)).numpy()
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump({"shape": list(ref_ids.shape), "input_ids": ref_ids.flatten().tolist(),
                   "attention_mask": ref_am.flatten().tolist(), "token_type_ids": ref_tt.flatten().tolist(),
                   "logits_shape": list(logits.shape)}, f)
    logits.astype("<f4").tofile(os.path.join(OUT, "reference_logits.f32"))


if __name__ == "__main__":
    main()
