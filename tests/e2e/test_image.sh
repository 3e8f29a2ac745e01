#!/usr/bin/env bash
# strata image end to end with a real OCI runtime (podman, buildah's build
# engine, runc) and the local base images scripts/install-containers makes:
# a split Python HTTP service is built into an image through the task
# runner, a second build is a cache hit that never calls the builder, only
# the services whose projects changed are rebuilt, `image list` shows the
# image, the image runs read-only as a non-root user with every capability
# dropped, has no shell, and passes its own contract tests over HTTP; the
# Dockerfile policy catches a broken Dockerfile (`image check`, `audit`),
# a hand-written node service in the TypeScript services' layout runs too,
# `strata deploy` without --image deploys the image built from the current
# sources by digest (to a real API server), and no builder on PATH is a
# one-line error naming what to install.
source "$(dirname "$0")/lib.sh"

VENV="$SOURCE_DIR/tests/.venv"
CACHE="${STRATA_TEST_CACHE:-$HOME/.cache/strata-test}/containers"
if [ ! -x /usr/bin/podman ] || [ ! -f "$CACHE/strata-build.tar" ] || [ ! -f "$CACHE/strata-python-runtime.tar" ] ||
  ! "$VENV/bin/python" -c "import pytest, jwt" 2>/dev/null; then
  echo "FAIL: podman, the base images in $CACHE or $VENV are missing; run scripts/install-test-deps" >&2
  exit 1
fi

# Podman's configuration lives in this test's directory; its image store is
# in the cache, so the base images are imported once per machine. runc and
# cgroupfs because crun refuses this sandbox's cgroup layout; ulimits the
# sandbox can grant.
mkdir -p "$WORK/podman" "$WORK/bin"
cat >"$WORK/podman/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
EOF
cat >"$WORK/podman/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$CACHE/storage"
runroot = "$WORK/podman/run"
EOF
export CONTAINERS_CONF="$WORK/podman/containers.conf" CONTAINERS_STORAGE_CONF="$WORK/podman/storage.conf"
for image in strata-build strata-python-runtime strata-node-runtime; do
  import_base_image "$CACHE" "$image"
done
# Every call Strata makes to the builder is logged.
cat >"$WORK/bin/podman" <<EOF
#!/bin/sh
echo "\$*" >>"$WORK/podman-calls"
exec /usr/bin/podman "\$@"
EOF
chmod +x "$WORK/bin/podman"
export PATH="$WORK/bin:$VENV/bin:$PATH"
builds() { grep -c '^build ' "$WORK/podman-calls" 2>/dev/null || echo 0; }
CONTAINERS=()
cleanup() {
  for id in "${CONTAINERS[@]}"; do /usr/bin/podman rm -f -t 2 "$id" >/dev/null 2>&1; done
  # Rebuilt tags leave untagged images in the test-only store: bounded.
  /usr/bin/podman image prune -f >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT

st new ws --no-git
cd ws
st generate context billing --lang python --skip-install
st generate context shipping --lang python --skip-install
st split billing --transport http --port 8231 --skip-install
expect_rc 0 "split billing"

# No builder on PATH: one line naming what to install.
env PATH="$WORK/empty" "$STRATA" image build billing >"$WORK/.out" 2>"$WORK/.err"
RC=$?
ERR="$(cat "$WORK/.err")"
expect_rc 1 "no builder"
expect_eq "$(grep -c 'strata: error' <<<"$ERR")" "1" "one error line"
expect_err "no container builder found: podman, buildah or docker" "names the builders"
expect_err "apt-get install podman buildah runc" "says what to install"

# The first build runs the builder through the task runner.
st image build billing --json
expect_rc 0 "image build"
expect_eq "$(json "[(i['service'], i['status']) for i in d]")" "[('billing-service', 'built')]" "built"
tag="$(json "d[0]['tag']")"
image="$(json "d[0]['image']")"
expect_eq "$image" "localhost/strata/billing-service:$tag" "tagged with the input hash and the name"
expect_eq "$(builds)" "1" "the builder was called once"
head -1 .strata/images/billing-service/context/Dockerfile | grep -q "^# strata:generated v1 inputs=" &&
  pass || fail "the Dockerfile carries the generated-file header"
[ -d .strata/images/billing-service/context/contexts/billing/domain/src ] &&
  [ ! -e .strata/images/billing-service/context/contexts/shipping ] &&
  [ ! -e .strata/images/billing-service/context/contexts/billing/service/tests ] &&
  pass || fail "the context holds the service's projects and dependencies only"
# The performance monitor records image builds as builds, like task runs.
expect_eq "$(python3 -c 'import sqlite3; c = sqlite3.connect(".strata/metrics.db"); print(c.execute("SELECT kind, outcome FROM samples WHERE target = ? AND project = ?", ("image", "billing-service")).fetchall())')" \
  "[('build', 'success')]" "the image build is a row of kind build in metrics.db"

# Nothing changed: a cache hit, the builder is not called.
st image build billing-service --json
expect_rc 0 "second build"
expect_eq "$(json "d[0]['status']")" "cached" "second build is cached"
expect_eq "$(json "d[0]['tag']")" "$tag" "same tag"
expect_eq "$(builds)" "1" "the builder was not called again"
st image build billing
expect_out "cache" "plain progress names the cache hit"
# A cache hit whose image is gone from the store builds it again.
/usr/bin/podman rmi -f "$image" >/dev/null 2>&1
st image build billing --json
expect_eq "$(json "(d[0]['status'], d[0]['tag'])")" "('built', '$tag')" "a removed image is rebuilt"
expect_eq "$(builds)" "2" "the builder ran for the missing image"

# Affected: a change to shipping (in process in the monolith) builds the
# monolith's image and not billing's; one to billing's domain rebuilds both.
st image build --affected --files contexts/shipping/domain/src/shipping_domain/__init__.py --json
expect_rc 0 "affected, the monolith only"
expect_eq "$(json "[(i['service'], i['status']) for i in d]")" "[('monolith-python', 'built')]" \
  "shipping is in the monolith's image, not in billing's"
mono_image="$(json "d[0]['image']")"
domain_file="$(find contexts/billing/domain/src -name '*.py' | sort | head -1)"
echo "# a change" >>"$domain_file"
st image build --affected --files "$domain_file" --json
expect_rc 0 "affected rebuild"
expect_eq "$(json "sorted((i['service'], i['status']) for i in d)")" \
  "[('billing-service', 'built'), ('monolith-python', 'built')]" "rebuilt"
new_tag="$(json "[i['tag'] for i in d if i['service'] == 'billing-service'][0]")"
[ "$new_tag" != "$tag" ] && pass || fail "a change gives a new tag"
expect_eq "$(builds)" "5" "the builder ran for the change"
image="$(json "[i['image'] for i in d if i['service'] == 'billing-service'][0]")"
mono_image="$(json "[i['image'] for i in d if i['service'] == 'monolith-python'][0]")"

# image list: service, tag, digest, size, built when.
st image list --json
expect_rc 0 "image list"
# (The image store is shared by every run on the machine: other tags may be listed too.)
expect_eq "$(json "{'$tag', '$new_tag'} <= {i['tag'] for i in d if i['service'] == 'billing-service'}")" \
  "True" "both images listed"
expect_eq "$(json "all(i['size'] > 0 and i['created'] and i['id'] for i in d)")" "True" "size, id, time"
st image list
expect_out "billing-service +$new_tag" "the table lists the image"

# strata deploy without --image deploys the image built from the current
# sources, by its digest, to a real API server; after a change it refuses
# (the image of older sources is never deployed) and says how to build.
source "$SOURCE_DIR/tests/e2e/kube_lib.sh"
if kube_start; then
  trap 'kube_stop; cleanup' EXIT
  digest="$(/usr/bin/podman image inspect --format '{{.Digest}}' "$image")"
  st deploy billing --env dev --no-wait --json
  expect_rc 0 "deploy without --image"
  expect_eq "$(json "d[0]['image']")" "$image@$digest" "the image built from the current sources, by digest"
  expect_eq "$("$KUBE_BIN/kubectl" get deploy billing -o 'jsonpath={.spec.template.spec.containers[0].image}')" \
    "$image@$digest" "the Deployment runs it"
  echo "# not built yet" >>"$domain_file"
  st deploy billing --env dev --no-wait
  expect_rc 1 "a change since the build"
  expect_err "no image of billing-service built from its current sources" "names what is missing"
  expect_err "hint: strata image build billing-service" "says how to build it"
  sed -i '$ d' "$domain_file"
  # The monolith deploys as "monolith", its image the generated composition root's.
  mono_digest="$(/usr/bin/podman image inspect --format '{{.Digest}}' "$mono_image")"
  st deploy monolith --env dev --no-wait --json
  expect_rc 0 "deploy the monolith"
  expect_eq "$(json "d[0]['image']")" "$mono_image@$mono_digest" "the monolith's image, by digest"
  kube_stop
else
  fail "the control plane did not start"
fi

# The image: numeric non-root user, a healthcheck, no shell.
expect_eq "$(/usr/bin/podman image inspect --format '{{.Config.User}}' "$image")" "10001:10001" "USER"
/usr/bin/podman image inspect --format '{{json .Config.Healthcheck}}' "$image" | grep -q '/health' &&
  pass || fail "HEALTHCHECK kept (docker format)"
if /usr/bin/podman run --rm --entrypoint /bin/sh "$image" -c true >/dev/null 2>&1; then
  fail "the final stage has a shell"
else
  pass
fi

# Run it read-only, as 10001, without capabilities, on loopback; the
# contract tests pass against the container.
key="$(sed -n 's/^KEY = "\(.*\)"$/\1/p' contexts/billing/service/tests/test_contract.py)"
port="$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
cid="$(/usr/bin/podman run -d --read-only --user 10001:10001 --cap-drop=ALL \
  --security-opt no-new-privileges -e STRATA_SERVICE_JWT_KEY="$key" \
  -p "127.0.0.1:$port:8080" "$image" 2>"$WORK/run.err")"
[ -n "$cid" ] && CONTAINERS+=("$cid")
healthy=""
for _ in $(seq 1 100); do
  curl -sf --noproxy '*' "http://127.0.0.1:$port/health" >/dev/null && healthy=1 && break
  sleep 0.1
done
if [ -n "$healthy" ]; then
  pass
  (cd contexts/billing/service && STRATA_CONTRACT_TARGET_URL="http://127.0.0.1:$port" \
    PYTHONPATH=src:../domain/src:../api/src:../application/src:../infrastructure/src \
    python3 -m pytest -q -p no:cacheprovider tests) >"$WORK/pytest.log" 2>&1 &&
    pass || fail "contract tests against the container: $(tail -30 "$WORK/pytest.log")"
  grep -qE "[0-9]+ passed" "$WORK/pytest.log" && pass || fail "the contract suite ran: $(tail -5 "$WORK/pytest.log")"
  /usr/bin/podman healthcheck run "$cid" >/dev/null 2>&1 && pass || fail "the image's own healthcheck passes"
else
  fail "the container did not become healthy: $(cat "$WORK/run.err"; /usr/bin/podman logs "$cid" 2>&1 | tail -20)"
fi
[ -n "$cid" ] && /usr/bin/podman rm -f -t 2 "$cid" >/dev/null 2>&1

# The monolith's image runs the same way and serves shipping in process.
mport="$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
mid="$(/usr/bin/podman run -d --read-only --user 10001:10001 --cap-drop=ALL \
  --security-opt no-new-privileges -e STRATA_SERVICE_JWT_KEY="$key" \
  -e STRATA_SERVICE_BILLING_URL=http://127.0.0.1:9 \
  -p "127.0.0.1:$mport:8080" "$mono_image" 2>"$WORK/run.err")"
[ -n "$mid" ] && CONTAINERS+=("$mid")
healthy=""
for _ in $(seq 1 100); do
  curl -sf --noproxy '*' "http://127.0.0.1:$mport/health" >/dev/null && healthy=1 && break
  sleep 0.1
done
[ -n "$healthy" ] && pass ||
  fail "the monolith's container did not become healthy: $(cat "$WORK/run.err"; /usr/bin/podman logs "$mid" 2>&1 | tail -20)"
shipped="$(curl -s --noproxy '*' -X POST -d '{}' "http://127.0.0.1:$mport/contexts/shipping/rpc/list_all")"
expect_eq "$shipped" '{"result": []}' "the monolith's container serves shipping in process"
[ -n "$mid" ] && /usr/bin/podman rm -f -t 2 "$mid" >/dev/null 2>&1

# A node service with the layout of the generated TypeScript services
# (contexts/NAME/service, compiled dist/main.js, the context's layers
# linked into node_modules by npm workspaces), written by hand here: its
# image runs read-only and answers through a workspace package.
mkdir -p "$WORK/nodews/contexts/hello/service/dist" "$WORK/nodews/contexts/hello/domain/dist"
(
  cd "$WORK/nodews" || exit 1
  echo '{"name": "nodews", "private": true, "workspaces": ["contexts/*/*"]}' >package.json
  echo '{}' >strata.json
  echo '{"name": "@nodews/hello-domain", "version": "0.0.0", "type": "module", "main": "dist/index.js"}' \
    >contexts/hello/domain/package.json
  echo 'export const greeting = "hello";' >contexts/hello/domain/dist/index.js
  cat >contexts/hello/service/package.json <<'EOF2'
{"name": "@nodews/hello-service", "version": "0.0.0", "type": "module", "main": "dist/main.js",
 "dependencies": {"@nodews/hello-domain": "0.0.0"},
 "nx": {"tags": ["type:service", "context:hello", "lang:typescript"]}}
EOF2
  cat >contexts/hello/service/dist/main.js <<'EOF2'
import { createServer } from "node:http";
import { greeting } from "@nodews/hello-domain";
createServer((req, res) => res.end(JSON.stringify({ status: "ok", greeting })))
  .listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
EOF2
  npm install --offline --no-audit --no-fund --loglevel=error >/dev/null 2>&1
)
st -C "$WORK/nodews" image build hello --json
expect_rc 0 "node image build"
node_image="$(json "d[0]['image']")"
expect_eq "$node_image" "localhost/strata/hello-service:$(json "d[0]['tag']")" "scoped package, plain image name"
node_port="$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
ncid="$(/usr/bin/podman run -d --read-only --user 10001:10001 --cap-drop=ALL \
  --security-opt no-new-privileges -p "127.0.0.1:$node_port:8080" "$node_image" 2>"$WORK/run.err")"
[ -n "$ncid" ] && CONTAINERS+=("$ncid")
got=""
for _ in $(seq 1 100); do
  got="$(curl -sf --noproxy '*' "http://127.0.0.1:$node_port/health")" && break
  sleep 0.1
done
expect_eq "$got" '{"status":"ok","greeting":"hello"}' "the node image serves through its workspace package"
[ -n "$ncid" ] && /usr/bin/podman rm -f -t 2 "$ncid" >/dev/null 2>&1

# The policy: the generated Dockerfile passes, a broken one fails with
# file, line and rule; strata audit reports it too.
st image check .strata/images/billing-service/context/Dockerfile
expect_rc 0 "the generated Dockerfile passes the policy"
mkdir -p deploy/legacy
printf 'FROM python:latest\nENV DB_PASSWORD=hunter2\nUSER app\nCMD ["python3", "app.py"]\n' \
  >deploy/legacy/Dockerfile
st image check
expect_rc 1 "a broken Dockerfile fails the check"
expect_err "deploy/legacy/Dockerfile:1:6: pinned-base: base image 'python:latest' is not pinned" "unpinned base"
expect_err "deploy/legacy/Dockerfile:2:5: secret-in-env: ENV DB_PASSWORD" "secret in ENV"
expect_err "deploy/legacy/Dockerfile:3:6: non-root-user: USER app is not numeric" "non-numeric USER"
expect_err "deploy/legacy/Dockerfile:1:6: healthcheck: the final stage has no HEALTHCHECK" "no HEALTHCHECK"
git_init
st audit --skip-dependencies --json
expect_rc 1 "audit fails on the Dockerfile"
expect_eq "$(json "sorted(f['rule'] for f in d['findings'] if f['source'] == 'dockerfile')")" \
  "['healthcheck', 'non-root-user', 'pinned-base', 'secret-in-env']" "audit reports every rule"

finish
