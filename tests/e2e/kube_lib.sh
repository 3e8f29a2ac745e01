# A real Kubernetes control plane on loopback for end-to-end tests: etcd,
# kube-apiserver and, when scripts/install-kube built them, the
# controller-manager, the scheduler and kwok (a node simulator that plays
# the kubelet: pods on its fake node become Running and Ready), so
# Deployments roll out for real. Source it after lib.sh:
#
#   source "$SOURCE_DIR/tests/e2e/kube_lib.sh"
#   kube_start            # sets KUBECONFIG, KUBE_SERVER, KUBE_TOKEN, KUBE_CA,
#                         # KUBE_BIN, KUBE_CONTROLLERS=1|0, KUBE_NODES=1|0
#   "$KUBE_BIN/kubectl" get ns
#   kube_stop             # also run by the EXIT trap kube_start installs
#
# Everything lives under $KUBE_DIR ($WORK/kube by default): certificates made
# with openssl, etcd's data (--unsafe-no-fsync: nothing here must survive a
# crash), each process's log (kube_logs prints their tails). Processes are
# stopped by PID, never by name.

KUBE_VERSION=v1.34.4
KUBE_TOKEN="strata-e2e-admin-token"
KUBE_PIDS=()

# The binaries, built (or found cached) by scripts/install-kube.
kube_install() {
  KUBE_BIN="${STRATA_TEST_CACHE:-$HOME/.cache/strata-test}/kube/$KUBE_VERSION/bin"
  if [ ! -x "$KUBE_BIN/kube-apiserver" ] || [ ! -x "$KUBE_BIN/etcd" ] || [ ! -x "$KUBE_BIN/kubectl" ]; then
    KUBE_BIN="$("$SOURCE_DIR/scripts/install-kube" | tail -1)" || return 1
  fi
}

kube_free_port() {
  python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

# CA, the API server's serving certificate for 127.0.0.1, the service
# account key pair and the static token file.
kube_certs() {
  local d="$KUBE_DIR/pki"
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=strata-e2e-ca" \
    -keyout "$d/ca.key" -out "$d/ca.crt" 2>/dev/null || return 1
  openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" \
    -keyout "$d/apiserver.key" -out "$d/apiserver.csr" 2>/dev/null || return 1
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\n' >"$d/san.ext"
  openssl x509 -req -in "$d/apiserver.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial \
    -days 2 -extfile "$d/san.ext" -out "$d/apiserver.crt" 2>/dev/null || return 1
  openssl genrsa -out "$d/sa.key" 2048 2>/dev/null || return 1
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub" 2>/dev/null || return 1
  printf '%s,admin,admin-uid,system:masters\n' "$KUBE_TOKEN" >"$d/tokens.csv"
  KUBE_CA="$d/ca.crt"
}

kube_kubeconfig() {
  KUBECONFIG="$KUBE_DIR/kubeconfig"
  cat >"$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: $KUBE_SERVER
    certificate-authority: $KUBE_CA
users:
- name: admin
  user:
    token: $KUBE_TOKEN
contexts:
- name: e2e
  context:
    cluster: e2e
    user: admin
    namespace: default
current-context: e2e
EOF
  export KUBECONFIG
}

# kube_spawn NAME ARGS...: starts a process in the background, its output in
# $KUBE_DIR/NAME.log, its PID remembered for kube_stop.
kube_spawn() {
  local name="$1"
  shift
  "$@" >"$KUBE_DIR/$name.log" 2>&1 &
  KUBE_PIDS+=("$!")
}

# kube_wait SECONDS COMMAND...: retries COMMAND every 0.2 s until it succeeds.
kube_wait() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

kube_ready() {
  curl -sf --cacert "$KUBE_CA" -H "Authorization: Bearer $KUBE_TOKEN" "$KUBE_SERVER/readyz" >/dev/null
}

kube_start_etcd() {
  local client peer
  client=$(kube_free_port)
  peer=$(kube_free_port)
  KUBE_ETCD="http://127.0.0.1:$client"
  kube_spawn etcd "$KUBE_BIN/etcd" --data-dir "$KUBE_DIR/etcd" --unsafe-no-fsync \
    --listen-client-urls "$KUBE_ETCD" --advertise-client-urls "$KUBE_ETCD" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "default=http://127.0.0.1:$peer" --log-level warn
  kube_wait 30 curl -sf "$KUBE_ETCD/health"
}

kube_start_apiserver() {
  local port d="$KUBE_DIR/pki"
  port=$(kube_free_port)
  KUBE_SERVER="https://127.0.0.1:$port"
  # ServiceAccount admission is off: pods would wait for the controller
  # manager to create each namespace's default account, a startup race the
  # tests do not need.
  kube_spawn kube-apiserver "$KUBE_BIN/kube-apiserver" \
    --etcd-servers "$KUBE_ETCD" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
    --secure-port "$port" --tls-cert-file "$d/apiserver.crt" --tls-private-key-file "$d/apiserver.key" \
    --client-ca-file "$d/ca.crt" --token-auth-file "$d/tokens.csv" --authorization-mode AlwaysAllow \
    --service-account-key-file "$d/sa.pub" --service-account-signing-key-file "$d/sa.key" \
    --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none --disable-admission-plugins ServiceAccount \
    --enable-priority-and-fairness=false --profiling=false
  kube_wait 90 kube_ready
}

# The controllers and the node simulator, when install-kube built them.
kube_start_controllers() {
  KUBE_CONTROLLERS=0
  KUBE_NODES=0
  if [ -x "$KUBE_BIN/kube-controller-manager" ] && [ -x "$KUBE_BIN/kube-scheduler" ]; then
    kube_spawn kube-controller-manager "$KUBE_BIN/kube-controller-manager" --kubeconfig "$KUBECONFIG" \
      --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false \
      --service-account-private-key-file "$KUBE_DIR/pki/sa.key" --root-ca-file "$KUBE_CA" \
      --controllers '*,-nodeipam,-bootstrapsigner,-tokencleaner'
    kube_spawn kube-scheduler "$KUBE_BIN/kube-scheduler" --kubeconfig "$KUBECONFIG" \
      --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false
    KUBE_CONTROLLERS=1
  fi
  if [ -x "$KUBE_BIN/kwok" ] && [ "$KUBE_CONTROLLERS" = 1 ]; then
    # kwok also plays the kubelet's HTTPS server on loopback (the node's
    # address and port), so the API server can fetch pod logs from it: the
    # files a ClusterLogs object in $KUBE_KWOK_CONFIG names.
    local kubelet_port
    kubelet_port=$(kube_free_port)
    kube_spawn kwok "$KUBE_BIN/kwok" --kubeconfig "$KUBECONFIG" \
      --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
      --cidr 10.0.0.1/24 --node-ip 127.0.0.1 --node-port "$kubelet_port" \
      --server-address "127.0.0.1:$kubelet_port" \
      --tls-cert-file "$KUBE_DIR/pki/apiserver.crt" --tls-private-key-file "$KUBE_DIR/pki/apiserver.key" \
      ${KUBE_KWOK_CONFIG:+--config "$KUBE_KWOK_CONFIG"}
    "$KUBE_BIN/kubectl" apply -f - >/dev/null <<'EOF' || return 1
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "110"}
  capacity: {cpu: "32", memory: 256Gi, pods: "110"}
EOF
    # A node that never turns Ready leaves KUBE_NODES=0: tests then check
    # what the API server and controllers do without one.
    if kube_wait 60 kube_node_ready; then KUBE_NODES=1; fi
  fi
  return 0
}

kube_node_ready() {
  [ "$("$KUBE_BIN/kubectl" get node kwok-node-0 \
    -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}')" = True ]
}

# kube_start [DIR]: everything above; returns non-zero (with the logs'
# tails on stderr) when etcd or the API server did not come up.
kube_start() {
  KUBE_DIR="${1:-$WORK/kube}"
  mkdir -p "$KUBE_DIR"
  trap 'kube_stop; rm -rf "$WORK"' EXIT
  kube_install || return 1
  kube_certs || return 1
  kube_start_etcd || { kube_logs; return 1; }
  kube_start_apiserver || { kube_logs; return 1; }
  kube_kubeconfig
  kube_start_controllers || { kube_logs; return 1; }
  export KUBE_SERVER KUBE_TOKEN KUBE_CA KUBE_BIN KUBE_CONTROLLERS KUBE_NODES
}

# Stops every process kube_start started, newest first, by PID: SIGTERM,
# then SIGKILL after 10 s.
kube_stop() {
  local i pid
  for ((i = ${#KUBE_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${KUBE_PIDS[$i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  KUBE_PIDS=()
}

# The last lines of each process's log, for a failing test's output.
kube_logs() {
  local f
  for f in "$KUBE_DIR"/*.log; do
    [ -f "$f" ] || continue
    echo "--- $f" >&2
    tail -n 15 "$f" >&2
  done
}
