#!/usr/bin/env bash
# strata deploy / scale / services status --env / logs --env against a real
# control plane (tests/e2e/kube_lib.sh: etcd, kube-apiserver and, when they
# built, the controller-manager, the scheduler and kwok playing one node):
# a server dry run stores nothing and reports the API server's validation
# errors; a deploy rolls out with its replicas ready; scaling up and down
# completes; a rollout to an image that never starts is rolled back and the
# previous revision keeps serving; status reads it all back; each deploy is
# a "deployment" row of .strata/metrics.db.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/e2e/kube_lib.sh"

# kwok's pod stages for this test: pods start Ready, except those of the
# image below, which stay Pending with ErrImagePull as a real kubelet would
# leave them; deleted pods go away.
BROKEN=registry.invalid/orders:broken
cat >"$WORK/kwok-stages.yaml" <<EOF
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-start
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: .metadata.deletionTimestamp, operator: DoesNotExist}
    - {key: .status.podIP, operator: DoesNotExist}
    - {key: '.spec.containers.[].image', operator: NotIn, values: ['$BROKEN']}
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      - {type: Initialized, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      - {type: Ready, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      - {type: ContainersReady, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: true
        started: true
        restartCount: 0
        state: {running: {startedAt: {{ \$now | Quote }}}}
      {{ end }}
      hostIP: 10.0.0.1
      podIP: 10.0.0.2
      phase: Running
      startTime: {{ \$now | Quote }}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-image-pull-failure
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: .metadata.deletionTimestamp, operator: DoesNotExist}
    - {key: .status.containerStatuses, operator: DoesNotExist}
    - {key: '.spec.containers.[].image', operator: In, values: ['$BROKEN']}
  next:
    statusTemplate: |
      conditions:
      - {type: Ready, status: "False", reason: ContainersNotReady}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: false
        restartCount: 0
        state: {waiting: {reason: ErrImagePull, message: "pull access denied"}}
      {{ end }}
      phase: Pending
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: pod-gone
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: .metadata.deletionTimestamp, operator: Exists}
  next:
    finalizers: {empty: true}
    delete: true
EOF
# What the "kubelet" answers for every container's log: a file in the CRI
# log format a real kubelet reads.
printf '2026-12-06T10:00:00.000000000Z stdout F orders started\n2026-12-06T10:00:01.000000000Z stdout F listening on :8080\n' \
  >"$WORK/container.log"
cat >>"$WORK/kwok-stages.yaml" <<EOF
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: every-container
spec:
  selector: {matchNamespaces: [default]}
  logs:
  - logsFile: $WORK/container.log
    follow: true
EOF
KUBE_KWOK_CONFIG="$WORK/kwok-stages.yaml"

if ! kube_start; then
  fail "the control plane did not start (logs above)"
  finish
  exit 1
fi
KUBECTL="$KUBE_BIN/kubectl"
echo "control plane: controllers=$KUBE_CONTROLLERS nodes=$KUBE_NODES"
# Without a node no pod ever starts: deploy then only applies.
NO_WAIT=()
[ "$KUBE_NODES" = 1 ] || NO_WAIT=(--no-wait)

mkdir -p "$WORK/ws" && cd "$WORK/ws"
echo '{}' >strata.json
cat >topology.json <<'EOF'
{
  "version": 1,
  "services": {
    "orders": { "mode": "service", "transport": "http", "port": 8101, "replicas": 2 }
  }
}
EOF

# A Service whose port the API server refuses, for --objects.
cat >invalid.json <<'EOF'
[{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "orders"},
  "spec": {"selector": {"app": "orders"}, "ports": [{"port": 70000}]}}]
EOF

# A project of the orders context, for --affected.
mkdir -p contexts/orders/domain
echo '{"name":"orders-domain","tags":["context:orders","layer:domain"]}' >contexts/orders/domain/project.json

deployed_image() { "$KUBECTL" get deploy orders -o 'jsonpath={.spec.template.spec.containers[0].image}'; }

# A server dry run validates with the API server and stores nothing.
st deploy orders --env dev --image orders:1 --dry-run
expect_rc 0 "dry run"
expect_out "deployment/orders created \(server dry run\)" "dry run reports what it would do"
"$KUBECTL" get deploy orders >/dev/null 2>&1 && fail "a dry run stored the Deployment" || pass

st deploy orders --env dev --objects invalid.json --dry-run
expect_rc 1 "the API server refuses a port out of range"
expect_err "strata: error: deploy of orders to dev: Service/orders: .*spec.ports\[0\].port" \
  "the server's validation error, naming the field"

st deploy orders --env dev --image orders:1 "${NO_WAIT[@]}"
expect_err "warning: --image orders:1 names no digest" "a tag without a digest is deployed with a warning"
expect_rc 0 "deploy v1"
expect_out "configmap/orders-config created" "objects reported created"
if [ "$KUBE_NODES" = 1 ]; then
  expect_out "deployment/orders: successfully rolled out \(2/2 ready, revision 1, image orders:1\)" \
    "the rollout completes with its replicas ready"
else
  expect_no_out "rolled out" "no node: the rollout is not followed"
fi
expect_eq "$(deployed_image)" "orders:1" "the Deployment is stored"

st deploy orders --env dev --image orders:1 --json "${NO_WAIT[@]}"
expect_rc 0 "deploy again"
expect_eq "$(json 'd[0]["objects"][0]["action"]')" "unchanged" "an unchanged object is reported so"

if [ "$KUBE_NODES" = 1 ]; then
  st services status --env dev
  expect_rc 0 "status"
  expect_out "^orders +default +2 +2 +2 +2 +1 +orders:1 .* complete$" "status: desired, ready, image, revision"
  expect_out "^monolith +default +not deployed" "the monolith is listed, not deployed"
  st services status --env dev --json
  expect_eq "$(json 'd[0]["ready"], d[0]["images"][0], d[0]["phase"]')" "2 orders:1 complete" "status --json"

  st scale orders --replicas 4 --env dev
  expect_rc 0 "scale up"
  expect_out "scaled orders in dev to 4 replicas \(was 2\)" "scale reports old and new counts"
  expect_out "4/4 ready" "scale waits for the new replicas"
  st scale orders --replicas 1 --env dev
  expect_rc 0 "scale down"
  st services status --env dev --json
  expect_eq "$(json 'd[0]["desired"], d[0]["ready"]')" "1 1" "scaled down to one ready replica"
  "$KUBECTL" scale deploy orders --replicas 2 >/dev/null

  st deploy orders --env dev --image orders:2
  expect_rc 0 "deploy v2"
  expect_out "successfully rolled out \(2/2 ready, revision 2, image orders:2\)" "v2 rolled out"

  # The broken image's pods never become ready: the rollout times out and
  # Strata puts revision 2's template back.
  st deploy orders --env dev --image "$BROKEN" --timeout 10
  expect_rc 1 "a failed rollout fails the deploy"
  expect_out "deployment/orders: rollout failed: timed out after [0-9]+ s" "the failure is reported"
  expect_out "rolled back from revision 3 to the previous revision \(2\): successfully rolled out \(2/2 ready, revision 4, image orders:2\)" \
    "rolled back, and the previous revision serves again"
  expect_err "deploy of orders to dev failed; rolled back to the previous revision" "the error says so"
  expect_eq "$(deployed_image)" "orders:2" "the Deployment runs the previous image"
  expect_eq "$("$KUBECTL" get deploy orders -o 'jsonpath={.status.readyReplicas}/{.status.updatedReplicas}')" \
    "2/2" "the previous revision's replicas are ready"
else
  echo "SKIP: rollout, scale and rollback checks need the controller manager, scheduler and kwok" >&2
fi

# --affected deploys the services whose projects changed (dry runs here).
st deploy --affected --files contexts/orders/domain/model.py --env dev --image orders:2 --dry-run
expect_rc 0 "deploy --affected"
expect_out "^deploy orders to dev .*server dry run" "a change in the orders context deploys orders"
st deploy --affected --files README.md --env dev --dry-run
expect_rc 0 "deploy --affected, nothing affected"
expect_out "no service is affected" "nothing to deploy"

# Every deploy that was not a dry run is a "deployment" row.
rows=$(python3 -c "import sqlite3; c = sqlite3.connect('.strata/metrics.db'); print(' '.join(o for (o,) in c.execute(\"SELECT outcome FROM samples WHERE kind = 'deployment' AND subject = 'orders' AND target = 'dev' ORDER BY id\")))")
if [ "$KUBE_NODES" = 1 ]; then
  expect_eq "$rows" "success success success failure" "deployments recorded in metrics.db"
else
  expect_eq "$rows" "success success" "deployments recorded in metrics.db"
fi

# Logs: every pod's, through the API server from the node's "kubelet",
# each line prefixed with its pod. Without --env, logs are strata up's.
if [ "$KUBE_NODES" = 1 ]; then
  st logs orders --env dev
  expect_rc 0 "logs from the cluster"
  expect_out "^orders-[a-z0-9]+-[a-z0-9]+ \| listening on :8080$" "each pod's lines, prefixed"
  expect_eq "$(grep -c 'listening on' <<<"$OUT")" "2" "both pods' logs"
  st logs orders --env dev --tail 1
  expect_no_out "orders started" "--tail 1 keeps the last line"
  # -f keeps streaming: a line appended later arrives, from both pods.
  "$STRATA" logs orders --env dev -f >"$WORK/follow.out" 2>&1 &
  follow_pid=$!
  kube_wait 30 grep -q "listening on" "$WORK/follow.out" || fail "logs -f printed nothing: $(cat "$WORK/follow.out")"
  printf '2026-12-06T10:00:02.000000000Z stdout F order 42 placed\n' >>"$WORK/container.log"
  both_followed() { [ "$(grep -c 'order 42 placed' "$WORK/follow.out")" = 2 ]; }
  if kube_wait 30 both_followed; then pass; else
    fail "logs -f did not follow: $(cat "$WORK/follow.out")"
  fi
  kill "$follow_pid" 2>/dev/null
  wait "$follow_pid" 2>/dev/null
fi
st logs orders
expect_rc 1 "local logs without strata up"
expect_err "no log for 'orders'" "without --env, logs read strata up's processes"

# A client certificate instead of the token, from a kubeconfig whose
# context is named like the environment; a CA that did not sign the
# server's certificate is refused.
openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=e2e-admin" \
  -keyout "$WORK/client.key" -out "$WORK/client.csr" 2>/dev/null
openssl x509 -req -in "$WORK/client.csr" -CA "$KUBE_CA" -CAkey "$KUBE_DIR/pki/ca.key" \
  -CAcreateserial -days 1 -out "$WORK/client.crt" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=other-ca" \
  -keyout "$WORK/other.key" -out "$WORK/other.crt" 2>/dev/null
cert_kubeconfig() { # CA-FILE
  cat <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: "$KUBE_SERVER", certificate-authority-data: $(base64 -w0 "$1")}
users:
- name: cert
  user: {client-certificate-data: $(base64 -w0 "$WORK/client.crt"), client-key-data: $(base64 -w0 "$WORK/client.key")}
contexts:
- name: other
  context: {cluster: nowhere, user: cert}
- name: dev
  context: {cluster: e2e, user: cert}
current-context: other
EOF
}
cert_kubeconfig "$KUBE_CA" >"$WORK/cert.kubeconfig"
cert_kubeconfig "$WORK/other.crt" >"$WORK/other.kubeconfig"
st services status --env dev --kubeconfig "$WORK/cert.kubeconfig" --json
expect_rc 0 "a client certificate authenticates"
expect_eq "$(json 'd[0]["deployed"]')" "True" "the context named like the environment is used"
st services status --env dev --kubeconfig "$WORK/other.kubeconfig"
expect_rc 1 "an untrusted server certificate"
expect_err "strata: error: .*(not trusted|TLS)" "the TLS failure is named"

# Errors of the connection: a missing kubeconfig, an unknown context.
st deploy orders --env dev --kubeconfig "$WORK/none.yaml"
expect_rc 1 "missing kubeconfig"
expect_err "cannot read the kubeconfig .*none.yaml" "the kubeconfig is named"
st scale orders --replicas 2 --env dev --context nope
expect_rc 1 "unknown context"
expect_err "no context 'nope' in the kubeconfig" "the context is named"

finish
