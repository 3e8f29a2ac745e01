// strata audit: committed secrets and vulnerable dependencies in one
// report, with a non-zero exit for CI when a finding reaches --fail-on.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "audit/dependency_audit.h"
#include "audit/secret_scan.h"
#include "cli/command.h"
#include "cli/image_audit.h"
#include "cli/manifests_cmd.h"
#include "config/loader.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

struct AuditOptions {
  bool json = false;
  std::string fail_on;  // default: strata.json "audit.failOn", else high
  bool skip_dependencies = false;
};

struct AuditSettings {
  audit::AllowList allow;
  std::string fail_on = "high";
};

// .strata/audit-allow and strata.json "audit": {"allow": [...], "failOn": "..."}.
AuditSettings load_settings(const fs::path& root) {
  AuditSettings s;
  if (auto text = read_file(root / ".strata" / "audit-allow")) s.allow.add_file_text(*text);
  auto config = read_file(root / "strata.json");
  if (!config) return s;
  auto doc = nlohmann::json::parse(*config, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("audit") || !doc["audit"].is_object())
    return s;
  const auto& a = doc["audit"];
  if (a.contains("allow") && a["allow"].is_array())
    for (const auto& e : a["allow"])
      if (e.is_string()) s.allow.add(e.get<std::string>());
  if (a.contains("failOn") && a["failOn"].is_string()) s.fail_on = a["failOn"].get<std::string>();
  return s;
}

void scan_secrets(const fs::path& root, const std::vector<std::string>& tracked,
                  const audit::AllowList& allow, audit::Report& report) {
  audit::SourceStatus status{"secrets", true, "", 0};
  for (auto& f : audit::scan_files(root, tracked, status.scanned)) {
    if (allow.allows(f))
      ++report.allowed;
    else
      report.findings.push_back(std::move(f));
  }
  report.sources.push_back(status);
}

int run_audit(const AuditOptions& o) {
  std::error_code ec;
  fs::path start =
      global_options().cwd.empty() ? fs::current_path(ec) : fs::path(global_options().cwd);
  auto root = find_workspace_root(fs::absolute(start, ec));
  if (!root) return print_error(root.error()), static_cast<int>(ExitCode::k_failure);
  AuditSettings settings = load_settings(*root);
  std::string fail_on_text = o.fail_on.empty() ? settings.fail_on : o.fail_on;
  auto fail_on = audit::parse_severity(fail_on_text);
  if (!fail_on) {
    print_error(Error("--fail-on " + fail_on_text + ": expected low, medium, high or critical"));
    return static_cast<int>(ExitCode::k_usage);
  }
  auto tracked = audit::tracked_files(*root);
  if (!tracked) return print_error(tracked.error()), static_cast<int>(ExitCode::k_failure);
  audit::Report report;
  scan_secrets(*root, *tracked, settings.allow, report);
  audit_dockerfiles(*root, *tracked, report);
  audit_manifests(*root, *tracked, report);
  if (!o.skip_dependencies) {
    audit::audit_npm(*root, *tracked, report);
    audit::audit_python(*root, *tracked, report);
  }
  if (o.json)
    std::printf("%s\n", audit::to_json(report).dump(2).c_str());
  else
    std::fputs(audit::render_text(report).c_str(), stdout);
  size_t failing = report.at_or_above(*fail_on);
  if (failing && !o.json)
    std::fprintf(stderr, "strata: error: %zu finding%s at or above %s\n", failing,
                 failing == 1 ? "" : "s", fail_on_text.c_str());
  return failing ? static_cast<int>(ExitCode::k_failure) : 0;
}

CommandSpec audit_command() {
  return {"audit", "Find committed secrets and vulnerable dependencies",
          "  strata audit\n  strata audit --json --fail-on critical\n  strata audit "
          "--skip-dependencies",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<AuditOptions>();
            sub.add_flag("--json", o->json, "Print the report as JSON");
            sub.add_option(
                "--fail-on", o->fail_on,
                "Exit 1 for findings at or above: low, medium, high (default), critical");
            sub.add_flag("--skip-dependencies", o->skip_dependencies,
                         "Only look for secrets (no npm audit, no pip-audit)");
            return [o] { return run_audit(*o); };
          }};
}

}  // namespace

std::vector<CommandSpec> audit_commands() { return {audit_command()}; }

}  // namespace strata::cli
