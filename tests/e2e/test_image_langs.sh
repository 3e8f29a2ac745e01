#!/usr/bin/env bash
# strata image end to end for the generated services of the other languages,
# with a real OCI runtime (podman, runc) and the local base images
# scripts/install-containers makes: a split TypeScript context and a split
# C++ context are each built into an image by `strata image build`, each
# image runs read-only as a non-root user with every capability dropped, has
# no shell, answers its own HEALTHCHECK, and the service's generated
# contract tests pass against the container (STRATA_CONTRACT_TARGET_URL).
# test_image.sh covers Python, the cache and the policy.
source "$(dirname "$0")/lib.sh"

CACHE="${STRATA_TEST_CACHE:-$HOME/.cache/strata-test}/containers"
for tar in strata-build strata-node-runtime strata-cpp-build; do
  if [ ! -x /usr/bin/podman ] || [ ! -f "$CACHE/$tar.tar" ]; then
    echo "FAIL: podman or $CACHE/$tar.tar is missing; run scripts/install-test-deps" >&2
    exit 1
  fi
done

# Podman's configuration lives in this test's directory; its image store is
# in the cache (shared with test_image.sh), so base images are imported once
# per machine. runc and cgroupfs because crun refuses this sandbox's cgroup
# layout; ulimits the sandbox can grant.
mkdir -p "$WORK/podman"
cat >"$WORK/podman/containers.conf" <<EOF2
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF2
cat >"$WORK/podman/storage.conf" <<EOF2
[storage]
driver = "overlay"
graphroot = "$CACHE/storage"
runroot = "$WORK/podman/run"
EOF2
export CONTAINERS_CONF="$WORK/podman/containers.conf" CONTAINERS_STORAGE_CONF="$WORK/podman/storage.conf"
import_base_image "$CACHE" strata-build
import_base_image "$CACHE" strata-node-runtime
import_base_image "$CACHE" strata-cpp-build
CONTAINERS=()
cleanup() {
  for id in "${CONTAINERS[@]}"; do podman rm -f -t 2 "$id" >/dev/null 2>&1; done
  # Rebuilt tags leave untagged images in the test-only store: bounded.
  podman image prune -f >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }

# The contract suites' signing key: the container is started with it.
KEY="contract-tests-signing-key-0123456789abcdef"

# check_image LABEL IMAGE: the image's user and healthcheck; then it runs
# read-only, as 10001, without capabilities, on loopback, and becomes
# healthy. Leaves the container in $cid and its port in $port.
check_image() {
  local label="$1" image="$2"
  expect_eq "$(podman image inspect --format '{{.Config.User}}' "$image")" "10001:10001" "$label: USER"
  # Read whole before matching: with pipefail, `grep -q` leaving early would
  # fail the writer with SIGPIPE.
  local health
  health="$(podman image inspect --format '{{json .Config.Healthcheck}}' "$image")"
  grep -q '/health' <<<"$health" && pass || fail "$label: HEALTHCHECK kept (docker format): $health"
  if podman run --rm --entrypoint /bin/sh "$image" -c true >/dev/null 2>&1; then
    fail "$label: the final stage has a shell"
  else
    pass
  fi
  port="$(free_port)"
  cid="$(podman run -d --read-only --user 10001:10001 --cap-drop=ALL \
    --security-opt no-new-privileges -e STRATA_SERVICE_JWT_KEY="$KEY" \
    -p "127.0.0.1:$port:8080" "$image" 2>"$WORK/run.err")"
  [ -n "$cid" ] && CONTAINERS+=("$cid")
  for _ in $(seq 1 150); do
    curl -sf --noproxy '*' "http://127.0.0.1:$port/health" >/dev/null && pass && return 0
    sleep 0.1
  done
  fail "$label: the container did not become healthy: $(cat "$WORK/run.err"; podman logs "$cid" 2>&1 | tail -20)"
  return 1
}

st new ws --no-git
cd ws

# TypeScript: the generated service, compiled by its build target, in the
# node recipe; its node:test contract suite against the container.
st generate context billing --lang typescript
expect_rc 0 "generate a TypeScript context"
st split billing --transport http --port "$(free_port)"
expect_rc 0 "split billing"
st image build billing --json
expect_rc 0 "TypeScript image build"
expect_eq "$(json "[(i['service'], i['status']) for i in d]")" "[('billing-service', 'built')]" "built"
ts_image="$(json "d[0]['image']")"
[ -f contexts/billing/service/dist/main.js ] && [ -f contexts/billing/service/dist/contract.test.js ] &&
  pass || fail "the service's build target ran before the image"
[ ! -e .strata/images/billing-service/context/contexts/billing/service/dist/contract.test.js ] &&
  pass || fail "the contract tests stay out of the image"
if check_image typescript "$ts_image"; then
  (cd contexts/billing/service && STRATA_CONTRACT_TARGET_URL="http://127.0.0.1:$port/" \
    node --test dist/contract.test.js) >"$WORK/ts-contract.log" 2>&1 &&
    pass || fail "TypeScript contract tests against the container: $(tail -40 "$WORK/ts-contract.log")"
  grep -qE "^# pass [1-9]" "$WORK/ts-contract.log" && grep -q "^# fail 0" "$WORK/ts-contract.log" &&
    pass || fail "the TypeScript contract suite ran: $(tail -10 "$WORK/ts-contract.log")"
  # Against the container, not a process of its own: its /metrics counted the suite's calls.
  metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$port/metrics")"
  grep -q 'status="401"' <<<"$metrics" && pass || fail "the container served the contract suite: $metrics"
  podman healthcheck run "$cid" >/dev/null 2>&1 && pass || fail "the TypeScript image's own healthcheck passes"
fi
[ -n "$cid" ] && podman rm -f -t 2 "$cid" >/dev/null 2>&1
cd "$WORK"

# C++: the generated service built in the C++ build base, its executable and
# the shared libraries it loads FROM scratch; the HEALTHCHECK is the
# executable's own --health-probe. The contract suite is the host build's
# GoogleTest binary (the service's build target), pointed at the container.
st new ws-cpp --no-git
cd ws-cpp
st generate context shipping --lang cpp --skip-install
expect_rc 0 "generate a C++ context"
st split shipping --transport http --port "$(free_port)" --skip-install
expect_rc 0 "split shipping"
st run-many -t build -p shipping-service
expect_rc 0 "the service and its contract tests build on the host"
st image build shipping --json
expect_rc 0 "C++ image build"
expect_eq "$(json "[(i['service'], i['status']) for i in d]")" "[('shipping-service', 'built')]" "built"
cpp_image="$(json "d[0]['image']")"
[ ! -e .strata/images/shipping-service/context/contexts/shipping/service/build ] &&
  pass || fail "the host's build trees stay out of the context"
expect_eq "$(podman image inspect --format '{{len .RootFS.Layers}}' "$cpp_image")" "1" \
  "FROM scratch: one layer, the executable and its libraries"
if check_image cpp "$cpp_image"; then
  STRATA_CONTRACT_TARGET_URL="http://127.0.0.1:$port" \
    contexts/shipping/service/build/shipping_service_test >"$WORK/cpp-contract.log" 2>&1 &&
    pass || fail "C++ contract tests against the container: $(tail -40 "$WORK/cpp-contract.log")"
  grep -qE "^\[  PASSED  \] [1-9][0-9]* tests" "$WORK/cpp-contract.log" &&
    pass || fail "the C++ contract suite ran: $(tail -10 "$WORK/cpp-contract.log")"
  grep -q "SKIPPED.*ItsPortCanBeListenedOnAgainOnceItStops" "$WORK/cpp-contract.log" &&
    pass || fail "against the container, not a process of its own: $(tail -10 "$WORK/cpp-contract.log")"
  podman healthcheck run "$cid" >/dev/null 2>&1 && pass || fail "the C++ image's own healthcheck passes"
fi
[ -n "$cid" ] && podman rm -f -t 2 "$cid" >/dev/null 2>&1

finish
