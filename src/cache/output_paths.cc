// Outputs are checked twice over: lexically (after `..` normalisation the
// path must stay below the root) and physically (the deepest existing
// directory on the way, symlinks resolved, must still be below the real
// root). Restores delete these paths, so a false "inside" would be costly.

#include "cache/output_paths.h"

#include <sys/stat.h>

#include "util/fs.h"
#include "util/glob.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

bool is_token_name(std::string_view name) {
  return name == "projectRoot" || name == "workspaceRoot" || name == "projectName" ||
         name.starts_with("options.");
}

// The option at a dotted path such as "build.outDir", as text; false if unset.
bool option_text(const nlohmann::json& options, std::string_view dotted, std::string& out) {
  const nlohmann::json* node = &options;
  while (!dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string key(dotted.substr(0, dot));
    if (!node->is_object() || !node->contains(key)) return false;
    node = &(*node)[key];
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  if (node->is_string())
    out = node->get<std::string>();
  else if (node->is_number() || node->is_boolean())
    out = node->dump();
  else
    return false;
  return true;
}

// Replaces the tokens in `text`; false when an option it names is unset.
bool interpolate(std::string_view text, const fs::path& root, const Project& project,
                 const nlohmann::json& options, std::string& out) {
  out.clear();
  for (size_t i = 0; i < text.size();) {
    size_t close = text[i] == '{' ? text.find('}', i) : std::string_view::npos;
    std::string_view name =
        close == std::string_view::npos ? std::string_view() : text.substr(i + 1, close - i - 1);
    if (!is_token_name(name)) {
      out += text[i++];
      continue;
    }
    std::string value;
    if (name == "projectRoot")
      value = project.root;
    else if (name == "workspaceRoot")
      value = root.string();
    else if (name == "projectName")
      value = project.name;
    else if (!option_text(options, name.substr(8), value))
      return false;
    out += value;
    i = close + 1;
  }
  return true;
}

std::string glob_base(const std::string& path) {
  std::string base;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    std::string_view seg = std::string_view(path).substr(start, slash - start);
    if (is_glob(seg)) break;
    base += (base.empty() ? "" : "/") + std::string(seg);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return base;
}

// True when no directory on the way from `root` down to `rel` is a symlink:
// then `rel` cannot lead outside. One lstat per component inside the
// workspace is far cheaper than canonicalising the whole absolute path,
// which readlinks every component up to "/" for each of a run's tasks.
bool no_symlink_below(const fs::path& root, const std::string& rel) {
  std::string path = root.string();
  size_t start = 0;
  while (start < rel.size()) {
    size_t slash = rel.find('/', start);
    path += '/';
    path.append(rel, start, slash == std::string::npos ? std::string::npos : slash - start);
    struct stat st{};
    if (::lstat(path.c_str(), &st) != 0) return true;  // the rest does not exist yet
    if (S_ISLNK(st.st_mode)) return false;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return true;
}

bool escapes_physically(const fs::path& root, const std::string& rel) {
  if (no_symlink_below(root, rel)) return false;
  std::error_code ec;
  fs::path real_root = fs::weakly_canonical(root, ec);
  if (ec) return false;
  fs::path real = fs::weakly_canonical(root / rel, ec);
  if (ec) return true;
  return relative_to(real, real_root).empty();
}

}  // namespace

bool OutputPath::covers(std::string_view rel) const {
  if (glob) return glob_match(path, rel);
  return rel == path ||
         (rel.size() > path.size() && rel.starts_with(path) && rel[path.size()] == '/');
}

Result<OutputPath> resolve_output_path(const fs::path& root, std::string_view interpolated) {
  fs::path p = fs::path(std::string(interpolated)).lexically_normal();
  std::string rel = p.is_absolute() ? relative_to(p, root) : p.generic_string();
  while (rel.size() > 1 && rel.back() == '/') rel.pop_back();
  if (rel.empty() || rel == ".." || rel.starts_with("../"))
    return Error("resolves to '" + p.generic_string() + "', outside the workspace");
  if (rel == ".") return Error("resolves to the workspace root itself");
  OutputPath out{rel, rel, is_glob(rel)};
  if (out.glob) out.base = glob_base(rel);
  if (out.base.empty()) return Error("is a glob with no directory before its first wildcard");
  if (escapes_physically(root, out.base))
    return Error("leads outside the workspace through a symbolic link ('" + out.base + "')");
  return out;
}

Status check_outputs_inside(const fs::path& root, const std::vector<OutputPath>& outputs) {
  for (const auto& o : outputs)
    if (escapes_physically(root, o.base))
      return Error("output '" + o.path + "' leads outside the workspace through a symbolic link",
                   SourceLoc{o.base},
                   "make the output a real directory or file inside the workspace");
  return ok_status();
}

Result<std::vector<OutputPath>> resolve_outputs(const fs::path& root, const Project& project,
                                                const Target& target,
                                                const nlohmann::json& options) {
  std::vector<OutputPath> out;
  std::string text;
  for (const auto& declared : target.outputs) {
    if (!interpolate(declared, root, project, options, text)) continue;
    auto resolved = resolve_output_path(root, text);
    if (!resolved)
      return Error("output '" + declared + "' of " + project.name + ":" + target.name + " " +
                       resolved.error().message,
                   target.loc,
                   "outputs must name paths inside the workspace, e.g. {projectRoot}/dist");
    out.push_back(std::move(*resolved));
  }
  return out;
}

}  // namespace strata
