// `strata model register | list | show | compare | promote | rollback |
// history`: the registry (src/registry) and the gates (src/ml/gates.h).
// The registry's database is --registry, else STRATA_REGISTRY_URL, else
// .strata/registry.sqlite; its artefacts go to STRATA_REGISTRY_ARTIFACTS,
// else .strata/registry/artifacts.

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/command.h"
#include "cli/context.h"
#include "cli/registry_port.h"
#include "cli/serve_cmd.h"
#include "cli/training_port.h"
#include "config/loader.h"
#include "db/schema_history.h"
#include "http/server.h"
#include "ml/pipeline.h"
#include "ml/registry_api.h"
#include "registry/model_registry.h"
#include "registry/webhooks.h"
#include "util/diagnostics.h"
#include "vcs/subprocess.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);

int fail(const Error& e, int code = k_failure) {
  print_error(e);
  return code;
}

struct ModelOptions {
  std::string registry_url;
  std::string model;
  std::string version;
  std::string other;  // compare: the second version
  std::string alias;
  std::string reason;
  std::string at;
  bool force = false;
  bool json = false;
  std::string url;          // webhook add
  std::string tokens_file;  // api: NAME ROLE TOKEN lines
  http::ServerOptions http;
};

std::string env_or(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

Result<OpenRegistry> open_registry(const ModelOptions& o) {
  return cli::open_registry(o.registry_url);
}

std::string git_commit(const fs::path& root) {
  auto out = run_capture({"git", "rev-parse", "HEAD"}, {}, root.string());
  if (!out || out->exit_code != 0) return "";
  std::string s = out->out;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

void print_version(const registry::ModelVersion& v) {
  std::printf("%s %s (%s)\n  id:        %s\n  created:   %s\n  metrics:   %s\n", v.name.c_str(),
              v.version.c_str(), v.framework.c_str(), v.id.c_str(), v.created_at.c_str(),
              v.metrics.dump().c_str());
  std::printf("  artefacts: %s\n             %s\n", v.artifacts_digest.c_str(),
              v.artifacts_path.c_str());
  std::printf(
      "  lineage:   commit %s, training key %s\n             data %s\n             params %s\n",
      v.git_commit.empty() ? "-" : v.git_commit.substr(0, 12).c_str(),
      v.training_key.substr(0, 12).c_str(), v.data_hashes.dump().c_str(), v.params.dump().c_str());
}

void print_event(const registry::AliasEvent& e) {
  std::printf("%s  #%lld  %-10s %-8s %s -> %s  by %s%s%s\n", e.at.c_str(),
              static_cast<long long>(e.seq), e.alias.c_str(), e.action.c_str(),
              e.previous_version.value_or("-").c_str(), e.version.value_or("-").c_str(),
              e.actor.c_str(), e.reason.empty() ? "" : ": ", e.reason.c_str());
}

// Delivers an alias move to the webhooks; a failed delivery is a warning
// (the move stands, the delivery is recorded as failed).
void notify(registry::ModelRegistry& r, const registry::AliasEvent& e) {
  registry::HttpWebhookTransport transport;
  for (const auto& d : registry::deliver_event(r, transport, e))
    if (!d.delivered)
      print_warning(Error("webhook " + d.url + " not delivered after " +
                          std::to_string(d.attempts) + " attempts: " + d.last_error));
}

int run_register(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto ctx = load_context();
  if (!ctx) return k_failure;
  TaskTrainingPort port(*ctx, false, true);
  ml::MLPipeline pipeline(model_projects(ctx->workspace), port, reg->registry.get());
  auto v = pipeline.register_model(o.model, git_commit(reg->root));
  if (!v) return fail(v.error());
  if (o.json)
    std::printf("%s\n", v->to_json().dump(2).c_str());
  else
    std::printf("Registered %s version %s (%s)\n", v->name.c_str(), v->version.c_str(),
                v->artifacts_digest.c_str());
  return k_ok;
}

int run_list(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto all = reg->registry->list(o.model);
  if (!all) return fail(all.error());
  if (o.json) {
    json out = json::array();
    for (const auto& v : *all) out.push_back(v.to_json());
    std::printf("%s\n", out.dump(2).c_str());
    return k_ok;
  }
  for (const auto& v : *all)
    std::printf("%-24s %-6s %-8s %s  %s\n", v.name.c_str(), v.version.c_str(), v.framework.c_str(),
                v.created_at.c_str(), v.metrics.dump().c_str());
  return k_ok;
}

// VERSION, "@alias", or "" for the latest.
Result<registry::ModelVersion> resolve(registry::ModelRegistry& r, const std::string& model,
                                       const std::string& version) {
  if (version.empty()) return r.latest(model);
  if (!version.starts_with("@")) return r.get(model, version);
  auto holder = r.holder(model, version.substr(1));
  if (!holder) return holder.error();
  if (!*holder)
    return Error("alias " + version.substr(1) + " of " + model + " points at no version")
        .of(ErrorKind::k_not_found);
  return r.get(model, **holder);
}

int run_show(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto v = resolve(*reg->registry, o.model, o.version);
  if (!v) return fail(v.error());
  auto intact = reg->registry->verify(*v);
  auto aliases = reg->registry->aliases(o.model);
  if (!aliases) return fail(aliases.error());
  if (o.json) {
    json doc = v->to_json();
    doc["artifacts_intact"] = static_cast<bool>(intact);
    json held = json::array();
    for (const auto& [alias, version] : *aliases)
      if (version == v->version) held.push_back(alias);
    doc["aliases"] = held;
    std::printf("%s\n", doc.dump(2).c_str());
  } else {
    print_version(*v);
    for (const auto& [alias, version] : *aliases)
      if (version == v->version) std::printf("  alias:     %s\n", alias.c_str());
  }
  if (!intact) return fail(intact.error());
  return k_ok;
}

int run_compare(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto a = resolve(*reg->registry, o.model, o.version);
  if (!a) return fail(a.error());
  auto b = resolve(*reg->registry, o.model, o.other);
  if (!b) return fail(b.error());
  json metrics = json::object();
  for (const auto& [k, va] : a->metrics.items()) {
    json row = {{"a", va}, {"b", b->metrics.value(k, json())}};
    if (va.is_number() && row["b"].is_number())
      row["delta"] = row["b"].get<double>() - va.get<double>();
    metrics[k] = row;
  }
  json params = json::object();
  for (const auto& [k, va] : a->params.items())
    if (b->params.value(k, json()) != va)
      params[k] = {{"a", va}, {"b", b->params.value(k, json())}};
  json doc = {{"a", a->version},
              {"b", b->version},
              {"metrics", metrics},
              {"params_changed", params},
              {"same_data", a->data_hashes == b->data_hashes},
              {"same_artifacts", a->artifacts_digest == b->artifacts_digest}};
  if (o.json) {
    std::printf("%s\n", doc.dump(2).c_str());
    return k_ok;
  }
  std::printf("%s: version %s vs %s\n", o.model.c_str(), a->version.c_str(), b->version.c_str());
  for (const auto& [k, row] : metrics.items())
    std::printf("  %-16s %s -> %s%s\n", k.c_str(), row["a"].dump().c_str(), row["b"].dump().c_str(),
                row.contains("delta") ? ("  (" + row["delta"].dump() + ")").c_str() : "");
  for (const auto& [k, row] : params.items())
    std::printf("  param %-10s %s -> %s\n", k.c_str(), row["a"].dump().c_str(),
                row["b"].dump().c_str());
  std::printf("  data: %s; artefacts: %s\n", doc["same_data"].get<bool>() ? "same" : "different",
              doc["same_artifacts"].get<bool>() ? "same" : "different");
  return k_ok;
}

int run_promote(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto ctx = load_context();
  if (!ctx) return k_failure;
  TaskTrainingPort port(*ctx, false, true);
  ml::MLPipeline pipeline(model_projects(ctx->workspace), port, reg->registry.get());
  auto e =
      pipeline.promote_model({o.model, o.version, o.alias, db::current_actor(), o.reason, o.force});
  if (!e) return fail(e.error());
  notify(*reg->registry, *e);
  if (o.json)
    std::printf("%s\n", e->to_json().dump(2).c_str());
  else
    std::printf("%s: %s now points at version %s (was %s)\n", o.model.c_str(), o.alias.c_str(),
                e->version.value_or("-").c_str(), e->previous_version.value_or("none").c_str());
  return k_ok;
}

int run_rollback(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto e = reg->registry->rollback(o.model, o.alias, db::current_actor(), o.reason);
  if (!e) return fail(e.error());
  notify(*reg->registry, *e);
  if (o.json)
    std::printf("%s\n", e->to_json().dump(2).c_str());
  else
    std::printf("%s: %s rolled back to version %s (was %s)\n", o.model.c_str(), o.alias.c_str(),
                e->version.value_or("-").c_str(), e->previous_version.value_or("-").c_str());
  return k_ok;
}

int run_history(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  if (!o.at.empty()) {
    if (o.alias.empty())
      return fail(Error("--at needs --alias", {},
                        "strata model history M --alias production --at 2026-01-01T12:00:00Z"),
                  2);
    auto v = reg->registry->holder_at(o.model, o.alias, o.at);
    if (!v) return fail(v.error());
    if (o.json)
      std::printf("%s\n", json{{"name", o.model},
                               {"alias", o.alias},
                               {"at", o.at},
                               {"version", v->has_value() ? json(**v) : json(nullptr)}}
                              .dump(2)
                              .c_str());
    else
      std::printf("%s\n", v->value_or("-").c_str());
    return k_ok;
  }
  auto events = reg->registry->history(o.model, o.alias);
  if (!events) return fail(events.error());
  if (o.json) {
    json out = json::array();
    for (const auto& e : *events) out.push_back(e.to_json());
    std::printf("%s\n", out.dump(2).c_str());
  } else {
    for (const auto& e : *events) print_event(e);
  }
  return k_ok;
}

int run_webhook(const ModelOptions& o) {
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  if (!o.url.empty())
    if (auto st = reg->registry->add_webhook(o.url); !st) return fail(st.error());
  auto urls = reg->registry->webhooks();
  if (!urls) return fail(urls.error());
  if (o.json)
    std::printf("%s\n", json(*urls).dump(2).c_str());
  else
    for (const auto& u : *urls) std::printf("%s\n", u.c_str());
  return k_ok;
}

// Serves the registry's HTTP API until SIGINT/SIGTERM (taken by a waiting
// thread, so the database closes normally).
// Who may use the API: the tokens file (--tokens or
// STRATA_REGISTRY_TOKENS_FILE), else the deprecated ROLE:TOKEN pairs of
// STRATA_REGISTRY_TOKENS; and where the audit log goes.
Status api_access(ModelOptions& o) {
  if (o.tokens_file.empty()) o.tokens_file = env_or("STRATA_REGISTRY_TOKENS_FILE", "");
  if (o.http.audit_log.empty()) o.http.audit_log = env_or("STRATA_REGISTRY_AUDIT_LOG", "");
  if (!o.tokens_file.empty()) {
    auto grants = http::load_token_grants(o.tokens_file);
    if (!grants) return grants.error();
    o.http.tokens = std::move(*grants);
    return ok_status();
  }
  std::string legacy = env_or("STRATA_REGISTRY_TOKENS", "");
  if (legacy.empty()) return ok_status();
  auto grants = ml::legacy_token_grants(legacy);
  if (!grants) return grants.error();
  print_warning(Error("STRATA_REGISTRY_TOKENS is deprecated; its tokens are named reader-1, ...",
                      {},
                      "put NAME ROLE TOKEN lines in a file (chmod 600) and pass --tokens FILE"));
  o.http.tokens = std::move(*grants);
  return ok_status();
}

int run_api(ModelOptions o) {
  if (auto st = api_access(o); !st) return fail(st.error());
  if (o.http.tokens.empty())
    return fail(Error("the registry API needs tokens", {},
                      "--tokens FILE with lines NAME ROLE TOKEN (roles reader, writer, admin)"),
                2);
  auto reg = open_registry(o);
  if (!reg) return fail(reg.error());
  auto ctx = load_context();
  if (!ctx) return k_failure;
  TaskTrainingPort port(*ctx, false, true);
  ml::MLPipeline pipeline(model_projects(ctx->workspace), port, reg->registry.get());
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  registry::HttpWebhookTransport transport;
  ml::RegistryApi api(pipeline, *reg->registry, transport, o.http);
  auto bound = api.bind();
  if (!bound) return fail(bound.error());
  std::string url = http::listen_url(o.http, *bound);
  if (o.json) std::printf("%s\n", json{{"url", url}}.dump().c_str());
  std::fprintf(stderr, "Serving the model registry on %s\n", url.c_str());
  std::fflush(stdout);
  std::thread waiter([&api, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    api.stop();
  });
  auto st = api.listen();
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  return st ? k_ok : fail(st.error());
}

void add_common(CLI::App* c, ModelOptions& o) {
  c->add_option(
      "--registry", o.registry_url,
      "Registry database URL (default: STRATA_REGISTRY_URL, else .strata/registry.sqlite)");
  c->add_flag("--json", o.json, "Print JSON");
}

CommandSpec model_command() {
  return {
      "model",
      "The model registry: register versions, list, show, compare, promote through gates, roll "
      "back, history",
      "  strata model register iris\n"
      "  strata model list iris\n"
      "  strata model show iris @production\n"
      "  strata model compare iris 1 2\n"
      "  strata model promote iris 2 --to production\n"
      "  strata model rollback iris --alias production\n"
      "  strata model history iris --alias production --at 2026-12-01T12:00:00Z\n"
      "  strata model serve iris@production --poll 2\n"
      "  strata model webhook --add http://127.0.0.1:9000/hooks\n"
      "  strata model api --tokens tokens.txt --audit-log audit.log --port 8780",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<ModelOptions>();
        auto chosen = std::make_shared<std::string>();
        sub.require_subcommand(1);
        auto add = [&](const char* name, const char* help) {
          auto* c = sub.add_subcommand(name, help);
          add_common(c, *o);
          c->callback([chosen, name] { *chosen = name; });
          return c;
        };
        auto* reg = add("register", "Evaluate, export and register the model as its next version");
        reg->add_option("model", o->model, "The model")->required();
        auto* list = add("list", "Registered versions, of one model or all");
        list->add_option("model", o->model, "The model");
        auto* show = add("show", "One version: metrics, artefacts (re-verified), lineage, aliases");
        show->add_option("model", o->model, "The model")->required();
        show->add_option("version", o->version, "VERSION or @ALIAS (default: the latest)");
        auto* cmp = add("compare", "Two versions side by side: metrics, params, data, artefacts");
        cmp->add_option("model", o->model, "The model")->required();
        cmp->add_option("a", o->version, "VERSION or @ALIAS")->required();
        cmp->add_option("b", o->other, "VERSION or @ALIAS")->required();
        auto* pro = add("promote", "Point an alias at a version if the model's gates allow");
        pro->add_option("model", o->model, "The model")->required();
        pro->add_option("version", o->version, "The version (default: the latest)");
        pro->add_option("--to", o->alias, "The alias (environment): staging, production, ...")
            ->required();
        pro->add_option("--reason", o->reason, "Recorded with the event");
        pro->add_flag("--force", o->force, "Skip the gates (recorded in the event)");
        auto* rb = add("rollback", "Point an alias back at its holder before its last move");
        rb->add_option("model", o->model, "The model")->required();
        rb->add_option("--alias", o->alias, "The alias")->required();
        rb->add_option("--reason", o->reason, "Recorded with the event");
        auto* hist = add("history", "Every alias move, or which version held an alias at a time");
        hist->add_option("model", o->model, "The model")->required();
        hist->add_option("--alias", o->alias, "Only this alias");
        hist->add_option("--at", o->at,
                         "With --alias: the version it pointed at then (ISO 8601 UTC)");
        auto* hook =
            add("webhook", "Add a webhook (URL) that receives every alias move, or list them");
        hook->add_option("--add", o->url, "The URL to POST alias.moved events to");
        auto* api =
            add("api", "Serve the registry as an HTTP API (named tokens with roles, audit log)");
        api->add_option("--host", o->http.host, "Address to listen on (default 127.0.0.1)");
        api->add_option("--port", o->http.port, "Port (0 picks a free one)");
        api->add_option("--tokens", o->tokens_file,
                        "File of NAME ROLE TOKEN lines: roles reader, writer, admin (also "
                        "STRATA_REGISTRY_TOKENS_FILE)");
        api->add_option(
            "--audit-log", o->http.audit_log,
            "Append one JSON line per request to FILE (also STRATA_REGISTRY_AUDIT_LOG)");
        // `model serve` is `strata serve` over the registry: one code path.
        auto served = std::make_shared<ServeOptions>();
        served->registry = true;
        auto* srv =
            sub.add_subcommand("serve", "Serve MODEL[@ALIAS] from the registry (as strata serve)");
        srv->add_option("models", served->models, "MODEL, MODEL@ALIAS or MODEL:VERSION")
            ->required();
        add_serve_options(*srv, *served);
        srv->callback([chosen] { *chosen = "serve"; });
        return [o, chosen, served] {
          const std::string& c = *chosen;
          if (c == "serve") return run_serve(*served);
          if (c == "webhook") return run_webhook(*o);
          if (c == "api") return run_api(*o);
          if (c == "register") return run_register(*o);
          if (c == "list") return run_list(*o);
          if (c == "show") return run_show(*o);
          if (c == "compare") return run_compare(*o);
          if (c == "promote") return run_promote(*o);
          if (c == "rollback") return run_rollback(*o);
          return run_history(*o);
        };
      }};
}

}  // namespace

std::vector<CommandSpec> model_commands() { return {model_command()}; }

}  // namespace strata::cli
