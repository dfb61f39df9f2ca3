"""Train the mini BERT masked LM on the training split (seeded; CPU, 2 threads).

Data: per address, the token stream of its lines (without [CLS]/[SEP]) is cut into chunks from
a random offset each epoch, wrapped as [CLS] chunk [SEP]; chunks are shuffled. 4096 tokens per
step; the sequence length grows 16 -> 32 -> 64 -> 128 (see PHASES).
Masking: 15 % of the real tokens of each sequence (at least one), of which 80 % become [MASK],
10 % a random token, 10 % stay; loss only on those positions. The MLM output bias starts at the
log unigram distribution of the training split.
Optimiser: AdamW (betas 0.9/0.98, weight decay 0.01 except biases/LayerNorm), linear warmup
then linear decay to 0. Progress goes to out/train.log.
"""
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import BertForMaskedLM, default_config  # noqa: E402
import protocol  # noqa: E402

OUT = os.path.join(HERE, "out")
SEED = 42
SEQ = 128  # final sequence length (= max_position_embeddings)
TOKENS_PER_STEP = 4096
# Sequence-length warm-up: (length, share of the steps). With uniform attention over 128
# positions the neighbours of a [MASK] are diluted 128x and post-LN BERT sits at the unigram
# plateau for a long time; on short sequences it learns local attention in a few hundred steps
# and keeps it when the sequences grow (as BERT's own 128 -> 512 schedule, the other way round).
PHASES = [(16, 0.15), (32, 0.15), (64, 0.2), (128, 0.5)]
STEPS = int(os.environ.get("MINI_BERT_STEPS", 2400))
WARMUP = 200
LR = 1e-3
EVAL_EVERY = 400
CLS, SEP, PAD, MASK, N_SPECIAL = 2, 3, 0, 4, 5


def log(msg, f):
    line = "%s %s" % (time.strftime("%H:%M:%S"), msg)
    print(line, flush=True)
    f.write(line + "\n")
    f.flush()


def epoch_chunks(streams, rng, seq):
    """[CLS] chunk [SEP] with chunks of seq-2 tokens cut from every address's token stream,
    starting at a random offset; a short head/tail is kept if it has at least a quarter."""
    n, chunks = seq - 2, []
    for s in streams:
        off = rng.randrange(n)
        for i in range(off, len(s), n):
            c = s[i:i + n]
            if len(c) >= n // 4:
                chunks.append([CLS] + c + [SEP])
        if off >= n // 4:
            chunks.append([CLS] + s[:off] + [SEP])
    rng.shuffle(chunks)
    return chunks


def make_batch(chunks, vocab_size, g, seq):
    """Fixed shapes ([batch, seq] inputs, [batch, max_pred] targets) keep the CPU allocator
    from growing. Per sequence k = max(1, round(0.15 * real tokens)) positions (as in
    BERT's create_pretraining_data), 80 % -> [MASK], 10 % -> random token, 10 % unchanged."""
    max_pred = int(0.15 * (seq - 2) + 0.5) + 1
    ids = torch.full((len(chunks), seq), PAD, dtype=torch.long)
    for r, c in enumerate(chunks):
        ids[r, :len(c)] = torch.tensor(c)
    am = (ids != PAD).long()
    real = ids >= N_SPECIAL
    k = torch.clamp(torch.floor(real.sum(1).float() * 0.15 + 0.5).long(), 1, max_pred)
    score = torch.rand(ids.shape, generator=g).masked_fill(~real, -1.0)
    pos = torch.topk(score, max_pred, dim=1).indices  # random real positions, without replacement
    valid = torch.arange(max_pred)[None, :] < k[:, None]
    targets = torch.gather(ids, 1, pos)
    u = torch.rand(pos.shape, generator=g)
    new = torch.gather(ids, 1, pos).clone()
    new[valid & (u < 0.8)] = MASK
    rnd = valid & (u >= 0.8) & (u < 0.9)
    new[rnd] = torch.randint(N_SPECIAL, vocab_size, (int(rnd.sum()),), generator=g)
    inp = ids.clone()
    inp.scatter_(1, pos, torch.where(valid, new, torch.gather(ids, 1, pos)))
    return inp, am, torch.zeros_like(ids), pos, targets, valid


def main():
    torch.set_num_threads(2)
    torch.manual_seed(SEED)
    random.seed(SEED)
    rng = random.Random(SEED)
    g = torch.Generator().manual_seed(SEED)
    with open(os.path.join(OUT, "encoded.json")) as f:
        enc = json.load(f)
    with open(os.path.join(OUT, "model", "tokenizer.json"), encoding="utf-8") as f:
        vocab_size = len(json.load(f)["model"]["vocab"])
    train_lines = [x for a in enc["train"] for x in a["ids"]]
    streams = [[t for x in a["ids"] for t in x[1:-1]] for a in enc["train"]]
    held = [x for a in enc["heldout"] for x in a["ids"]]
    held_quick = held[::6]  # ~490 lines for progress reports
    uni = protocol.unigram_logp(train_lines, vocab_size)

    cfg = default_config(vocab_size)
    model = BertForMaskedLM(cfg)
    with torch.no_grad():  # start the MLM output at the unigram distribution
        model.cls.predictions.bias.copy_(torch.from_numpy(np.maximum(uni, -30.0)).float())
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=LR, betas=(0.9, 0.98), eps=1e-6)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / WARMUP, max(0.0, (STEPS - s) / (STEPS - WARMUP))))

    def quick_eval():
        model.eval()
        with torch.no_grad():
            r = protocol.evaluate(lambda i, a, t: model(torch.from_numpy(i), torch.from_numpy(a), torch.from_numpy(t)).numpy(),
                                  held_quick, MASK, unigram_logp=uni)
        model.train()
        return r

    logf = open(os.path.join(OUT, "train.log"), "w")
    n_params = sum(p.numel() for p in model.parameters())
    n_train_tokens = sum(len(s) for s in streams)
    log("params %d, steps %d, %d tokens/step, phases %s, lr %g, %d train tokens" % (
        n_params, STEPS, TOKENS_PER_STEP, PHASES, LR, n_train_tokens), logf)
    t0 = time.time()
    step, epochs, run_loss = 0, 0.0, []
    model.train()
    bounds, acc = [], 0.0
    for seq, share in PHASES:
        acc += share
        bounds.append((seq, round(acc * STEPS)))
    for seq, end in bounds:
        batch = TOKENS_PER_STEP // seq
        chunks, b = [], 0
        log("phase: sequences of %d tokens, batch %d, until step %d" % (seq, batch, end), logf)
        while step < end:
            if b + batch > len(chunks):
                chunks, b = epoch_chunks(streams, rng, seq), 0
            inp, am, tt, pos, tgt, valid = make_batch(chunks[b:b + batch], vocab_size, g, seq)
            b += batch
            epochs += float((am.sum() - 2 * len(inp)).item()) / n_train_tokens
            nll = F.cross_entropy(model(inp, am, tt, pos).reshape(-1, vocab_size), tgt.reshape(-1), reduction="none")
            loss = (nll * valid.reshape(-1)).sum() / valid.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            run_loss.append(loss.item())
            if step % 25 == 0:
                log("step %d seq %d epochs %.2f loss %.3f lr %.2e %.0fs" % (
                    step, seq, epochs, sum(run_loss) / len(run_loss), sched.get_last_lr()[0], time.time() - t0), logf)
                run_loss = []
            if step % EVAL_EVERY == 0 or step == end:
                r = quick_eval()
                log("eval step %d: held-out(1/6) ppl %.2f acc %.4f unigram ppl %.1f (ratio %.3f)" % (
                    step, r["ppl"], r["acc"], r["unigram_ppl"], r["ppl"] / r["unigram_ppl"]), logf)
                torch.save(model.state_dict(), os.path.join(OUT, "model.pt"))
    elapsed = time.time() - t0
    torch.save(model.state_dict(), os.path.join(OUT, "model.pt"))
    with open(os.path.join(OUT, "model", "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "train_stats.json"), "w") as f:
        json.dump({"steps": STEPS, "epochs": round(epochs, 2), "tokens_per_step": TOKENS_PER_STEP,
                   "phases": PHASES, "seconds": round(elapsed), "params": n_params, "seed": SEED, "lr": LR,
                   "warmup": WARMUP, "train_tokens": n_train_tokens}, f, indent=1)
    log("done: %d steps, %.2f epochs, %.1f min" % (STEPS, epochs, elapsed / 60), logf)


if __name__ == "__main__":
    main()
