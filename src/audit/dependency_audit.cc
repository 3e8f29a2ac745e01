// The clients are run, not reimplemented: npm and pip-audit know their
// lockfile formats and advisory databases, and their JSON is what is
// merged here. Both need the network; on a machine that cannot reach the
// advisory service the source is reported as skipped, with the reason,
// and the rest of the audit stands.

#include "audit/dependency_audit.h"

#include <unistd.h>

#include <cstdlib>

#include "vcs/subprocess.h"

namespace strata::audit {

namespace {

namespace fs = std::filesystem;

// The pip-audit Strata installs when none is on PATH.
constexpr const char* k_pip_audit_version = "2.10.1";

std::string first_line(std::string_view s) {
  size_t start = s.find_first_not_of(" \n");
  if (start == std::string_view::npos) return "";
  s = s.substr(start);
  return std::string(s.substr(0, std::min(s.find('\n'), size_t{200})));
}

std::string dir_of(const std::string& file) {
  size_t slash = file.rfind('/');
  return slash == std::string::npos ? "" : file.substr(0, slash);
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "";
  for (size_t pos = 0; pos <= dirs.size();) {
    size_t end = dirs.find(':', pos);
    if (end == std::string_view::npos) end = dirs.size();
    fs::path candidate = fs::path(std::string(dirs.substr(pos, end - pos))) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    pos = end + 1;
  }
  return false;
}

// The audit tools' JSON changes shape between their versions: a member of
// another type than expected reads as missing (json::value() would throw).
std::string text_of(const nlohmann::json& obj, const char* key, std::string fallback = "") {
  if (!obj.is_object()) return fallback;
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : fallback;
}

const nlohmann::json& array_of(const nlohmann::json& obj, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  if (!obj.is_object()) return empty;
  auto it = obj.find(key);
  return it != obj.end() && it->is_array() ? *it : empty;
}

std::string advisory_id(const nlohmann::json& via) {
  std::string url = text_of(via, "url");
  if (size_t slash = url.rfind('/'); slash != std::string::npos && slash + 1 < url.size())
    return url.substr(slash + 1);
  return via.contains("source") ? "npm-" + via["source"].dump() : "npm-advisory";
}

// pip-audit from PATH, else from Strata's tools venv, installed there once.
Result<std::string> pip_audit_program() {
  if (on_path("pip-audit")) return std::string("pip-audit");
  fs::path venv = tools_venv();
  fs::path program = venv / "bin" / "pip-audit";
  if (::access(program.c_str(), X_OK) == 0) return program.string();
  std::error_code ec;
  fs::create_directories(venv.parent_path(), ec);
  if (::access((venv / "bin" / "python").c_str(), X_OK) != 0) {
    auto made = run_capture({"python3", "-m", "venv", venv.string()});
    if (!made || made->exit_code != 0)
      return Error("cannot create " + venv.string() + ": " +
                   (made ? first_line(made->err) : made.error().message));
  }
  auto pip =
      run_capture({(venv / "bin" / "pip").string(), "install", "-q", "--disable-pip-version-check",
                   std::string("pip-audit==") + k_pip_audit_version});
  if (!pip || pip->exit_code != 0)
    return Error("cannot install pip-audit into " + venv.string() + ": " +
                 (pip ? first_line(pip->err) : pip.error().message));
  return program.string();
}

}  // namespace

Result<std::vector<Finding>> parse_npm_audit(std::string_view text, const std::string& lockfile) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error("npm audit printed no JSON: " + first_line(text));
  if (!doc.contains("vulnerabilities")) {
    std::string why = text_of(doc, "message");
    if (why.empty() && doc.contains("error")) why = text_of(doc["error"], "summary");
    return Error(why.empty() ? "npm audit returned no result" : first_line(why));
  }
  std::vector<Finding> out;
  if (!doc["vulnerabilities"].is_object())
    return Error("npm audit printed no vulnerabilities object");
  for (const auto& [name, vuln] : doc["vulnerabilities"].items()) {
    for (const auto& via : array_of(vuln, "via")) {
      if (!via.is_object()) continue;  // "via": ["other-package"]: reported under that package
      Finding f;
      f.source = "npm";
      f.rule = advisory_id(via);
      f.severity = parse_severity(text_of(via, "severity", text_of(vuln, "severity", "high")))
                       .value_or(Severity::k_high);
      f.file = lockfile;
      f.message = name + " " + text_of(via, "range", text_of(vuln, "range")) + ": " +
                  text_of(via, "title", "advisory");
      bool fix = vuln.contains("fixAvailable") &&
                 !(vuln["fixAvailable"].is_boolean() && !vuln["fixAvailable"]);
      if (fix) f.message += " (fix available)";
      out.push_back(std::move(f));
    }
  }
  return out;
}

Result<std::vector<Finding>> parse_pip_audit(std::string_view text, const std::string& requirements,
                                             size_t& audited, size_t& unaudited) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("dependencies") ||
      !doc["dependencies"].is_array())
    return Error("pip-audit printed no JSON: " + first_line(text));
  std::vector<Finding> out;
  for (const auto& dep : doc["dependencies"]) {
    if (!dep.is_object()) continue;
    if (dep.contains("skip_reason")) {
      ++unaudited;
      continue;
    }
    ++audited;
    for (const auto& v : array_of(dep, "vulns")) {
      if (!v.is_object()) continue;
      Finding f;
      f.source = "pip-audit";
      f.rule = text_of(v, "id", "PYSEC");
      f.severity = Severity::k_high;
      f.file = requirements;
      f.message = text_of(dep, "name") + " " + text_of(dep, "version") + ": " +
                  first_line(text_of(v, "description", "known vulnerability"));
      const auto& fixes = array_of(v, "fix_versions");
      if (!fixes.empty() && fixes[0].is_string())
        f.message += " (fixed in " + fixes[0].get<std::string>() + ")";
      out.push_back(std::move(f));
    }
  }
  return out;
}

fs::path tools_venv() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  fs::path cache = xdg && *xdg ? fs::path(xdg) : fs::path(home ? home : "/tmp") / ".cache";
  return cache / "strata" / "tools-venv";
}

void audit_npm(const fs::path& root, const std::vector<std::string>& tracked, Report& report) {
  SourceStatus status{"npm", false, "", 0};
  std::vector<std::string> locks;
  for (const auto& f : tracked)
    if (f == "package-lock.json" || f.ends_with("/package-lock.json")) locks.push_back(f);
  if (locks.empty())
    status.reason = "no package-lock.json";
  else if (!on_path("npm"))
    status.reason = "npm not found on PATH";
  for (size_t i = 0; status.reason.empty() && i < locks.size(); ++i) {
    auto ran = run_capture({"npm", "audit", "--json", "--package-lock-only"}, {},
                           (root / dir_of(locks[i])).string());
    if (!ran) {
      status.reason = "npm audit did not start: " + ran.error().message;
      break;
    }
    auto found = parse_npm_audit(ran->out, locks[i]);
    if (!found) {
      status.reason = "npm audit failed for " + locks[i] + ": " + found.error().message;
      break;
    }
    ++status.scanned;
    report.findings.insert(report.findings.end(), found->begin(), found->end());
  }
  status.ran = status.reason.empty();
  report.sources.push_back(status);
}

void audit_python(const fs::path& root, const std::vector<std::string>& tracked, Report& report) {
  SourceStatus status{"pip-audit", false, "", 0};
  std::vector<std::string> files;
  for (const auto& f : tracked) {
    std::string base = f.substr(f.rfind('/') + 1);
    if (base.starts_with("requirements") && base.ends_with(".txt")) files.push_back(f);
  }
  if (files.empty()) {
    status.reason = "no requirements*.txt";
    report.sources.push_back(status);
    return;
  }
  auto program = pip_audit_program();
  if (!program) status.reason = program.error().message;
  size_t audited = 0, unaudited = 0;
  for (size_t i = 0; status.reason.empty() && i < files.size(); ++i) {
    auto ran = run_capture({*program, "-r", files[i], "--no-deps", "--disable-pip", "-f", "json",
                            "--progress-spinner", "off"},
                           {}, root.string());
    if (!ran) {
      status.reason = "pip-audit did not start: " + ran.error().message;
      break;
    }
    auto found = parse_pip_audit(ran->out, files[i], audited, unaudited);
    if (!found) {
      status.reason = "pip-audit failed for " + files[i] + ": " +
                      first_line(ran->err.empty() ? ran->out : ran->err);
      break;
    }
    ++status.scanned;
    report.findings.insert(report.findings.end(), found->begin(), found->end());
  }
  // Every dependency "not found on PyPI": the advisory service is out of reach.
  if (status.reason.empty() && audited == 0 && unaudited > 0)
    status.reason = "PyPI's vulnerability service is unreachable: none of " +
                    std::to_string(unaudited) + " dependencies could be audited";
  status.ran = status.reason.empty();
  report.sources.push_back(status);
}

}  // namespace strata::audit
