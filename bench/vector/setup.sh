#!/usr/bin/env bash
# Installs the vector benchmark's peers (hnswlib, FAISS, numpy and a
# PostgreSQL with pgvector) into bench/vector/.venv. Idempotent.
set -euo pipefail
cd "$(dirname "$0")"
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || {
  echo "setup: installing Debian's dataset-fashion-mnist"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get install -y -qq dataset-fashion-mnist >/dev/null
}
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
echo "setup: ok"
