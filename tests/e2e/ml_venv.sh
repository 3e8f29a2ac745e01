# Shared by the ML end-to-end tests (sourced, not run): each model's .venv
# is a link to one built once per requirements file in
# ~/.cache/strata-test/ml-venvs (pip's own cache holds the wheels), so only
# the first run on a machine pays for installing its packages.
ML_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/strata-test/ml-venvs"

# cached_venv MODEL_DIR: links MODEL_DIR/.venv to the cached environment.
cached_venv() {
  local dir="$1" req key venv
  req="$dir/requirements.txt"
  key="$(sha256sum "$req" | cut -c1-16)"
  venv="$ML_CACHE/$key"
  if [ ! -f "$venv/.complete" ]; then
    rm -rf "$venv"
    mkdir -p "$ML_CACHE"
    if grep -q "strata:system-site-packages" "$req"; then
      /usr/bin/python3 -m venv --system-site-packages "$venv"
    else
      python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req" >&2 &&
      touch "$venv/.complete"
  fi
  ln -s "$venv" "$dir/.venv"
}
