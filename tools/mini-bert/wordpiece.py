"""Cased WordPiece tokenizer: trainer + encoder that reproduce what transformers.js does with
the tokenizer.json written here (BertNormalizer without lowercasing/accent stripping,
BertPreTokenizer, greedy longest-match-first WordPiece with "##", [CLS] $A [SEP]).

The vocabulary is learned with the usual BPE-style procedure used by Hugging Face's
WordPieceTrainer: start from characters ("c" word-initial, "##c" inside a word) and
repeatedly merge the most frequent adjacent pair until the vocabulary has VOCAB_SIZE entries.
"""
import collections
import heapq
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
VOCAB_SIZE = 8000
MAX_CHARS = 100
MODEL_MAX_LENGTH = 128
# Always in the alphabet (as "c" and "##c"), even when absent from the training split, so that
# ordinary punctuation never becomes [UNK].
BASE_ALPHABET = "".join(chr(c) for c in range(0x21, 0x7F)) + "—–‘’“”…°£€é"

# --- normalizer / pre-tokenizer (mirrors @huggingface/tokenizers BertNormalizer, BertPreTokenizer)
JS_SPACE = set("\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff") | {chr(c) for c in range(0x2000, 0x200B)}


def _is_control(ch):
    if ch in "\t\n\r":
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")


def _is_chinese(cp):  # transformers.js tests UTF-16 code units, so astral ranges never match
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF)


def normalize(text):
    out = []
    for ch in text:
        if ch == "\x00" or ch == "\ufffd" or _is_control(ch):
            continue
        out.append(" " if ch in JS_SPACE else ch)
    return "".join(" %s " % ch if _is_chinese(ord(ch)) else ch for ch in "".join(out))


def _is_punct(ch):
    cp = ord(ch)
    if 0x21 <= cp <= 0x2F or 0x3A <= cp <= 0x40 or 0x5B <= cp <= 0x60 or 0x7B <= cp <= 0x7E:
        return True
    return unicodedata.category(ch).startswith("P")


def pre_tokenize(text):
    words, cur = [], []
    for ch in text:
        if ch in JS_SPACE:
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punct(ch):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(ch)
        else:
            cur.append(ch)
    if cur:
        words.append("".join(cur))
    return words


# --- encoder
class WordPiece:
    def __init__(self, vocab):
        self.vocab = list(vocab)
        self.ids = {t: i for i, t in enumerate(self.vocab)}
        self.unk = self.ids["[UNK]"]
        self._special_re = re.compile("(" + "|".join(re.escape(s) for s in sorted(SPECIALS, key=len, reverse=True)) + ")")

    @classmethod
    def load(cls, tokenizer_json):
        with open(tokenizer_json, encoding="utf-8") as f:
            v = json.load(f)["model"]["vocab"]
        return cls(sorted(v, key=v.get))

    def word_pieces(self, word):
        if len(word) > MAX_CHARS:
            return ["[UNK]"]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.ids:
                    break
                end -= 1
            else:
                return ["[UNK]"]
            pieces.append(sub)
            start = end
        return pieces

    def tokenize(self, text):
        toks = []
        for part in self._special_re.split(text):
            if not part:
                continue
            if part in SPECIALS:
                toks.append(part)
                continue
            for w in pre_tokenize(normalize(part)):
                toks.extend(self.word_pieces(w))
        return toks

    def encode(self, text, add_special_tokens=True):
        ids = [self.ids.get(t, self.unk) for t in self.tokenize(text)]
        return [self.ids["[CLS]"]] + ids + [self.ids["[SEP]"]] if add_special_tokens else ids


# --- trainer
def train_vocab(texts, vocab_size=VOCAB_SIZE):
    counts = collections.Counter()
    for t in texts:
        counts.update(pre_tokenize(normalize(t)))
    words = sorted(counts)  # deterministic order
    freqs = [counts[w] for w in words]
    syms = [[w[0]] + ["##" + c for c in w[1:]] for w in words]
    seed = [c for c in BASE_ALPHABET]
    alphabet = sorted({s for ss in syms for s in ss} | set(seed) | {"##" + c for c in seed})
    vocab = SPECIALS + alphabet
    have = set(vocab)
    pair_count = collections.Counter()
    where = collections.defaultdict(set)
    for i, ss in enumerate(syms):
        for a, b in zip(ss, ss[1:]):
            pair_count[(a, b)] += freqs[i]
            where[(a, b)].add(i)
    heap = [(-n, p) for p, n in pair_count.items()]
    heapq.heapify(heap)
    while len(vocab) < vocab_size and heap:
        n, pair = heapq.heappop(heap)
        if -n != pair_count.get(pair, 0) or n == 0:
            continue  # stale entry
        a, b = pair
        new = a + b[2:]
        if new not in have:
            vocab.append(new)
            have.add(new)
        touched = collections.Counter()
        for i in sorted(where.pop(pair)):
            ss, f = syms[i], freqs[i]
            for x, y in zip(ss, ss[1:]):
                pair_count[(x, y)] -= f
                touched[(x, y)] += 0
            j, merged = 0, []
            while j < len(ss):
                if j + 1 < len(ss) and ss[j] == a and ss[j + 1] == b:
                    merged.append(new)
                    j += 2
                else:
                    merged.append(ss[j])
                    j += 1
            syms[i] = merged
            for x, y in zip(merged, merged[1:]):
                pair_count[(x, y)] += f
                where[(x, y)].add(i)
                touched[(x, y)] += 0
        for p in touched:
            c = pair_count[p]
            if c <= 0:
                pair_count.pop(p, None)
                where.pop(p, None)
            else:
                heapq.heappush(heap, (-c, p))
    return vocab


def tokenizer_json(vocab):
    ids = {t: i for i, t in enumerate(vocab)}
    cls, sep = ids["[CLS]"], ids["[SEP]"]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": ids[s], "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for s in SPECIALS],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": False, "lowercase": False},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [cls], "tokens": ["[CLS]"]},
                               "[SEP]": {"id": "[SEP]", "ids": [sep], "tokens": ["[SEP]"]}},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": MAX_CHARS, "vocab": ids},
    }


TOKENIZER_CONFIG = {
    "tokenizer_class": "BertTokenizer",
    "do_lower_case": False,
    "strip_accents": False,
    "tokenize_chinese_chars": True,
    "model_max_length": MODEL_MAX_LENGTH,
    "padding_side": "right",
    "truncation_side": "right",
    "clean_up_tokenization_spaces": True,
    "unk_token": "[UNK]",
    "sep_token": "[SEP]",
    "pad_token": "[PAD]",
    "cls_token": "[CLS]",
    "mask_token": "[MASK]",
}


def fit(wp, text, limit=MODEL_MAX_LENGTH - 2):
    """Cut a paragraph at word boundaries until every piece has <= limit tokens."""
    if len(wp.tokenize(text)) <= limit:
        return [text]
    words = text.split(" ")
    half = len(words) // 2
    return fit(wp, " ".join(words[:half]), limit) + fit(wp, " ".join(words[half:]), limit)


def main():
    sys.path.insert(0, HERE)
    import corpus
    with open(os.path.join(OUT, "paragraphs.json"), encoding="utf-8") as f:
        data = json.load(f)
    texts = [p for a in data["train"] for p in a["paragraphs"]]
    vocab = train_vocab(texts)
    tok_dir = os.path.join(OUT, "model")
    os.makedirs(tok_dir, exist_ok=True)
    with open(os.path.join(tok_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(vocab), f, ensure_ascii=False, indent=1)
    with open(os.path.join(tok_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(TOKENIZER_CONFIG, f, indent=2)
        f.write("\n")
    wp = WordPiece(vocab)
    train_text = "\n".join(a["text"] for a in corpus.load_addresses() if not corpus.is_heldout(a["year"]))
    enc, dropped = {}, 0
    for split in ("train", "heldout"):
        enc[split] = []
        for a in data[split]:
            lines = [q for p in a["paragraphs"] for q in fit(wp, p)]
            if split == "heldout":
                keep = [q for q in lines if q not in train_text]
                dropped += len(lines) - len(keep)
                lines = keep
            enc[split].append({"id": a["id"], "lines": lines, "ids": [wp.encode(q) for q in lines]})
    with open(os.path.join(OUT, "encoded.json"), "w", encoding="utf-8") as f:
        json.dump(enc, f, ensure_ascii=False)
    with open(os.path.join(OUT, "heldout.txt"), "w", encoding="utf-8") as f:
        for a in enc["heldout"]:
            for q in a["lines"]:
                f.write(q + "\n")
    for split in ("train", "heldout"):
        lens = [len(x) for a in enc[split] for x in a["ids"]]
        n_unk = sum(x.count(wp.unk) for a in enc[split] for x in a["ids"])
        print("%s: %d lines, %d tokens (incl. CLS/SEP), max len %d, [UNK]: %d"
              % (split, len(lens), sum(lens), max(lens), n_unk))
    print("held-out lines dropped because they occur in the training text: %d" % dropped)
    print("vocab size", len(vocab))


if __name__ == "__main__":
    sys.exit(main())
