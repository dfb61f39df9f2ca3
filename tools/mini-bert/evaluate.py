"""Evaluate the trained model on the held-out text with the project's protocol (protocol.py),
compare with the unigram baseline, and measure what weight compression does to it:
NF4 / FP4 (bitsandbytes, blocks of 64 over the [out,in] weight), int8 row-wise absmax and
40 % magnitude (L1, unstructured) pruning, each applied to the 24 encoder Linear layers
(q/k/v/attention-output/intermediate/output of every layer).

Writes out/metrics.json, out/fillmask_candidates.json, the tokenizer fixture
out/mini-bert-tokens.json and the model card out/model/README.md (from MODEL_CARD.md).
"""
import json
import math
import os
import re
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import protocol  # noqa: E402
from export import load_model  # noqa: E402
from wordpiece import WordPiece  # noqa: E402

OUT = os.path.join(HERE, "out")
MASK = 4

NF4 = np.array([-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
                -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
                0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
                0.7229568362236023, 1.0], dtype=np.float32)
NF4_T = ((NF4[1:] + NF4[:-1]) / np.float32(2)).astype(np.float32)
FP4 = (np.array([0, 0.0625, 8, 12, 4, 6, 2, 3, -0.0, -0.0625, -8, -12, -4, -6, -2, -3], dtype=np.float32)
       / np.float32(12)).astype(np.float32)
FP4_T = np.array([0.00260417, 0.0859375, 0.20833333, 0.29166667, 0.4166667, 0.583333, 0.8333333], dtype=np.float32)
FP4_BITS = np.array([0b000, 0b001, 0b110, 0b111, 0b100, 0b101, 0b010, 0b011])


def _blocks(w_oi, block):
    flat = w_oi.astype(np.float32).reshape(-1)
    pad = (-flat.size) % block
    b = np.concatenate([flat, np.zeros(pad, np.float32)]).reshape(-1, block)
    absmax = np.abs(b).max(1, keepdims=True).astype(np.float32)
    inv = np.where(absmax > 0, np.float32(1) / np.where(absmax > 0, absmax, 1), 0).astype(np.float32)
    return flat.size, b, absmax, (b * inv).astype(np.float32)


def nf4(w_oi, block=64):
    n, b, absmax, s = _blocks(w_oi, block)
    code = (s[..., None] > NF4_T).sum(-1)
    return (NF4[code] * absmax).reshape(-1)[:n].reshape(w_oi.shape)


def fp4(w_oi, block=64):
    n, b, absmax, s = _blocks(w_oi, block)
    rank = (np.abs(s)[..., None] > FP4_T).sum(-1)
    code = FP4_BITS[rank] | np.where(s < 0, 8, 0)
    return (FP4[code] * absmax).reshape(-1)[:n].reshape(w_oi.shape)


def int8_rowwise(w_oi):
    absmax = np.abs(w_oi).max(1, keepdims=True).astype(np.float32)
    scale = np.where(absmax > 0, absmax / np.float32(127), 1).astype(np.float32)
    return (np.clip(np.round(w_oi / scale), -127, 127) * scale).astype(np.float32)


def prune(w_oi, frac=0.4):
    k = int(round(frac * w_oi.size))
    idx = np.argsort(np.abs(w_oi).reshape(-1), kind="stable")[:k]
    out = w_oi.reshape(-1).copy()
    out[idx] = 0
    return out.reshape(w_oi.shape)


def run_eval(model, lines, uni=None):
    model.eval()
    with torch.no_grad():
        return protocol.evaluate(
            lambda i, a, t: model(torch.from_numpy(i), torch.from_numpy(a), torch.from_numpy(t)).numpy(),
            lines, MASK, unigram_logp=uni)


def compressed(model, fn):
    """Apply fn to the [out,in] view of every encoder Linear weight; returns (state backup, rel. error)."""
    backup = {k: v.clone() for k, v in model.state_dict().items()}
    num = den = 0.0
    with torch.no_grad():
        for _, lin in model.encoder_linears():
            w_oi = lin.weight.detach().numpy().T  # stored [in,out]; quantize the [out,in] layout
            q = fn(np.ascontiguousarray(w_oi))
            num += float(((q - w_oi) ** 2).sum())
            den += float((w_oi ** 2).sum())
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(q.T)))
    return backup, math.sqrt(num / den)


def fillmask_candidates(model, wp, held_lines, limit=800):
    """Sentences from held-out lines with one whole-word token masked, sorted by model confidence."""
    cands = []
    for line in held_lines[:limit]:
        sent = re.split(r"(?<=[.!?]) ", line)[0]
        words = sent.split(" ")
        if not 8 <= len(words) <= 25 or not sent[0].isupper() or sent[-1] not in ".!?":
            continue
        for wi, w in enumerate(words[1:], 1):
            if not re.fullmatch(r"[A-Za-z]{4,}", w) or w not in wp.ids:
                continue
            masked = " ".join(words[:wi] + ["[MASK]"] + words[wi + 1:])
            cands.append({"text": masked, "answer": w})
    model.eval()
    for s in range(0, len(cands), 128):
        chunk = cands[s:s + 128]
        enc = [wp.encode(c["text"]) for c in chunk]
        L = max(map(len, enc))
        ids = np.zeros((len(enc), L), np.int64)
        for r, e in enumerate(enc):
            ids[r, :len(e)] = e
        with torch.no_grad():
            lg = model(torch.from_numpy(ids), torch.from_numpy((ids != 0).astype(np.int64)),
                       torch.zeros(ids.shape, dtype=torch.long))
        probs = torch.softmax(lg, -1).numpy()
        for r, c in enumerate(chunk):
            p = probs[r, enc[r].index(MASK)]
            c["rank"] = int((p > p[wp.ids[c["answer"]]]).sum())
            c["prob"] = float(p[wp.ids[c["answer"]]])
            c["top5"] = [wp.vocab[i] for i in np.argsort(-p)[:5]]
    return sorted(cands, key=lambda c: (c["rank"], -c["prob"]))


def main():
    torch.set_num_threads(2)
    model, cfg = load_model()
    wp = WordPiece.load(os.path.join(OUT, "model", "tokenizer.json"))
    with open(os.path.join(OUT, "encoded.json"), encoding="utf-8") as f:
        enc = json.load(f)
    held = [x for a in enc["heldout"] for x in a["ids"]]
    held_text = [x for a in enc["heldout"] for x in a["lines"]]
    uni = protocol.unigram_logp([x for a in enc["train"] for x in a["ids"]], cfg["vocab_size"])

    m = {"protocol": {"seed": protocol.SEED, "mask_rate": protocol.MASK_RATE, "mask_stream": "per-line"}}
    base = run_eval(model, held, uni)
    m["fp32"] = {k: base[k] for k in ("ppl", "acc", "loss")}
    model.eval()
    with torch.no_grad():
        fs = protocol.evaluate(
            lambda i, a, t: model(torch.from_numpy(i), torch.from_numpy(a), torch.from_numpy(t)).numpy(),
            held, MASK, unigram_logp=uni, stream="file")
    m["fp32_file_stream"] = {k: fs[k] for k in ("ppl", "acc", "loss", "unigram_ppl", "n_masked")}
    m["unigram"] = {"ppl": base["unigram_ppl"], "loss": base["unigram_loss"]}
    m["n_masked"], m["n_lines"] = base["n_masked"], base["n_lines"]
    m["ppl_over_unigram"] = base["ppl"] / base["unigram_ppl"]
    print("fp32: ppl %.2f acc %.4f | unigram ppl %.1f | ratio %.3f | %d masked tokens, %d lines" % (
        base["ppl"], base["acc"], base["unigram_ppl"], m["ppl_over_unigram"], base["n_masked"], base["n_lines"]))
    print("fp32 (file stream): ppl %.2f acc %.4f | unigram ppl %.1f | %d masked tokens" % (
        fs["ppl"], fs["acc"], fs["unigram_ppl"], fs["n_masked"]))
    variants = (("nf4", nf4), ("fp4", fp4), ("int8_rowwise", int8_rowwise), ("prune40", prune),
                ("prune60", lambda w: prune(w, 0.6)), ("prune80", lambda w: prune(w, 0.8)),
                ("prune40_nf4", lambda w: nf4(prune(w, 0.4))))
    for name, fn in variants:
        backup, err = compressed(model, fn)
        r = run_eval(model, held)
        model.load_state_dict(backup)
        d = r["per_token_nll"] - base["per_token_nll"]  # paired: same masked tokens
        half = 1.96 * d.std(ddof=1) / math.sqrt(len(d))
        m[name] = {"ppl": r["ppl"], "acc": r["acc"], "loss": r["loss"], "weight_rel_rmse": err,
                   "ppl_change_pct": 100 * (r["ppl"] / base["ppl"] - 1),
                   "ppl_change_pct_ci95": [100 * (math.exp(d.mean() - half) - 1), 100 * (math.exp(d.mean() + half) - 1)]}
        print("%-12s ppl %.2f (%+.2f %%, 95%% CI %+.2f..%+.2f) acc %.4f  weight rel. RMSE %.4f" % (
            name, r["ppl"], m[name]["ppl_change_pct"], *m[name]["ppl_change_pct_ci95"], r["acc"], err))

    cands = fillmask_candidates(model, wp, held_text)
    with open(os.path.join(OUT, "fillmask_candidates.json"), "w", encoding="utf-8") as f:
        json.dump(cands[:300], f, indent=1, ensure_ascii=False)
    m["fillmask_candidates"] = {"n": len(cands), "top1": sum(c["rank"] == 0 for c in cands),
                                "top5": sum(c["rank"] < 5 for c in cands)}

    # tokenizer fixture: 100 held-out lines spread over the file + a few edge cases
    step = len(held_text) // 100
    lines = [held_text[i * step] for i in range(100)]
    extra = ["Héllo wörld — “quoted” ’tis 45° and naïve café", "  \t spaced\u00a0out \n text  ",
             "The [MASK] of the Union is [MASK].", "Tokyo 東京 and zero\u200bwidth\u0002 control",
             "supercalifragilisticexpialidocious" * 3 + " $1,234,567.89 (e.g., U.S.A.)"]
    with open(os.path.join(OUT, "mini-bert-tokens.json"), "w", encoding="utf-8") as f:
        json.dump({"source": "public/data/mini-bert-sotu.txt, every %d-th line" % step,
                   "lines": lines, "ids": [wp.encode(x) for x in lines],
                   "extra": [{"text": x, "ids": wp.encode(x)} for x in extra]}, f, ensure_ascii=False)

    with open(os.path.join(OUT, "metrics.json"), "w") as f:
        json.dump(m, f, indent=1)
    write_card(m, cfg)


def write_card(m, cfg):
    with open(os.path.join(OUT, "train_stats.json")) as f:
        ts = json.load(f)
    with open(os.path.join(HERE, "split.json")) as f:
        split = json.load(f)
    onnx_path = os.path.join(OUT, "model", "onnx", "model.onnx")
    fields = {
        "params": "{:,}".format(ts["params"]), "size_mb": "%.2f" % (os.path.getsize(onnx_path) / 1e6),
        "size_bytes": "{:,}".format(os.path.getsize(onnx_path)),
        "steps": ts["steps"], "epochs": "%.1f" % ts["epochs"], "train_tokens": "{:,}".format(ts["train_tokens"]),
        "train_min": "%.0f" % (ts["seconds"] / 60),
        "n_train": len(split["train"]), "n_heldout": len(split["heldout"]),
        "heldout_years": ", ".join(str(a["year"]) for a in split["heldout"]),
        "n_lines": m["n_lines"], "n_masked": "{:,}".format(m["n_masked"]),
        "ppl": "%.2f" % m["fp32"]["ppl"], "acc": "%.1f %%" % (100 * m["fp32"]["acc"]),
        "uni_ppl": "%.1f" % m["unigram"]["ppl"], "ratio": "%.3f" % m["ppl_over_unigram"],
        "file_ppl": "%.2f" % m["fp32_file_stream"]["ppl"], "file_acc": "%.1f %%" % (100 * m["fp32_file_stream"]["acc"]),
        "file_uni_ppl": "%.1f" % m["fp32_file_stream"]["unigram_ppl"],
        "file_masked": "{:,}".format(m["fp32_file_stream"]["n_masked"]),
    }
    for k in ("nf4", "fp4", "int8_rowwise", "prune40", "prune60", "prune80", "prune40_nf4"):
        fields[k + "_ppl"] = "%.2f" % m[k]["ppl"]
        fields[k + "_pct"] = "%+.2f %% [%+.2f, %+.2f]" % (m[k]["ppl_change_pct"], *m[k]["ppl_change_pct_ci95"])
        fields[k + "_acc"] = "%.1f %%" % (100 * m[k]["acc"])
        fields[k + "_err"] = "%.3f" % m[k]["weight_rel_rmse"]
    fields.update({k: cfg[k] for k in ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                                       "intermediate_size", "max_position_embeddings")})
    with open(os.path.join(HERE, "MODEL_CARD.md"), encoding="utf-8") as f:
        card = f.read()
    with open(os.path.join(OUT, "model", "README.md"), "w", encoding="utf-8") as f:
        f.write(card.format(**fields))


if __name__ == "__main__":
    main()
