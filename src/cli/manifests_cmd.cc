// strata manifests: the Kubernetes objects of the split services and the
// monolith, rendered from the topology (kube/objects.h) and printed as YAML
// or JSON, written one file per object, or written as the kustomize trees
// beside the services. Also `strata check manifests` (the offline policy,
// kube/policy.h, on any manifest files) and its part of `strata audit`.

#include "cli/manifests_cmd.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command_support.h"
#include "config/loader.h"
#include "config/topology.h"
#include "kube/kustomize.h"
#include "kube/objects.h"
#include "kube/policy.h"
#include "kube/yaml.h"
#include "util/fs.h"

namespace strata::cli {

namespace {

namespace fs = std::filesystem;
using enum ExitCode;
using nlohmann::json;

struct ManifestOptions {
  std::vector<std::string> services;
  std::string env = "dev";
  std::string image;
  std::string out;
  bool json = false;
  bool write = false;
};

bool known_environment(const std::string& env) {
  for (std::string_view e : k_environments)
    if (e == env) return true;
  return false;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ExitCode write_objects(const fs::path& dir, const std::vector<kube::Object>& objects) {
  for (const auto& o : objects) {
    fs::path path = dir / (o.name + "-" + lower(o.kind) + ".yaml");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (auto st = write_atomic(path, kube::to_yaml(o.body)); !st) return fail(st.error());
    std::printf("write   %s\n", path.string().c_str());
  }
  return k_ok;
}

void print_objects(const std::vector<kube::Object>& objects, bool as_json) {
  if (as_json) {
    json items = json::array();
    for (const auto& o : objects) items.push_back(o.body);
    print_json({{"apiVersion", "v1"}, {"kind", "List"}, {"items", items}});
    return;
  }
  for (size_t i = 0; i < objects.size(); ++i)
    std::printf("%s%s", i ? "---\n" : "", kube::to_yaml(objects[i].body).c_str());
}

ExitCode run_manifests(const ManifestOptions& o) {
  if (!known_environment(o.env))
    return fail(Error("unknown environment '" + o.env + "'", {}, "--env dev|staging|production"),
                k_usage);
  auto root = find_workspace_root(start_dir());
  if (!root) return fail(root.error());
  if (o.write) return refresh_kustomize(*root, o.json);
  auto topology = load_topology(*root);
  if (!topology) return fail(topology.error());
  auto contexts = o.services.empty() ? kube::deployable_contexts(*topology) : o.services;
  if (!o.image.empty() && contexts.size() != 1)
    return fail(Error("--image is the image of one service", {},
                      "name it: strata manifests SERVICE --image REF"),
                k_usage);
  std::vector<kube::Object> all;
  for (const auto& context : contexts) {
    auto objects = kube::render_service(*root, *topology, {context, o.env, o.image});
    if (!objects) return fail(objects.error());
    for (auto& obj : *objects) all.push_back(std::move(obj));
  }
  if (!o.out.empty()) return write_objects(from_start(o.out), all);
  print_objects(all, o.json);
  return k_ok;
}

CommandSpec manifests_command() {
  return {
      "manifests",
      "Render the Kubernetes objects of split services and the monolith from the topology",
      "  strata manifests\n  strata manifests billing --env production\n"
      "  strata manifests billing --env production --image registry.example.com/billing@sha256:…\n"
      "  strata manifests --env staging --json\n  strata manifests --env dev --out k8s-dev\n"
      "  strata manifests --write",
      [](CLI::App& sub) -> Handler {
        auto o = std::make_shared<ManifestOptions>();
        sub.add_option("services", o->services,
                       "Contexts split into services, or monolith (default: all of them)");
        sub.add_option("--env", o->env, "dev (default), staging or production");
        sub.add_option("--image", o->image, "The image, REF or REF@sha256:… (one service)");
        auto* out = sub.add_option("--out", o->out, "Write one YAML file per object here");
        auto* as_json = sub.add_flag("--json", o->json, "Print a JSON List instead of YAML");
        out->excludes(as_json);
        sub.add_flag("--write", o->write,
                     "Rewrite the kustomize trees beside the services (split does it too)");
        return [o] { return run_manifests(*o); };
      }};
}

struct CheckOptions {
  std::vector<std::string> paths;
  bool json = false;
};

// A path as the user would write it: relative to where strata started.
std::string shown(const fs::path& p) {
  auto rel = p.lexically_relative(start_dir());
  return !rel.empty() && *rel.begin() != ".." ? rel.generic_string() : p.string();
}

json finding_json(const kube::Finding& f) {
  return {{"file", f.loc.file},   {"line", f.loc.line},
          {"column", f.loc.col},  {"object", f.object},
          {"field", f.field},     {"rule", f.rule},
          {"message", f.message}, {"hint", kube::rule_hint(f.rule)}};
}

void report_finding(const kube::Finding& f) {
  print_error(Error(f.object + ": " + f.field + ": " + f.message + " [" + f.rule + "]", f.loc,
                    kube::rule_hint(f.rule)));
}

ExitCode run_check_manifests(const CheckOptions& o) {
  std::vector<fs::path> roots;
  if (o.paths.empty()) {
    auto root = find_workspace_root(start_dir());
    if (!root) return fail(root.error());
    roots.push_back(*root);
  }
  for (const auto& p : o.paths) {
    std::error_code ec;
    if (!fs::exists(from_start(p), ec))
      return fail(Error(p + ": no such file or directory"), k_usage);
    roots.push_back(from_start(p));
  }
  std::vector<kube::Finding> found;
  size_t files = 0;
  bool unreadable = false;
  for (const auto& r : roots)
    for (const auto& file : kube::manifest_files(r)) {
      ++files;
      auto f = kube::check_manifest_file(file, shown(file));
      if (!f) {
        print_error(f.error());
        unreadable = true;
        continue;
      }
      for (auto& x : *f) found.push_back(std::move(x));
    }
  if (o.json) {
    json list = json::array();
    for (const auto& f : found) list.push_back(finding_json(f));
    print_json({{"findings", list}, {"files", files}});
  } else {
    for (const auto& f : found) report_finding(f);
  }
  std::fprintf(
      stderr, "manifests: %s in %zu file%s\n",
      found.empty()
          ? "no problems"
          : (std::to_string(found.size()) + " problem" + (found.size() == 1 ? "" : "s")).c_str(),
      files, files == 1 ? "" : "s");
  return found.empty() && !unreadable ? k_ok : k_failure;
}

audit::Severity severity_of(const std::string& rule) {
  if (rule == "probes") return audit::Severity::k_low;
  if (rule == "limits" || rule == "read-only-root") return audit::Severity::k_medium;
  return audit::Severity::k_high;  // root, privilege, the host's resources
}

bool manifest_path(const std::string& path) {
  fs::path p(path);
  auto ext = p.extension().string();
  if (ext != ".yaml" && ext != ".yml" && ext != ".json") return false;
  return path.find("node_modules/") == std::string::npos;
}

}  // namespace

Handler check_manifests_setup(CLI::App& sub) {
  auto o = std::make_shared<CheckOptions>();
  sub.add_option("paths", o->paths,
                 "Manifest files or folders (.yaml, .yml, .json; default: the workspace)");
  add_json_flag(sub, o->json, "Print the findings as JSON");
  return [o] { return run_check_manifests(*o); };
}

void audit_manifests(const fs::path& root, const std::vector<std::string>& tracked,
                     audit::Report& report) {
  audit::SourceStatus status{"manifests", true, "", 0};
  for (const auto& path : tracked) {
    if (!manifest_path(path)) continue;
    auto found = kube::check_manifest_file(root / path, path);
    if (!found) continue;  // not YAML (a template): `strata check manifests` says why
    ++status.scanned;
    for (const auto& f : *found)
      report.findings.push_back({"manifests", f.rule, severity_of(f.rule), path,
                                 static_cast<size_t>(f.loc.line),
                                 f.object + ": " + f.field + ": " + f.message, ""});
  }
  report.sources.push_back(status);
}

ExitCode refresh_kustomize(const fs::path& root, bool json) {
  auto topology = load_topology(root);
  if (!topology) return fail(topology.error());
  auto change = kube::write_kustomize(root, *topology);
  if (!change) return fail(change.error());
  if (json) return k_ok;
  for (const auto& f : change->written) std::printf("write   %s\n", f.c_str());
  for (const auto& f : change->removed) std::printf("remove  %s\n", f.c_str());
  return k_ok;
}

std::vector<CommandSpec> kube_commands() { return {manifests_command()}; }

}  // namespace strata::cli
