#!/usr/bin/env bash
# Kubernetes objects end to end: split services get their kustomize trees
# (and lose them on merge), every rendered object of every service in every
# environment passes `kubectl apply --dry-run=server` on a real
# kube-apiserver, each overlay builds (kubectl's own kustomize) exactly the
# objects `strata manifests` renders, and a broken manifest is refused by
# the API server and by `strata check manifests`, both naming the field.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/e2e/kube_lib.sh"

st new ws --no-git
cd ws
st generate context billing --lang python --skip-install
expect_rc 0 "generate billing"
st generate context shipping --lang python --skip-install
expect_rc 0 "generate shipping"

# Split: the trees come with the services, the monolith's with its project.
st split billing --transport http --port 8231 --skip-install
expect_rc 0 "split billing"
expect_out "write   contexts/billing/service/k8s/base/deployment.yaml" "split writes the base"
expect_file contexts/billing/service/k8s/overlays/production/kustomization.yaml "production overlay"
expect_file apps/monolith-python/k8s/base/deployment.yaml "the monolith's tree"
head -1 contexts/billing/service/k8s/base/deployment.yaml | grep -q "^# strata:generated v1 inputs=.* from=topology.json" \
  && pass || fail "the trees carry the generated-file header"
st split shipping --port 8232 --skip-install
expect_rc 0 "split shipping"

# Environments in the topology: production scales out and autoscales.
python3 - <<'PY'
import json
t = json.load(open("topology.json"))
b = t["services"]["billing"]
b["replicas"] = 2
b["secrets"] = ["BILLING_JWT_KEY"]
b["config"] = ["BILLING_CURRENCY"]
b["environments"] = {
    "dev": {"replicas": 1},
    "staging": {"resources": {"limits": {"memory": "512Mi"}}},
    "production": {"replicas": 3, "autoscaling": {"min": 3, "max": 8, "cpu_percent": 70},
                   "resources": {"requests": {"cpu": "250m"}, "limits": {"cpu": "1"}}},
}
json.dump(t, open("topology.json", "w"), indent=2)
PY
st manifests --write
expect_rc 0 "manifests --write"
expect_out "write   contexts/billing/service/k8s/overlays/production/horizontalpodautoscaler.yaml" \
  "production gets its autoscaler"
st manifests billing --env production --json
expect_rc 0 "manifests --json"
expect_eq "$(json "[i['kind'] for i in d['items']]")" \
  "['Deployment', 'Service', 'ConfigMap', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']" "production objects"
expect_eq "$(json "d['items'][0]['spec']['replicas']")" "3" "production replicas"
st manifests billing --env dev
expect_no_out "PodDisruptionBudget" "one replica in dev: no budget"
st manifests billing --env prod
expect_rc 2 "an unknown environment is a usage error"
st manifests nowhere
expect_rc 1 "an unknown service"
expect_err "context 'nowhere' is not split into a service" "names the service"

# The policy passes what Strata generates.
st check manifests
expect_rc 0 "check manifests on the workspace"
expect_err "manifests: no problems in [0-9]+ files" "summary"

if ! kube_start; then
  fail "the API server did not start"
  finish
  exit
fi
K="$KUBE_BIN/kubectl"

# same.py BUILT WANT: kubectl's objects and strata's List are the same objects.
cat >"$WORK/same.py" <<'PY'
import json, sys
# kubectl prints one JSON document per object, one after the other.
text, built, at = open(sys.argv[1]).read(), [], 0
while text[at:].strip():
    doc, at = json.JSONDecoder().raw_decode(text, at + len(text[at:]) - len(text[at:].lstrip()))
    built += doc["items"] if doc.get("kind") == "List" else [doc]
for o in built:
    o["metadata"].pop("namespace", None)  # kubectl create fills in the kubeconfig's
want = json.load(open(sys.argv[2]))["items"]
key = lambda o: (o["kind"], o["metadata"]["name"])
b, w = sorted(built, key=key), sorted(want, key=key)
if b != w:
    print([key(o) for o in b], [key(o) for o in w])
    for x, y in zip(b, w):
        if x != y:
            print(json.dumps(x)[:1500], "\n", json.dumps(y)[:1500])
    sys.exit(1)
PY

# Every object of every service, every environment: server-side validation,
# YAML and JSON; and each overlay builds exactly the rendered objects.
digest="registry.example.com/shop/billing@sha256:$(printf 'a%.0s' $(seq 64))"
for env in dev staging production; do
  st manifests --env "$env"
  "$K" apply --dry-run=server -f - <<<"$OUT" >"$WORK/apply.out" 2>&1 \
    && pass || fail "$env: the API server refuses the YAML: $(cat "$WORK/apply.out")"
  st manifests --env "$env" --json
  "$K" apply --dry-run=server -f - <<<"$OUT" >"$WORK/apply.out" 2>&1 \
    && pass || fail "$env: the API server refuses the JSON: $(cat "$WORK/apply.out")"
  st manifests billing --env "$env" --image "$digest"
  "$K" apply --dry-run=server -f - <<<"$OUT" >"$WORK/apply.out" 2>&1 \
    && pass || fail "$env: refused with a digest: $(cat "$WORK/apply.out")"
  for pair in billing:contexts/billing/service/k8s shipping:contexts/shipping/service/k8s \
              monolith:apps/monolith-python/k8s; do
    ctx="${pair%%:*}" dir="${pair#*:}"
    "$K" apply --dry-run=server -k "$dir/overlays/$env" >"$WORK/apply.out" 2>&1 \
      && pass || fail "$ctx $env: kubectl apply -k refused: $(cat "$WORK/apply.out")"
    "$K" kustomize "$dir/overlays/$env" | "$K" create --dry-run=client -o json -f - >"$WORK/built.json" 2>&1
    st manifests "$ctx" --env "$env" --json
    printf '%s' "$OUT" >"$WORK/want.json"
    python3 "$WORK/same.py" "$WORK/built.json" "$WORK/want.json" >"$WORK/cmp.out" 2>&1 \
      && pass || fail "$ctx $env: the overlay differs from strata manifests: $(cat "$WORK/cmp.out")"
  done
done

# --out: one file per object, which the API server and the policy take as they are.
st manifests billing --env staging --out "$WORK/out"
expect_rc 0 "manifests --out"
expect_file "$WORK/out/billing-deployment.yaml" "one file per object"
"$K" apply --dry-run=server -f "$WORK/out" >"$WORK/apply.out" 2>&1 \
  && pass || fail "the API server refuses the --out files: $(cat "$WORK/apply.out")"
st check manifests "$WORK/out"
expect_rc 0 "the --out files pass the policy"

# A broken manifest: privileged while forbidding escalation is refused by
# the API server, and the policy refuses it too; both name the field.
mkdir -p "$WORK/team"
st manifests billing --env dev --json
printf '%s' "$OUT" >"$WORK/dev.json"
python3 - "$WORK/dev.json" "$WORK/team/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["items"][0]
c = d["spec"]["template"]["spec"]["containers"][0]
c["securityContext"]["privileged"] = True
del c["livenessProbe"]
json.dump(d, open(sys.argv[2], "w"), indent=2)
PY
"$K" apply --dry-run=server -f "$WORK/team/broken.json" >"$WORK/apply.out" 2>&1
if [ $? -ne 0 ] && grep -q "spec.template.spec.containers\[0\].securityContext" "$WORK/apply.out"; then pass; else
  fail "the API server should refuse the broken manifest naming the field: $(cat "$WORK/apply.out")"; fi
st check manifests "$WORK/team/broken.json"
expect_rc 1 "the policy refuses the broken manifest"
expect_err "broken.json:[0-9]+:[0-9]+: Deployment/billing: spec.template.spec.containers\[0\].securityContext.privileged: runs privileged \[privileged\]" \
  "the policy names file, line, object, field and rule"
expect_err "containers\[0\].livenessProbe: has no livenessProbe \[probes\]" "the missing probe"
expect_err "hint: " "with a hint"

# What the API server accepts but the policy does not: no limits, root.
cat >"$WORK/team/lax.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: lax
spec:
  containers:
  - name: app
    image: nginx:1.27
    livenessProbe: {httpGet: {path: /, port: 80}}
    readinessProbe: {httpGet: {path: /, port: 80}}
YAML
"$K" apply --dry-run=server -f "$WORK/team/lax.yaml" >"$WORK/apply.out" 2>&1 \
  && pass || fail "the API server accepts the lax pod: $(cat "$WORK/apply.out")"
st check manifests "$WORK/team/lax.yaml" --json
expect_rc 1 "the policy refuses the lax pod"
expect_eq "$(json "sorted(set(f['rule'] for f in d['findings']))")" \
  "['limits', 'non-root', 'read-only-root']" "the lax pod's rules"
expect_eq "$(json "d['findings'][0]['line']")" "7" "the line of the container"

# Exit codes: a clean folder, a file that is not YAML, a missing path.
st check manifests contexts/billing/service/k8s
expect_rc 0 "a clean folder"
printf 'apiVersion: v1\nkind: [\n' >"$WORK/team/bad.yaml"
st check manifests "$WORK/team/bad.yaml"
expect_rc 1 "a file that is not YAML"
expect_err "bad.yaml:[0-9]+:[0-9]+: " "located"
st check manifests "$WORK/nothing-here"
expect_rc 2 "a missing path"

# strata audit reports the tracked broken manifest with the rest.
cp "$WORK/team/broken.json" deploy-broken.json
git_init
st audit --skip-dependencies --json
expect_rc 1 "audit fails on a privileged container"
expect_eq "$(json "[(f['rule'], f['file']) for f in d['findings'] if f['source'] == 'manifests' and f['severity'] == 'high']")" \
  "[('privileged', 'deploy-broken.json')]" "audit's manifests source"
rm deploy-broken.json

# Merge removes a service's tree; the last merge removes the monolith's.
st merge billing
expect_rc 0 "merge billing"
[ ! -e contexts/billing/service ] && pass || fail "merge leaves contexts/billing/service"
expect_file apps/monolith-python/k8s/base/deployment.yaml "the monolith's tree stays while shipping is split"
st merge shipping
expect_rc 0 "merge shipping"
[ ! -e apps/monolith-python ] && pass || fail "the last merge leaves the monolith's tree"

finish
