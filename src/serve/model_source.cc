// The model repository adapter: a model repository is plain directories
// (Triton's layout), so serving from one needs no database; an alias file
// beside the versions lets a repository move `production` by one atomic
// rename, which the server picks up on its next reload.

#include "serve/model_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "util/fs.h"
#include "util/json_limits.h"

namespace strata::serve {

namespace fs = std::filesystem;

namespace {

bool valid_name(std::string_view s) {
  if (s.empty() || s == "." || s == "..") return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
}

bool numeric(std::string_view s) {
  return !s.empty() && s.size() < 19 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string ModelSpec::str() const {
  if (!alias.empty()) return name + "@" + alias;
  if (!version.empty()) return name + ":" + version;
  return name;
}

Result<ModelSpec> parse_model_spec(std::string_view text) {
  ModelSpec spec;
  size_t at = text.find_first_of("@:");
  spec.name = std::string(text.substr(0, at));
  if (at != std::string_view::npos)
    (text[at] == '@' ? spec.alias : spec.version) = std::string(text.substr(at + 1));
  bool selector_ok =
      at == std::string_view::npos || valid_name(spec.alias) || valid_name(spec.version);
  if (!valid_name(spec.name) || !selector_ok)
    return Error(fmt::format("'{}' is not a model to serve", text), {},
                 "write NAME, NAME@ALIAS or NAME:VERSION (letters, digits, '-', '_', '.')");
  return spec;
}

Result<std::string> RepositorySource::latest(const std::string& name) const {
  std::error_code ec;
  std::string best;
  for (const auto& entry : fs::directory_iterator(m_root / name, ec)) {
    std::string v = entry.path().filename().string();
    if (!numeric(v) || !fs::exists(entry.path() / "strata-model.json")) continue;
    if (best.empty() || std::stoll(v) > std::stoll(best)) best = v;
  }
  if (best.empty())
    return Error(fmt::format("the repository has no version of model '{}'", name),
                 {(m_root / name).string()},
                 "export the model into REPO/NAME/VERSION/ with its strata-model.json")
        .of(ErrorKind::k_not_found);
  return best;
}

Result<std::string> RepositorySource::alias_target(const std::string& name,
                                                   const std::string& alias) const {
  if (alias == "latest") return latest(name);
  auto path = m_root / name / "aliases.json";
  if (!fs::exists(path))
    return Error(fmt::format("model '{}' has no alias '{}'", name, alias), {path.string()},
                 fmt::format("write {{\"{}\": \"VERSION\"}} into {}", alias, path.string()))
        .of(ErrorKind::k_not_found);
  auto text = read_file(path, k_config_max_bytes, "alias file");
  if (!text) return text.error();
  auto j = parse_json_file_text(path.string(), *text, false);
  if (!j) return j.error();
  auto it = j->is_object() ? j->find(alias) : j->end();
  if (it == j->end() || !it->is_string())
    return Error(fmt::format("model '{}' has no alias '{}'", name, alias), {path.string()})
        .of(ErrorKind::k_not_found);
  return it->get<std::string>();
}

Result<ResolvedModel> RepositorySource::resolve(const std::string& name,
                                                const std::string& alias_or_version) {
  if (!valid_name(name))
    return Error(fmt::format("'{}' is not a model name", name)).of(ErrorKind::k_not_found);
  Result<std::string> version = alias_or_version.empty() ? latest(name)
                                : alias_or_version.starts_with('@')
                                    ? alias_target(name, alias_or_version.substr(1))
                                    : Result<std::string>(alias_or_version);
  if (!version) return version.error();
  if (!valid_name(*version))
    return Error(fmt::format("'{}' is not a version", *version)).of(ErrorKind::k_not_found);
  auto dir = m_root / name / *version;
  if (!fs::exists(dir / "strata-model.json"))
    return Error(fmt::format("model '{}' has no version '{}'", name, *version), {dir.string()},
                 "versions are directories holding strata-model.json")
        .of(ErrorKind::k_not_found);
  return ResolvedModel{name, *version, dir};
}

}  // namespace strata::serve
