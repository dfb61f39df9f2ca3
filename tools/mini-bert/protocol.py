"""The evaluation protocol (shared by train.py and evaluate.py), the same as bitlab's
src/core/eval (masking.ts, prepare.ts).

For every line ([CLS] tokens [SEP], at most 128 ids): k = max(1, floor(0.15 * n + 0.5)) of the
n real tokens (never [CLS]/[SEP]/[PAD]) are chosen by a partial Fisher-Yates shuffle driven by
mulberry32 and replaced by [MASK] (all of them: no 80/10/10 at evaluation). Loss = mean
cross-entropy over all masked tokens of the file; perplexity = exp(loss); accuracy = top-1
hits / masked tokens. Seed 1234. Two ways to seed the generator (bitlab's MaskStream):
* "per-line" (bitlab's default): one generator per line, seeded with FNV-1a(seed, len, ids);
* "file": one generator mulberry32(seed) for the whole file, lines in order.
"""
import math

import numpy as np

SEED = 1234
MASK_RATE = 0.15


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = ((t ^ (t >> 15)) * (t | 1)) & 0xFFFFFFFF
        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return nxt


def line_seed(ids, seed):
    """FNV-1a over (seed, length, ids), as bitlab's lineSeed."""
    h = (0x811C9DC5 ^ seed) & 0xFFFFFFFF
    for v in [len(ids)] + list(ids):
        h ^= v & 0xFFFFFFFF
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def choose_masks(lines, seed=SEED, rate=MASK_RATE, stream="per-line"):
    """lines: list of id lists with [CLS]/[SEP]. Returns a list of sorted position lists."""
    file_rnd = mulberry32(seed)
    out = []
    for ids in lines:
        rnd = mulberry32(line_seed(ids, seed)) if stream == "per-line" else file_rnd
        real = list(range(1, len(ids) - 1))
        k = max(1, int(math.floor(rate * len(real) + 0.5))) if real else 0
        for i in range(k):  # partial Fisher-Yates
            j = i + int(rnd() * (len(real) - i))
            real[i], real[j] = real[j], real[i]
        out.append(sorted(real[:k]))
    return out


def evaluate(logits_fn, lines, mask_id, seed=SEED, batch=64, unigram_logp=None, stream="per-line"):
    """logits_fn(input_ids, attention_mask, token_type_ids) -> np.ndarray [b, s, V] (or torch).
    Returns dict(loss, ppl, acc, n_masked, n_lines[, unigram_loss, unigram_ppl])."""
    masks = choose_masks(lines, seed, stream=stream)
    nll = hits = n = 0.0
    uni = 0.0
    per_token = np.zeros(sum(len(m) for m in masks))  # in line order, positions ascending
    start = np.cumsum([0] + [len(m) for m in masks])
    order = sorted(range(len(lines)), key=lambda i: len(lines[i]))  # less padding; result is order-free
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        L = max(len(lines[i]) for i in idx)
        ids = np.zeros((len(idx), L), dtype=np.int64)
        am = np.zeros((len(idx), L), dtype=np.int64)
        for r, i in enumerate(idx):
            ids[r, :len(lines[i])] = lines[i]
            am[r, :len(lines[i])] = 1
            ids[r, masks[i]] = mask_id
        logits = np.asarray(logits_fn(ids, am, np.zeros_like(ids)), dtype=np.float64)
        for r, i in enumerate(idx):
            pos = masks[i]
            tgt = np.asarray(lines[i])[pos]
            lg = logits[r, pos]
            m = lg.max(-1, keepdims=True)
            logp = lg - m - np.log(np.exp(lg - m).sum(-1, keepdims=True))
            tok_nll = -logp[np.arange(len(pos)), tgt]
            per_token[start[i]:start[i] + len(pos)] = tok_nll
            nll += tok_nll.sum()
            hits += (lg.argmax(-1) == tgt).sum()
            n += len(pos)
            if unigram_logp is not None:
                uni -= unigram_logp[tgt].sum()
    res = {"loss": nll / n, "ppl": math.exp(nll / n), "acc": hits / n, "n_masked": int(n), "n_lines": len(lines),
           "per_token_nll": per_token}
    if unigram_logp is not None:
        res["unigram_loss"] = uni / n
        res["unigram_ppl"] = math.exp(uni / n)
    return res


def unigram_logp(train_lines, vocab_size, n_special=5):
    """log p(token) from training-split token frequencies (real tokens only), add-one smoothed
    over the non-special vocabulary."""
    counts = np.zeros(vocab_size, dtype=np.float64)
    for ids in train_lines:
        np.add.at(counts, ids[1:-1], 1.0)
    counts[:n_special] = 0.0
    p = counts + 1.0
    p[:n_special] = 0.0
    p /= p.sum()
    with np.errstate(divide="ignore"):
        return np.log(p)
