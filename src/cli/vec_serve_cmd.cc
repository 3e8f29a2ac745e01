// vec serve: the store behind the JSON HTTP API (vector/http_api.h) until
// SIGINT or SIGTERM, after which the store closes normally.

#include <fmt/format.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "cli/command_support.h"
#include "cli/vec_cmd.h"
#include "http/access.h"
#include "util/redact.h"

namespace strata::cli::vec_cli {

namespace {

using json = nlohmann::json;
using namespace strata::vec;
using enum ExitCode;

ExitCode run_serve(const VecOptions& given) {
  VecOptions o = given;
  if (o.http.token.empty())
    if (const char* env = std::getenv("STRATA_VECTOR_TOKEN"); env) o.http.token = env;
  if (o.tokens_file.empty())
    if (const char* env = std::getenv("STRATA_VECTOR_TOKENS_FILE"); env) o.tokens_file = env;
  if (o.http.audit_log.empty())
    if (const char* env = std::getenv("STRATA_VECTOR_AUDIT_LOG"); env) o.http.audit_log = env;
  if (!o.tokens_file.empty()) {
    auto grants = http::load_token_grants(o.tokens_file);
    if (!grants) return fail(grants.error());
    o.http.tokens = std::move(*grants);
  }
  if (o.http.max_connections < 1 || o.read_timeout <= 0 || o.idle_timeout <= 0 || o.max_body_mb < 1)
    return fail(Error(
        "--max-connections, --read-timeout, --idle-timeout and --max-body-mb must be positive"));
  o.http.max_body_bytes = o.max_body_mb << 20;
  o.http.read_timeout_ms = static_cast<int>(o.read_timeout * 1000);
  o.http.idle_timeout_ms = static_cast<int>(o.idle_timeout * 1000);
  o.http.write_timeout_ms = o.http.read_timeout_ms;
  auto store = open_store(o, Access::k_write);
  if (!store) return fail(store.error());
  // SIGINT/SIGTERM are taken by a waiting thread that stops the server, so
  // the store closes normally and writers save their index snapshots.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  HttpApi api(**store, o.http);
  auto port = api.bind();
  if (!port) return fail(port.error());
  std::string url = http::listen_url(o.http, *port);
  if (auto warning = http::exposure_warning(o.http); !warning.empty())
    std::fprintf(stderr, "%s\n", warning.c_str());
  if (o.json) print_json_line({{"url", url}, {"store", redact_secrets(store_location(o))}});
  std::fprintf(stderr, "Serving the vector store %s on %s%s\n",
               redact_secrets(store_location(o)).c_str(), url.c_str(),
               o.http.tokens.empty() ? (o.http.token.empty() ? "" : " (bearer token required)")
                                     : " (tokens with roles required)");
  std::fflush(stdout);
  std::thread waiter([&api, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    api.stop();
  });
  auto st = api.listen();
  pthread_kill(waiter.native_handle(),
               SIGTERM);  // wakes the waiter if the server stopped by itself
  waiter.join();
  std::fprintf(stderr, "Stopped\n");
  return st ? k_ok : fail(st.error());
}

}  // namespace

std::vector<CommandSpec> serve_rows(const Options& o) {
  return {
      store_row(
          "serve", "Serve the store as a JSON HTTP API", o, run_serve,
          [](CLI::App& s, VecOptions& v) {
            s.add_option("--host", v.http.host, "Address to listen on (default 127.0.0.1)");
            s.add_option("--port", v.http.port, "Port (default 8765; 0 picks a free one)");
            s.add_option("--token", v.http.token,
                         "Require 'Authorization: Bearer TOKEN' (also STRATA_VECTOR_TOKEN)");
            s.add_option("--tokens", v.tokens_file,
                         "File of NAME ROLE TOKEN lines: roles reader, writer, admin (also "
                         "STRATA_VECTOR_TOKENS_FILE)");
            s.add_option("--audit-log", v.http.audit_log,
                         "Append one JSON line per request to FILE (also STRATA_VECTOR_AUDIT_LOG)");
            s.add_option("--max-body-mb", v.max_body_mb,
                         "Largest request body accepted (default 64 MiB)");
            s.add_option("--max-connections", v.http.max_connections,
                         "Open connections served at once; more get 503 (default 512)");
            s.add_option("--read-timeout", v.read_timeout,
                         "Seconds a request may take to arrive whole, and a response to be taken "
                         "(default 5)");
            s.add_option(
                "--idle-timeout", v.idle_timeout,
                "Seconds a kept-alive connection may wait for its next request (default 5)");
            s.add_option("--tls-cert", v.http.tls_cert,
                         "Serve HTTPS with this PEM certificate (chain)");
            s.add_option("--tls-key", v.http.tls_key, "The certificate's PEM private key");
            s.add_option("--threads", v.threads, "Ignored (each connection has its own thread)")
                ->group("");
            add_json_flag(s, v.json, "Print {\"url\"} on stdout once listening");
          }),
  };
}

}  // namespace strata::cli::vec_cli
