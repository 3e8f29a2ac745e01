// serve: `strata serve MODEL[@alias|:version]...` puts exported models
// behind the KServe v2 inference protocol (src/serve). Models come through
// the ModelSource port: from the workspace's model registry when it has
// one (src/deploy), else (or with --repository) from a model repository
// directory. A waiting
// thread takes the signals: SIGINT/SIGTERM stop the server, SIGHUP
// reloads every model (an alias that moved is swapped in), and with
// --poll the same reload runs every few seconds.

#include "cli/serve_cmd.h"

#include <fmt/format.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "cli/command.h"
#include "cli/registry_port.h"
#include "config/loader.h"
#include "deploy/registry_source.h"
#include "monitor/sample_recorder.h"
#include "serve/inference_api.h"
#include "serve/model_source.h"
#include "serve/served_models.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);
constexpr int k_usage = static_cast<int>(ExitCode::k_usage);

int fail(const Error& e, int code = k_failure) {
  print_error(e);
  return code;
}

void log_reload(const Result<serve::ReloadOutcome>& r, const std::string& name) {
  if (!r) {
    print_error(
        Error(fmt::format("reloading model '{}' failed; still serving the loaded version: {}", name,
                          r.error().message),
              r.error().loc));
    return;
  }
  if (r->from != r->to)
    std::fprintf(stderr, "Model %s: version %s -> %s\n", name.c_str(), r->from.c_str(),
                 r->to.c_str());
}

// Waits for signals until asked to stop; reloads on SIGHUP and every `poll` seconds.
void signal_loop(serve::InferenceApi& api, serve::ServedModels& models, sigset_t signals,
                 double poll) {
  while (true) {
    int sig = 0;
    if (poll > 0) {
      timespec wait{static_cast<time_t>(poll),
                    static_cast<long>((poll - static_cast<time_t>(poll)) * 1e9)};
      sig = sigtimedwait(&signals, nullptr, &wait);
      if (sig < 0) sig = SIGHUP;  // the poll interval passed
    } else if (sigwait(&signals, &sig) != 0) {
      continue;
    }
    if (sig != SIGHUP) break;
    for (const auto& name : models.names()) log_reload(models.reload(name), name);
  }
  api.stop();
}

serve::ModelConfig default_config(const ServeOptions& o) {
  serve::ModelConfig c;
  c.batching.max_batch_size = o.max_batch_size;
  c.batching.preferred_batch_sizes = o.preferred_batch_sizes;
  c.batching.max_queue_delay = std::chrono::microseconds(o.max_queue_delay_us);
  c.batching.instances = o.instances;
  c.backend.python = o.python;
  c.backend.threads = o.threads;
  return c;
}

// The registry when one is configured, the workspace holds one or the
// command is `model serve`, unless --repository names a directory; then
// the directory (default `models`).
struct Source {
  std::optional<OpenRegistry> registry;  // owns the database the adapter reads
  std::unique_ptr<serve::ModelSource> port;
};

Result<Source> model_source(const ServeOptions& o) {
  Source s;
  if (o.repository.empty() && (o.registry || registry_configured(o.registry_url))) {
    auto reg = open_registry(o.registry_url);
    if (!reg) return reg.error();
    s.registry = std::move(*reg);
    s.port = std::make_unique<deploy::RegistrySource>(*s.registry->registry);
    std::fprintf(stderr, "Models from the registry\n");
  } else {
    s.port =
        std::make_unique<serve::RepositorySource>(o.repository.empty() ? "models" : o.repository);
  }
  return s;
}

// Inference batches go to the workspace's .strata/metrics.db off the
// request path (buffered, written every --metrics-flush seconds and at
// shutdown); nowhere outside a workspace or with STRATA_METRICS=0.
std::unique_ptr<monitor::SampleRecorder> batch_recorder(const ServeOptions& o) {
  const char* off = std::getenv("STRATA_METRICS");
  if ((off && std::string_view(off) == "0") || o.metrics_flush <= 0) return nullptr;
  std::error_code ec;
  std::filesystem::path start = global_options().cwd.empty()
                                    ? std::filesystem::current_path(ec)
                                    : std::filesystem::path(global_options().cwd);
  auto root = find_workspace_root(std::filesystem::absolute(start, ec));
  if (!root) return nullptr;
  return std::make_unique<monitor::SampleRecorder>(
      monitor::metrics_path(*root),
      std::chrono::milliseconds(static_cast<int64_t>(o.metrics_flush * 1000)));
}

serve::BatchLog batch_log(monitor::SampleRecorder* recorder, int64_t started_ms) {
  if (!recorder) return {};
  std::string run_id = std::to_string(started_ms) + "-" + std::to_string(::getpid());
  return [recorder, run_id](const std::string& model, const std::string& version,
                            const serve::BatchRecord& b) {
    monitor::Sample s;
    s.kind = monitor::RecordKind::k_inference;
    s.subject = model + ":" + version;
    s.project = model;
    s.target = version;
    s.started_ms = b.started_ms;
    s.duration_ms = b.duration_us / 1000;
    s.duration_us = b.duration_us;
    s.batch_size = b.rows;
    s.outcome = b.ok ? "success" : "failure";
    s.run_id = run_id;
    recorder->record(std::move(s));
  };
}

}  // namespace

int run_serve(ServeOptions o) {
  if (!o.token_env.empty()) {
    const char* token = std::getenv(o.token_env.c_str());
    if (!token || !*token)
      return fail(Error(fmt::format("--token-env names {}, which is not set", o.token_env), {},
                        fmt::format("export {}=... before starting the server", o.token_env)),
                  k_usage);
    o.http.token = token;
  }
  if (o.instances < 1 || o.instances > 64 || o.threads < 1 || o.max_body_mb < 1 || o.poll < 0)
    return fail(Error("--instances (1-64), --threads and --max-body-mb must be positive, --poll "
                      "not negative"),
                k_usage);
  o.http.max_body_bytes = o.max_body_mb << 20;
  std::vector<serve::ModelSpec> specs;
  for (const auto& text : o.models) {
    auto spec = serve::parse_model_spec(text);
    if (!spec) return fail(spec.error(), k_usage);
    specs.push_back(*spec);
  }
  // Blocked before any thread starts (the metrics writer, instances,
  // workers), so every thread inherits the mask and only the waiter takes
  // these signals; a stop asked for while models load is taken once
  // serving starts.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Declared before the models, so it outlives their batchers and writes
  // their last batches when it stops.
  auto recorder = batch_recorder(o);
  auto defaults = default_config(o);
  defaults.on_batch =
      batch_log(recorder.get(), std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
  std::map<std::string, serve::ModelConfig> per_model;
  if (!o.model_config.empty()) {
    auto read = serve::read_model_configs(o.model_config, defaults);
    if (!read) return fail(read.error());
    per_model = std::move(*read);
  }
  auto source = model_source(o);
  if (!source) return fail(source.error());
  serve::ServedModels models(*source->port, defaults, per_model);
  for (const auto& spec : specs) {
    if (auto st = models.add(spec); !st) return fail(st.error());
    auto m = models.find(spec.name);
    std::fprintf(stderr, "Loaded %s version %s (%s)\n", spec.str().c_str(), m->version().c_str(),
                 serve::backend_name(m->manifest().backend));
  }
  serve::InferenceApi api(models, o.http);
  auto port = api.bind();
  if (!port) return fail(port.error());
  std::string url = http::listen_url(o.http, *port);
  if (auto warning = http::exposure_warning(o.http); !warning.empty())
    std::fprintf(stderr, "%s\n", warning.c_str());
  if (o.json) std::printf("%s\n", nlohmann::json{{"url", url}, {"port", *port}}.dump().c_str());
  std::fprintf(stderr, "Serving %zu model(s) on %s (KServe v2)%s\n", specs.size(), url.c_str(),
               o.http.token.empty() ? "" : ", bearer token required");
  std::fflush(stdout);
  std::thread waiter([&] { signal_loop(api, models, signals, o.poll); });
  auto st = api.listen();
  pthread_kill(waiter.native_handle(),
               SIGTERM);  // wakes the waiter if the server stopped by itself
  waiter.join();
  std::fprintf(stderr, "Stopped\n");
  return st ? k_ok : fail(st.error());
}

void add_serve_options(CLI::App& sub, ServeOptions& o) {
  o.http.port = 8000;
  sub.add_option(
      "--repository", o.repository,
      "Serve from this model repository, DIR/NAME/VERSION/strata-model.json, not the registry");
  sub.add_option(
      "--registry", o.registry_url,
      "Registry database URL (default: STRATA_REGISTRY_URL, else .strata/registry.sqlite)");
  sub.add_option("--host", o.http.host, "Address to listen on (default 127.0.0.1)");
  sub.add_option("--metrics-flush", o.metrics_flush,
                 "Seconds between writes of inference batches to .strata/metrics.db (default 5; "
                 "0: not recorded)");
  sub.add_option("--port", o.http.port, "Port (default 8000; 0 picks a free one)");
  sub.add_option("--token-env", o.token_env,
                 "Require 'Authorization: Bearer' with the token in this variable");
  sub.add_option("--instances", o.instances, "Copies of each model run in parallel (default 1)");
  sub.add_option("--threads", o.threads,
                 "Intra-op threads per instance, LibTorch and XGBoost (default 1)");
  sub.add_option("--max-batch-size", o.max_batch_size,
                 "Rows per dynamic batch; 0 (default) batches nothing");
  sub.add_option("--preferred-batch-size", o.preferred_batch_sizes,
                 "A batch size to form when it can (repeatable)");
  sub.add_option("--max-queue-delay-us", o.max_queue_delay_us,
                 "How long a request may wait for its batch to fill");
  sub.add_option("--model-config", o.model_config,
                 "JSON file of per-model settings (docs/commands/serve.md)");
  sub.add_option("--python", o.python, "Interpreter for python-backend workers (default python3)");
  sub.add_option("--poll", o.poll,
                 "Re-resolve aliases every N seconds (default 0: on SIGHUP or /load only)");
  sub.add_option("--max-body-mb", o.max_body_mb, "Largest request body accepted (default 64 MiB)");
  sub.add_option("--max-connections", o.http.max_connections,
                 "Open connections served at once (default 512)");
  sub.add_option("--tls-cert", o.http.tls_cert, "Serve HTTPS with this PEM certificate (chain)");
  sub.add_option("--tls-key", o.http.tls_key, "The certificate's PEM private key");
  sub.add_flag("--json", o.json, "Print {\"url\", \"port\"} on stdout once listening");
}

namespace {

CommandSpec serve_command() {
  return {
      "serve", "Serve exported models over the KServe v2 inference protocol (HTTP)",
      "  strata serve iris@production --port 8000 --poll 2   # from the workspace's registry\n"
      "  strata serve iris@production churn:3 --repository models --poll 5\n"
      "  strata serve iris --max-batch-size 64 --preferred-batch-size 32 --max-queue-delay-us 500\n"
      "  STRATA_SERVE_TOKEN=secret strata serve iris --host 0.0.0.0 --token-env "
      "STRATA_SERVE_TOKEN\n"
      "  kill -HUP $PID   # reload: swap in the version an alias points at now",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<ServeOptions>();
        sub.add_option("models", o->models, "MODEL, MODEL@ALIAS or MODEL:VERSION")->required();
        add_serve_options(sub, *o);
        return [o] { return run_serve(*o); };
      }};
}

}  // namespace

std::vector<CommandSpec> serve_commands() { return {serve_command()}; }

}  // namespace strata::cli
