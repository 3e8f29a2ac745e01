// Each check adds problems and never stops the others, so one run of the
// gate reports everything that stands in the way, as `check boundaries` does.

#include "service/gate.h"

#include <algorithm>
#include <regex>

#include "boundary/check.h"
#include "service/proto_emitter.h"
#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata::service {

namespace fs = std::filesystem;

namespace {

std::string context_of(const Workspace& ws, const std::string& project) {
  for (const auto& p : ws.projects)
    if (p.name == project)
      for (const auto& t : p.tags)
        if (t.starts_with("context:")) return t.substr(8);
  return "";
}

bool cycle_has(const Violation& v, const std::string& context) {
  return std::any_of(v.cycle.begin(), v.cycle.end(),
                     [&](const CycleEdge& e) { return e.from == context || e.to == context; });
}

void check_boundaries_of(const GateInput& in, std::vector<GateProblem>& out) {
  Diagnostics diags;
  auto report = check_boundaries(in.workspace, in.files, in.rules, {}, diags);
  if (!report) {
    out.push_back({"boundaries", "the boundaries could not be checked: " + report.error().message,
                   report.error().loc, report.error().hint});
    return;
  }
  for (const auto& v : report->violations) {
    if (v.frozen) continue;
    if (v.rule == BoundaryRule::k_context_cycle) {
      if (cycle_has(v, in.context))
        out.push_back(
            {"context-cycle",
             "the " + in.context + " context is in a context cycle: " + cycle_path(v.cycle),
             SourceLoc{v.cycle.empty() ? "" : v.cycle.front().file,
                       v.cycle.empty() ? 0 : static_cast<int>(v.cycle.front().line)},
             "a service in a cycle would call back into its caller; cut one edge of the cycle"});
      continue;
    }
    if (context_of(in.workspace, v.importer) != in.context &&
        context_of(in.workspace, v.imported) != in.context)
      continue;
    out.push_back({"boundaries", v.importer + " → " + v.imported + ": " + v.message,
                   SourceLoc{v.file, static_cast<int>(v.line)}, v.hint});
  }
}

void check_contract(const GateInput& in, std::vector<GateProblem>& out) {
  if (!in.contract) {
    out.push_back({"contract", in.contract.error().message, in.contract.error().loc,
                   in.contract.error().hint});
    return;
  }
  for (const auto& u : unserialisable_types(*in.contract))
    out.push_back({"contract", u.where + ": type " + u.type + " cannot be serialised",
                   SourceLoc{u.file, u.line},
                   "use str, int, float, bool, None, a DTO of the api layer, or a list, tuple or "
                   "optional of them"});
  if (in.placement.transport != Transport::k_grpc) return;
  for (const auto& u : proto_unmappable(*in.contract))
    out.push_back({"contract",
                   u.where + ": " + u.type + " cannot be carried by protobuf (grpc transport)",
                   SourceLoc{u.file, u.line},
                   "wrap the inner list or optional in a DTO (rename a DTO named like a "
                   "method's message), or split with --transport http"});
  if (in.placement.port >= 65535)
    out.push_back({"config",
                   "port " + std::to_string(in.placement.port) +
                       " leaves no port above it for gRPC (the service answers health on its port "
                       "and gRPC on the next)",
                   SourceLoc{}, "split with a lower --port"});
}

bool declared(const ServiceConfig& s, const std::string& name) {
  static const char* k_provided[] = {"PORT", "HOST", "STRATA_SERVICE_JWT_KEY",
                                     "STRATA_KAFKA_BOOTSTRAP"};
  for (const char* p : k_provided)
    if (name == p) return true;
  if (name.starts_with("STRATA_SERVICE_") && name.ends_with("_URL")) return true;
  return std::find(s.config.begin(), s.config.end(), name) != s.config.end() ||
         std::find(s.secrets.begin(), s.secrets.end(), name) != s.secrets.end();
}

void check_config(const GateInput& in, std::vector<GateProblem>& out) {
  fs::path dir = in.workspace.root / "contexts" / in.context;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory() &&
        (name == "service" || name == "__pycache__" || name == "node_modules" || name == "build")) {
      it.disable_recursion_pending();
      continue;
    }
    auto ext = it->path().extension();
    if (it->is_regular_file() && (ext == ".py" || (ext == ".ts" && !name.ends_with(".d.ts")) ||
                                  ext == ".cc" || ext == ".h" || ext == ".cpp" || ext == ".hpp"))
      files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto text = read_file(f);
    if (!text) continue;
    std::string rel = relative_to(f, in.workspace.root);
    auto ext = f.extension();
    auto reads = ext == ".ts"   ? typescript_env_reads(*text)
                 : ext == ".py" ? python_env_reads(*text)
                                : cpp_env_reads(*text);
    for (const auto& r : reads)
      if (!declared(in.placement, r.name))
        out.push_back({"config",
                       "the " + in.context + " context reads " + r.name +
                           ", which is neither a declared "
                           "config key nor a secret name",
                       SourceLoc{rel, r.line},
                       "declare it in topology.json under services." + in.context +
                           ".config (or .secrets for a secret)"});
  }
}

}  // namespace

namespace {

std::vector<EnvRead> env_reads(const std::string& text, const std::regex& pattern) {
  std::vector<EnvRead> out;
  int line = 1;
  size_t last = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    size_t at = static_cast<size_t>(it->position(0));
    line += static_cast<int>(std::count(text.begin() + static_cast<long>(last),
                                        text.begin() + static_cast<long>(at), '\n'));
    last = at;
    out.push_back({(*it)[1].matched ? (*it)[1].str() : (*it)[2].str(), line});
  }
  return out;
}

}  // namespace

std::vector<EnvRead> python_env_reads(const std::string& text) {
  static const std::regex k_read(
      R"re(os\.(?:environ\s*\[\s*|environ\.get\(\s*|getenv\(\s*)["']([A-Za-z_][A-Za-z0-9_]*)["'])re");
  return env_reads(text, k_read);
}

std::vector<EnvRead> typescript_env_reads(const std::string& text) {
  static const std::regex k_read(
      R"re(process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']))re");
  return env_reads(text, k_read);
}

std::vector<EnvRead> cpp_env_reads(const std::string& text) {
  static const std::regex k_read(R"re(\bgetenv\s*\(\s*"([A-Za-z_][A-Za-z0-9_]*)")re");
  return env_reads(text, k_read);
}

std::vector<GateProblem> run_split_gate(const GateInput& in) {
  std::vector<GateProblem> out;
  check_boundaries_of(in, out);
  check_contract(in, out);
  check_config(in, out);
  return out;
}

}  // namespace strata::service
