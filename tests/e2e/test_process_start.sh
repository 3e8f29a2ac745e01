#!/usr/bin/env bash
# Process start: the workspace commands load none of the heavy libraries
# (libpq with Kerberos and LDAP, FAISS's BLAS, LAPACK and OpenMP,
# OpenSSL's TLS through cpp-httplib); those live in plugins
# (util/plugin.h) that load with the command needing them. SQLite, libcrypto
# (SHA-256 and HMAC), zstd and xxHash are linked into the binary from their
# static archives, so no start maps or binds them. The dynamic loader's own
# log (LD_DEBUG=libs) says which libraries each process initialised.
source "$(dirname "$0")/lib.sh"

HEAVY='lib(pq|ssl|cpp-httplib|blas|lapack|gfortran|gomp|gssapi_krb5|ldap[-.0-9]*)\.so'
STATIC='lib(sqlite3|crypto|zstd|xxhash)\.so'

cat > package.json <<'JSON'
{ "name": "root", "private": true, "workspaces": ["packages/*"] }
JSON
echo '{"targetDefaults":{"build":{"cache":true,"outputs":["{projectRoot}/dist"]}}}' > nx.json
for p in a b; do
  mkdir -p packages/$p/src
  cat > packages/$p/package.json <<JSON
{ "name": "$p", "scripts": { "build": "mkdir -p dist && cat src/index.ts > dist/out.txt" } }
JSON
  echo "export const $p = 1;" > packages/$p/src/index.ts
done
echo "import { b } from 'b'; export const a = b;" > packages/a/src/index.ts
printf 'dist\n.out\n.err\n' > .gitignore
git_init

# loaded ARGS...: runs strata under LD_DEBUG=libs; LIBS gets the libraries
# strata's own process initialised (the tasks it starts log elsewhere).
loaded() {
  rm -rf "$WORK/.ld" && mkdir "$WORK/.ld"
  LD_DEBUG=libs LD_DEBUG_OUTPUT="$WORK/.ld/log" st "$@"
  local own
  own="$(grep -lF "$STRATA" "$WORK"/.ld/log.* | head -1)"
  LIBS="$(grep -ho 'calling init: [^ ]*' "$own" | sed 's/calling init: //' | sort -u)"
}
expect_light() {
  if grep -Eq "$HEAVY" <<<"$LIBS"; then
    fail "$1 loads heavy libraries: $(grep -E "$HEAVY" <<<"$LIBS" | tr '\n' ' ')"
  elif grep -Eq "$STATIC" <<<"$LIBS"; then
    fail "$1 loads a library the binary links statically: $(grep -E "$STATIC" <<<"$LIBS" | tr '\n' ' ')"
  else
    pass
  fi
}

for args in "--version" "--help" "graph --json" "graph --json" "show projects" "graph" \
            "run-many -t build" "run-many -t build" "run a:build" "affected -t build --base HEAD" \
            "show projects --affected --base HEAD"; do
  # shellcheck disable=SC2086
  loaded $args
  expect_rc 0 "strata $args"
  expect_light "strata $args"
done
loaded run-many -t build
expect_rc 0 "a cached run"
expect_light "a cached run"
if grep -Eq "from cache" <<<"$OUT$ERR"; then pass; else fail "the run was not cached: $OUT $ERR"; fi

# The plugins load with the commands that need them.
loaded vec --help
expect_rc 0 "vec --help through the data plugin"
expect_out "query" "vec --help lists the plugin's subcommands"
if grep -q "libgomp\|libblas" <<<"$LIBS"; then pass; else fail "vec did not load FAISS's libraries: $LIBS"; fi
loaded db status --url sqlite:"$WORK/dev.sqlite"
expect_rc 0 "db status through the data plugin"
if grep -q "libpq" <<<"$LIBS"; then pass; else fail "db did not load libpq: $LIBS"; fi
st -C "$WORK/packages" db status --url sqlite:"$WORK/dev.sqlite" --json
expect_rc 0 "-C before a plugin's command"
st --help
expect_out "db +Database migrations" "--help lists the plugin's groups"
expect_out "vec +The vector store" "--help lists vec"

# A lone copy of the binary runs every workspace command and says what is
# missing for the others.
mkdir -p "$WORK/lone" && cp "$STRATA" "$WORK/lone/strata"
STRATA="$WORK/lone/strata" st graph --json
expect_rc 0 "graph without the plugins"
STRATA="$WORK/lone/strata" st vec --help
expect_rc 1 "vec without its plugin"
expect_err "strata: error: plugin strata-data.so not found" "the missing plugin is named"
expect_err "hint: .*STRATA_PLUGIN_PATH" "with where it may be"
STRATA_PLUGIN_PATH="$(dirname "$STRATA")" STRATA="$WORK/lone/strata" st vec --help
expect_rc 0 "STRATA_PLUGIN_PATH finds the plugin"

finish
