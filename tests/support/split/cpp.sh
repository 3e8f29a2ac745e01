# Helpers of the C++ split tests (test_split_cpp.sh, _grpc.sh, _kafka.sh),
# sourced after lib.sh: the headers the generated projects need, ccache for
# their builds, nothing started outliving the test, two free ports, the tree
# compared without tool state and build folders, waiting for a health path,
# and the workspace every one of them starts from.

# cpp_require HEADER...: fails the test unless each header is installed.
cpp_require() {
  local header
  for header in "$@"; do
    if [ ! -e "/usr/include/$header" ]; then
      echo "FAIL: /usr/include/$header is missing; run scripts/install-test-deps" >&2
      exit 1
    fi
  done
}

# The generated CMake projects compile through ccache when the machine has
# it (CMake reads the launcher from the environment), so a second run of a
# test recompiles nothing.
command -v ccache >/dev/null && export CMAKE_CXX_COMPILER_LAUNCHER=ccache
unset STRATA_SERVICE_JWT_KEY STRATA_KAFKA_BOOTSTRAP STRATA_KAFKA_NAMESPACE
svc_pid="" mono_pid=""
trap '"$STRATA" -C "$WORK/ws" down >/dev/null 2>&1; kill $svc_pid $mono_pid 2>/dev/null; rm -rf "$WORK"' EXIT

# The tree as bytes, without tool state (.strata, CMake build folders).
same_tree() { diff -r -x .strata -x build "$1" "$2" >"$WORK/.diff" 2>&1; }
# wait_health PORT: whether GET /health answers 2xx within 10 s.
wait_health() {
  for _ in $(seq 1 100); do
    curl -sf --noproxy '*' "http://127.0.0.1:$1/health" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Free ports below the ephemeral range (32768-60999 on Linux), where no
# outgoing connection or bind(0) of the processes started meanwhile lands,
# held together while picked: the monolith's, and the service's with the
# next one free too (a grpc service answers gRPC there).
read -r MONO_PORT SVC_PORT < <(python3 -c '
import random, socket
while True:
    held = []
    try:
        a = random.randrange(20000, 32000)
        for p in (a, a + 10, a + 11):
            s = socket.socket(); held.append(s); s.bind(("127.0.0.1", p))
        print(a, a + 10); break
    except OSError:
        pass
    finally:
        for s in held: s.close()')

# billing_workspace: ws/ with a C++ billing context and the monolith on
# MONO_PORT, entered, and copied to $WORK/orig to compare against.
billing_workspace() {
  st new ws --no-git
  cd ws || exit 1
  st generate context billing --lang cpp
  expect_rc 0 "generate billing"
  printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
  cp -a . "$WORK/orig"
}
