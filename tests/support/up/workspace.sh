# Builds the workspace of the `strata up` tests in the current directory:
# split services `orders` and `payments` (HTTP, tests/support/up/service.py)
# and a monolith project tagged type:app (monolith.py), each with a serve
# target, on free loopback ports. Sets ORDERS_PORT, PAYMENTS_PORT and
# MONOLITH_PORT. Sourced by tests/e2e/test_up*.sh after lib.sh.

UP_SUPPORT="$SOURCE_DIR/tests/support/up"
# Whatever happens to the test, nothing it started outlives it.
trap '"$STRATA" -C "$WORK" down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# port_free PORT: whether nothing listens on 127.0.0.1:PORT.
port_free() {
  python3 -c 'import socket,sys; s = socket.socket(); s.connect(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null && return 1
  return 0
}

# running PID: whether PID is a live process. A zombie left for an orphan
# reaper (this sandbox's init may never reap) has stopped running.
running() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null | tr -d ' ')"
  [ -n "$state" ] && [ "${state:0:1}" != "Z" ]
}

# service_project NAME SCRIPT [PYTHON]: contexts/NAME/service running SCRIPT.
service_project() {
  local name="$1" script="$2" python="${3:-python3}"
  mkdir -p "contexts/$name/service"
  cp "$UP_SUPPORT/$script" "contexts/$name/service/server.py"
  cat >"contexts/$name/service/project.json" <<JSON
{"name": "$name-service", "tags": ["type:service", "context:$name"],
 "targets": {"serve": {"command": "$python -u server.py $name", "options": {"cwd": "contexts/$name/service"}},
             "build": {"command": "true"}, "test": {"command": "true"}}}
JSON
}

# monolith_project [PYTHON]
monolith_project() {
  local python="${1:-python3}"
  mkdir -p apps/monolith
  cp "$UP_SUPPORT/monolith.py" apps/monolith/main.py
  cat >apps/monolith/project.json <<JSON
{"name": "monolith", "tags": ["type:app"],
 "targets": {"serve": {"command": "$python -u main.py", "options": {"cwd": "apps/monolith"}}}}
JSON
}

# wait_for FILE PATTERN [SECONDS]: until FILE has a line matching PATTERN.
wait_for() {
  local file="$1" pattern="$2" seconds="${3:-60}"
  for _ in $(seq $((seconds * 10))); do
    grep -qE -- "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# ps_field NAME FIELD: a field of process NAME in `strata ps --json`.
ps_field() {
  "$STRATA" ps --json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["processes"]:
    if p["name"] == sys.argv[1]:
        print(p[sys.argv[2]])' "$1" "$2"
}

echo '{}' >nx.json
ORDERS_PORT="$(free_port)"
PAYMENTS_PORT="$(free_port)"
MONOLITH_PORT="$(free_port)"
