#!/usr/bin/env bash
# Installs the vector benchmark's peers (hnswlib, FAISS, numpy and a
# PostgreSQL with pgvector) into bench/vector/.venv. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || ! command -v wrk >/dev/null; then
  echo "setup: installing Debian's dataset-fashion-mnist and wrk"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  # Without apt (or the dataset) run.py measures a generated set of the same shape and says so.
  $sudo_cmd apt-get install -y -qq dataset-fashion-mnist wrk >/dev/null || echo "setup: no dataset; run.py will generate one"
fi
command -v wrk >/dev/null || echo "setup: no wrk; run.py measures HTTP with Python's client only"
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
echo "setup: ok"
