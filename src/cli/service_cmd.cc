// `strata split`, `strata merge` and `strata services list|status`: the
// command line over service::ServiceArchitecture. Options are parsed into a
// plain struct first; the workspace, its files and the boundary rules are
// loaded once, as `check boundaries` loads them, since the split gate runs
// that check.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "boundary/rules.h"
#include "cli/cluster_cmd.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/manifests_cmd.h"
#include "config/root_config.h"
#include "gen/install_plan.h"
#include "gen/install_progress.h"
#include "gen/installer.h"
#include "service/cpp_project.h"
#include "service/service_architecture.h"
#include "service/transaction.h"
#include "service/typescript_project.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

constexpr int k_ok = static_cast<int>(ExitCode::k_ok);
constexpr int k_failure = static_cast<int>(ExitCode::k_failure);
constexpr int k_usage = static_cast<int>(ExitCode::k_usage);

int fail(const Error& e, int code = k_failure) {
  print_error(e);
  return code;
}

struct Loaded {
  std::unique_ptr<Context> ctx;
  BoundaryRules rules = BoundaryRules::defaults();
};

std::optional<Loaded> load() {
  Loaded out;
  out.ctx = load_context();
  if (!out.ctx) return std::nullopt;
  // A split or merge killed mid-way is undone before anything else reads
  // the workspace, and the workspace is read again.
  if (int n = service::recover_interrupted(out.ctx->workspace.root); n > 0) {
    print_warning(Error("undid " + std::to_string(n) + " split or merge interrupted mid-way",
                        SourceLoc{".strata"}));
    out.ctx = load_context();
    if (!out.ctx) return std::nullopt;
  }
  out.ctx->files.assign_owners(out.ctx->workspace.projects);
  const auto& cfg = out.ctx->workspace.config.config_file;
  if (!cfg.empty()) {
    auto file = load_config_file(out.ctx->workspace.root, cfg);
    out.rules = read_boundary_rules(*file);
  }
  return out;
}

// What --port and --replicas hold when not given: no value a user can
// type, so `--port 0` or `--replicas 0` is refused rather than taken for
// "the default".
constexpr int k_unset = std::numeric_limits<int>::min();

struct SplitOptions {
  std::string context;
  std::string transport;
  int port = k_unset;
  int replicas = k_unset;
  bool check = false;
  bool dry_run = false;
  bool json = false;
  bool skip_install = false;
};

// The packages the generated services run on (FastAPI, uvicorn, PyJWT), into
// the workspace's .venv as `strata generate` installs the Python tools: once,
// and again only when the requirements change (a stamp inside the venv).
int install_service_packages(const fs::path& root, bool json) {
  std::string req = std::string(service::k_monolith_dir) + "/requirements.txt";
  auto text = read_file(root / req);
  if (!text) return k_ok;
  std::string body = text->substr(text->find('\n') + 1);
  const std::string stamp = ".venv/strata-service-requirements.txt";
  auto old = read_file(root / stamp);
  std::error_code ec;
  bool has_venv = fs::exists(root / ".venv/bin/python", ec);
  if (has_venv && old && *old == body) return k_ok;
  gen::InstallPlan plan;
  gen::InstallStep step{"Python service packages (.venv)",
                        root,
                        {},
                        stamp,
                        body,
                        "on Debian, venv needs: sudo apt-get install -y python3-venv"};
  if (!has_venv) step.commands.push_back({"python3", "-m", "venv", ".venv"});
  step.commands.push_back({".venv/bin/python", "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "-r", req});
  plan.steps.push_back(std::move(step));
  std::FILE* out = json ? stderr : stdout;
  gen::InstallProgress progress(out, stderr, ::isatty(::fileno(out)) && !std::getenv("CI"), root);
  progress.heading(plan.steps.size());
  gen::SystemStepRunner runner;
  if (auto st = gen::run_installs(plan, runner, progress); !st) return fail(st.error());
  return k_ok;
}

// The C++ toolchain the generated C++ service and monolith build with:
// like `strata generate`, Strata names the Debian packages that are missing
// (installing them needs root) and keeps the files it wrote.
int check_cpp_tools(const fs::path& root, const std::string& context) {
  std::string cmake;
  for (const auto& dir : {service::service_dir(context), std::string(service::k_cpp_monolith_dir)})
    if (auto text = read_file(root / dir / "CMakeLists.txt")) cmake += *text;
  if (cmake.empty()) return k_ok;
  auto missing = gen::missing_cpp_tools(cmake, gen::SystemToolProbe{});
  if (!missing.empty()) return fail(gen::missing_tools_error(missing));
  return k_ok;
}

// The npm packages TypeScript services on the grpc and kafka transports run on, into
// the workspace's node_modules, without touching package.json or its lock
// (merge must leave them as they were): only when the composition root
// names them and they are not there yet.
int install_typescript_service_packages(const fs::path& root, bool json) {
  auto manifest = read_file(root / service::k_ts_monolith_dir / "package.json");
  if (!manifest) return k_ok;
  std::error_code ec;
  std::vector<std::string> command = {
      "npm",        "install",   "--no-save",       "--no-package-lock",
      "--no-audit", "--no-fund", "--loglevel=error"};
  size_t bare = command.size();
  for (auto [name, spec] : {std::pair{"@grpc/grpc-js", "@grpc/grpc-js@^1.14.0"},
                            std::pair{"@grpc/proto-loader", "@grpc/proto-loader@^0.8.0"},
                            std::pair{"kafkajs", "kafkajs@^2.2.4"}})
    if (manifest->find("\"" + std::string(name) + "\"") != std::string::npos &&
        !fs::exists(root / "node_modules" / name / "package.json", ec))
      command.push_back(spec);
  if (command.size() == bare) return k_ok;
  gen::InstallPlan plan;
  gen::InstallStep step{"npm packages of the service transports", root, {}, "", "",
                        "npm must reach its registry: npm ping"};
  step.commands.push_back(command);
  plan.steps.push_back(std::move(step));
  std::FILE* out = json ? stderr : stdout;
  gen::InstallProgress progress(out, stderr, ::isatty(::fileno(out)) && !std::getenv("CI"), root);
  progress.heading(plan.steps.size());
  gen::SystemStepRunner runner;
  if (auto st = gen::run_installs(plan, runner, progress); !st) return fail(st.error());
  return k_ok;
}

nlohmann::json placement_json(const ServiceConfig& c) {
  return {{"context", c.context},
          {"mode", mode_name(c.mode)},
          {"transport", transport_name(c.transport)},
          {"port", c.port},
          {"replicas", c.replicas}};
}

nlohmann::json change_json(const service::Change& c, bool dry_run) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : c.problems)
    problems.push_back({{"check", p.check},
                        {"message", p.message},
                        {"file", p.loc.file},
                        {"line", p.loc.line},
                        {"hint", p.hint}});
  nlohmann::json breaking = nlohmann::json::array();
  for (const auto& b : c.breaking)
    breaking.push_back({{"change", b.what}, {"file", b.file}, {"line", b.line}});
  return {{"context", c.context},   {"placement", placement_json(c.placement)},
          {"written", c.written},   {"breaking", breaking},
          {"removed", c.removed},   {"problems", problems},
          {"refused", c.refused()}, {"dryRun", dry_run}};
}

void print_problems(const service::Change& c, const char* what) {
  for (const auto& p : c.problems) {
    Error e(what + std::string(" ") + c.context + " refused (" + p.check + "): " + p.message, p.loc,
            p.hint);
    print_error(e);
  }
}

void print_change(const service::Change& c, bool dry_run, const char* verb) {
  const char* would = dry_run ? "would " : "";
  for (const auto& f : c.written) std::printf("%swrite   %s\n", would, f.c_str());
  for (const auto& f : c.removed) std::printf("%sremove  %s\n", would, f.c_str());
  if (!c.changed())
    std::printf(
        "%s: nothing to change, %s already %s\n", verb, c.context.c_str(),
        c.placement.mode == ServiceMode::k_service ? "runs as a service" : "runs in the monolith");
  else
    std::printf("%s%s %s: %zu written, %zu removed\n", dry_run ? "would " : "", verb,
                c.context.c_str(), c.written.size(), c.removed.size());
}

int run_split(const SplitOptions& o) {
  service::SplitRequest r;
  r.context = o.context;
  if (!o.transport.empty()) {
    r.transport = parse_transport(o.transport);
    if (!r.transport)
      return fail(Error("unknown transport '" + o.transport + "'", SourceLoc{},
                        "--transport http|grpc|kafka"),
                  k_usage);
  }
  if (o.port != k_unset && (o.port < 1 || o.port > 65535))
    return fail(Error("--port must be between 1 and 65535"), k_usage);
  if (o.replicas != k_unset && o.replicas < 1)
    return fail(Error("--replicas must be at least 1", SourceLoc{},
                      "to run the context in the monolith again: strata merge " + o.context),
                k_usage);
  r.port = o.port == k_unset ? 0 : o.port;              // 0: derived from the name
  r.replicas = o.replicas == k_unset ? 0 : o.replicas;  // 0: kept as they are
  r.check_only = o.check;
  r.dry_run = o.dry_run;
  auto loaded = load();
  if (!loaded) return k_failure;
  service::ServiceArchitecture arch(loaded->ctx->workspace, loaded->ctx->files, loaded->rules);
  auto change = arch.split_service(r);
  if (!change) return fail(change.error());
  if (o.json) std::printf("%s\n", change_json(*change, o.dry_run).dump(2).c_str());
  if (change->refused()) {
    print_problems(*change, "split of");
    return k_failure;
  }
  for (const auto& b : change->breaking)
    print_warning(Error(
        "the contract change breaks clients of the split " + o.context + " service: " + b.what,
        SourceLoc{b.file, b.line},
        "callers built against the old contract (the monolith, other services) must be "
        "redeployed with it"));
  if (o.check) {
    if (!o.json) std::printf("split gate: %s can be split\n", o.context.c_str());
    return k_ok;
  }
  if (!o.json) print_change(*change, o.dry_run, "split");
  if (o.dry_run) return k_ok;
  if (int rc = static_cast<int>(refresh_kustomize(loaded->ctx->workspace.root, o.json)); rc != k_ok)
    return rc;
  if (int rc = check_cpp_tools(loaded->ctx->workspace.root, o.context); rc != k_ok) return rc;
  if (o.skip_install) return k_ok;
  if (int rc = install_typescript_service_packages(loaded->ctx->workspace.root, o.json); rc != k_ok)
    return rc;
  return install_service_packages(loaded->ctx->workspace.root, o.json);
}

int run_merge(const SplitOptions& o) {
  auto loaded = load();
  if (!loaded) return k_failure;
  service::ServiceArchitecture arch(loaded->ctx->workspace, loaded->ctx->files, loaded->rules);
  auto change = arch.merge_service(o.context, o.dry_run);
  if (!change) return fail(change.error());
  if (o.json)
    std::printf("%s\n", change_json(*change, o.dry_run).dump(2).c_str());
  else
    print_change(*change, o.dry_run, "merge");
  if (o.dry_run) return k_ok;
  return static_cast<int>(refresh_kustomize(loaded->ctx->workspace.root, o.json));
}

nlohmann::json status_json(const service::ServiceStatus& s) {
  nlohmann::json j = placement_json(s.config);
  j["name"] = s.name;
  j["health"] = s.health;
  j["healthPath"] = s.config.health.path;
  j["generated"] = s.generated_current ? "current" : "stale";
  return j;
}

int run_services(const std::string& which, const SplitOptions& o) {
  auto loaded = load();
  if (!loaded) return k_failure;
  service::ServiceArchitecture arch(loaded->ctx->workspace, loaded->ctx->files, loaded->rules);
  std::vector<service::ServiceStatus> list;
  if (which == "status" && !o.context.empty()) {
    auto s = arch.get_service_status(o.context);
    if (!s) return fail(s.error());
    list.push_back(*s);
  } else {
    auto all = arch.list_services(which == "status");
    if (!all) return fail(all.error());
    list = std::move(*all);
  }
  if (o.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& s : list) arr.push_back(status_json(s));
    std::printf("%s\n", arr.dump(2).c_str());
    return k_ok;
  }
  if (list.empty()) {
    std::printf("Every context runs in the monolith: strata split CONTEXT --transport http\n");
    return k_ok;
  }
  std::printf("%-24s %-16s %-9s %-6s %-8s %-8s %s\n", "NAME", "CONTEXT", "TRANSPORT", "PORT",
              "REPLICAS", "MODE", "HEALTH");
  for (const auto& s : list)
    std::printf("%-24s %-16s %-9s %-6d %-8d %-8s %s%s\n", s.name.c_str(), s.config.context.c_str(),
                std::string(transport_name(s.config.transport)).c_str(), s.config.port,
                s.config.replicas, std::string(mode_name(s.config.mode)).c_str(), s.health.c_str(),
                s.generated_current ? "" : " (generated files stale: strata split again)");
  return k_ok;
}

CommandSpec split_command() {
  return {
      "split",
      "Run a bounded context as its own service: topology.json, generated clients and server",
      "  strata split billing --transport http\n  strata split billing --check\n"
      "  strata split billing --port 8201 --replicas 2 --dry-run",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<SplitOptions>();
        sub.add_option("context", o->context, "The context to split")->required();
        sub.add_option("--transport", o->transport, "http (default), grpc or kafka");
        sub.add_option("--port", o->port, "The service's port (default: derived from the name)");
        sub.add_option("--replicas", o->replicas, "How many replicas to run (default 1)");
        sub.add_flag("--check", o->check, "Run the split gate only and change nothing");
        sub.add_flag("--dry-run", o->dry_run, "List the files that would change and change none");
        sub.add_flag("--json", o->json, "Print the change as JSON");
        sub.add_flag("--skip-install", o->skip_install,
                     "Do not install the packages the generated service runs on");
        return [o] { return run_split(*o); };
      }};
}

CommandSpec merge_command() {
  return {"merge", "Run a split context in the monolith again: the exact inverse of split",
          "  strata merge billing\n  strata merge billing --dry-run", [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<SplitOptions>();
            sub.add_option("context", o->context, "The context to merge back")->required();
            sub.add_flag("--dry-run", o->dry_run,
                         "List the files that would change and change none");
            sub.add_flag("--json", o->json, "Print the change as JSON");
            return [o] { return run_merge(*o); };
          }};
}

CommandSpec services_command() {
  return {
      "services", "The split services: name, context, transport, port, replicas, mode, health",
      "  strata services list\n  strata services status --json\n  strata services status billing\n"
      "  strata services status --env production",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<SplitOptions>();
        auto which = std::make_shared<std::string>();
        sub.require_subcommand(1);
        auto* l = sub.add_subcommand("list", "Every split service, from topology.json");
        l->add_flag("--json", o->json, "Print JSON");
        l->callback([which] { *which = "list"; });
        auto* s = sub.add_subcommand(
            "status",
            "The services with their health (GET health path), or with --env as deployed in a "
            "cluster: desired and ready replicas, image, last rollout");
        s->add_option("context", o->context, "Only this context's service");
        s->add_flag("--json", o->json, "Print JSON");
        auto cluster = std::make_shared<ClusterTarget>();
        add_cluster_options(*s, *cluster, false);
        s->callback([which] { *which = "status"; });
        return [o, which, cluster]() -> int {
          if (*which == "status" && !cluster->env.empty())
            return static_cast<int>(cluster_services_status({*cluster, o->context, o->json}));
          return run_services(*which, *o);
        };
      }};
}

}  // namespace

std::vector<CommandSpec> service_commands() {
  return {split_command(), merge_command(), services_command()};
}

}  // namespace strata::cli
