// check boundaries: every import judged against the workspace's boundary
// rules. Unlike other commands it loads the workspace without building the
// project graph first: it resolves every import itself, keeping its file
// and line, and builds the project and context graphs (cycles included,
// which it reports as violations) from those facts.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "boundary/baseline.h"
#include "boundary/check.h"
#include "boundary/rules.h"
#include "cli/command.h"
#include "cli/command_support.h"
#include "cli/manifests_cmd.h"
#include "config/loader.h"
#include "config/root_config.h"
#include "util/diagnostics.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

using enum ExitCode;

struct CheckOptions {
  std::string project;
  std::string baseline;
  std::string update_baseline;
  bool json = false;
};

struct Loaded {
  Workspace workspace;
  FileIndex files;
  BoundaryRules rules;
};

// The workspace, its files and the rules, every problem printed.
std::unique_ptr<Loaded> load() {
  auto root = find_workspace_root(start_dir());
  if (!root) return print_error(root.error()), nullptr;
  auto files = FileIndex::scan(*root);
  if (!files) return print_error(files.error()), nullptr;
  Diagnostics diags;
  // Boundaries need no targets, so Nx is not asked for the ones its
  // plugins infer, and nx.json "plugins" is no reason to warn here.
  const InferredTargets no_plugin_targets;
  auto ws = load_workspace(*root, *files, diags, &no_plugin_targets);
  if (!ws) {
    diags.print();
    if (!diags.has_errors()) print_error(ws.error());
    return nullptr;
  }
  auto out = std::make_unique<Loaded>(
      Loaded{std::move(*ws), std::move(*files), BoundaryRules::defaults()});
  out->files.assign_owners(out->workspace.projects);
  if (!out->workspace.config.config_file.empty()) {
    auto file = load_config_file(*root, out->workspace.config.config_file);
    out->rules = read_boundary_rules(*file);
    append_diagnostics(file->diags(), diags);
  }
  diags.print();
  return diags.has_errors() ? nullptr : std::move(out);
}

std::string location(const Violation& v) {
  return v.line ? v.file + ":" + std::to_string(v.line) : v.file;
}

void print_text(const std::vector<Violation>& found) {
  for (const auto& v : found) {
    if (v.frozen) continue;
    std::printf("%s: %s → %s: %s\n  hint: %s\n", location(v).c_str(), v.importer.c_str(),
                v.imported.c_str(), v.message.c_str(), v.hint.c_str());
  }
}

nlohmann::json violation_json(const Violation& v) {
  nlohmann::json j = {{"rule", boundary_rule_name(v.rule)},
                      {"file", v.file},
                      {"line", v.line},
                      {"importer", v.importer},
                      {"imported", v.imported},
                      {"import", v.spec},
                      {"message", v.message},
                      {"hint", v.hint},
                      {"frozen", v.frozen}};
  if (!v.cycle.empty()) {
    nlohmann::json edges = nlohmann::json::array();
    for (const auto& e : v.cycle)
      edges.push_back({{"from", e.from}, {"to", e.to}, {"file", e.file}, {"line", e.line}});
    j["cycle"] = std::move(edges);
  }
  return j;
}

void print_json(const BoundaryReport& r, size_t fresh, size_t stale) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& v : r.violations) list.push_back(violation_json(v));
  nlohmann::json j = {
      {"violations", std::move(list)}, {"new", fresh},     {"frozen", r.violations.size() - fresh},
      {"staleBaselineEntries", stale}, {"files", r.files}, {"imports", r.imports}};
  std::printf("%s\n", j.dump(2).c_str());
}

void print_summary(const BoundaryReport& r, size_t fresh, size_t stale) {
  size_t frozen = r.violations.size() - fresh;
  std::string s = "boundaries: " +
                  (fresh ? std::to_string(fresh) + " violation" + (fresh == 1 ? "" : "s")
                         : std::string("no violations")) +
                  " in " + std::to_string(r.files) + " files (" + std::to_string(r.imports) +
                  " imports across projects)";
  if (frozen) s += "; " + std::to_string(frozen) + " frozen by the baseline";
  if (stale) s += "; " + std::to_string(stale) + " baseline entries are fixed and can be dropped";
  std::fprintf(stderr, "%s\n", s.c_str());
}

ExitCode run_check_boundaries(const CheckOptions& o) {
  auto loaded = load();
  if (!loaded) return k_failure;
  Diagnostics diags;
  auto report =
      check_boundaries(loaded->workspace, loaded->files, loaded->rules, {o.project}, diags);
  diags.print();
  if (!report) return fail(report.error());
  if (diags.has_errors()) return k_failure;
  if (!o.update_baseline.empty()) {
    Baseline b = Baseline::of(report->violations);
    if (auto st = b.save(from_start(o.update_baseline)); !st) return fail(st.error());
    std::fprintf(stderr, "boundaries: froze %zu violations in %s\n", b.size(),
                 o.update_baseline.c_str());
    return k_ok;
  }
  size_t fresh = report->violations.size(), stale = 0;
  if (!o.baseline.empty()) {
    auto b = Baseline::load(from_start(o.baseline));
    if (!b) return fail(b.error());
    fresh = b->apply(report->violations);
    stale = b->stale(report->violations);
  }
  if (o.json)
    print_json(*report, fresh, stale);
  else
    print_text(report->violations);
  print_summary(*report, fresh, stale);
  return fresh ? k_failure : k_ok;
}

CommandSpec check_command() {
  return {
      "check",
      "Check the workspace's architecture rules (boundaries between layers and contexts) and "
      "its Kubernetes manifests",
      "  strata check boundaries\n  strata check boundaries --json\n"
      "  strata check boundaries --project billing-domain\n"
      "  strata check boundaries --update-baseline boundaries-baseline.json\n"
      "  strata check boundaries --baseline boundaries-baseline.json\n"
      "  strata check manifests\n  strata check manifests deploy/ k8s/app.yaml",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<CheckOptions>();
        sub.require_subcommand(1);
        CLI::App* b = sub.add_subcommand(
            "boundaries",
            "Layer rules, context independence, Nx depConstraints and cycles, from the imports");
        b->add_option("--project", o->project,
                      "Only this project's own imports (for a cached lint target)");
        b->add_flag("--json", o->json, "Machine-readable output");
        auto* read = b->add_option("--baseline", o->baseline,
                                   "Violations frozen in this file do not fail the check");
        auto* write = b->add_option("--update-baseline", o->update_baseline,
                                    "Freeze every current violation into this file and exit 0");
        read->excludes(write);
        CLI::App* m = sub.add_subcommand(
            "manifests",
            "Kubernetes manifests: probes, limits, non-root, read-only root, no privilege or host "
            "access");
        Handler manifests = check_manifests_setup(*m);
        return [o, m, manifests] { return m->parsed() ? manifests() : run_check_boundaries(*o); };
      }};
}

}  // namespace

std::vector<CommandSpec> check_commands() { return {check_command()}; }

}  // namespace strata::cli
