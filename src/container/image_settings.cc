// Unknown keys are refused with a suggestion, like topology.json: a
// misspelled "runtme" would otherwise build on a base nobody chose.

#include "container/image_settings.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "config/json_locator.h"
#include "util/fs.h"
#include "util/suggest.h"

namespace strata::container {

namespace {

using json = nlohmann::json;

class Reader {
 public:
  Reader(const std::string& text, std::string file) : m_locator(text), m_file(std::move(file)) {}

  Error error_at(const std::string& pointer, const std::string& what,
                 const std::string& hint = {}) const {
    TextPos p = m_locator.locate(pointer);
    return Error(what, SourceLoc{m_file, p.line, p.col}, hint);
  }

  Status known_keys(const json& obj, const std::string& pointer,
                    const std::vector<std::string>& keys) const {
    for (const auto& [key, value] : obj.items()) {
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
      return error_at(json_pointer_append(pointer, key), "unknown key '" + key + "' in images",
                      did_you_mean(key, keys));
    }
    return ok_status();
  }

  Result<std::string> string_at(const json& obj, const std::string& pointer, const std::string& key,
                                std::string fallback) const {
    if (!obj.contains(key)) return fallback;
    if (!obj[key].is_string() || obj[key].get<std::string>().empty())
      return error_at(json_pointer_append(pointer, key),
                      "'" + key + "' must be a non-empty string");
    return obj[key].get<std::string>();
  }

 private:
  JsonLocator m_locator;
  std::string m_file;
};

Status read_base(const Reader& r, const json& v, const std::string& ptr, BaseImages& out) {
  if (!v.is_object()) return r.error_at(ptr, "a language's bases must be an object");
  if (auto s = r.known_keys(v, ptr, {"build", "runtime"}); !s) return s;
  auto build = r.string_at(v, ptr, "build", out.build);
  if (!build) return build.error();
  auto runtime = r.string_at(v, ptr, "runtime", out.runtime);
  if (!runtime) return runtime.error();
  out.build = *build;
  out.runtime = *runtime;
  return ok_status();
}

Status read_scalars(const Reader& r, const json& v, ImageSettings& s) {
  if (v.contains("uid")) {
    if (!v["uid"].is_number_integer() || v["uid"].get<long long>() <= 0 ||
        v["uid"].get<long long>() > 2147483647)
      return r.error_at("/images/uid", "'uid' must be a user id above 0 (root)",
                        "images run as a non-root user; 10001 is the default");
    s.uid = v["uid"].get<int>();
  }
  if (v.contains("port")) {
    // Compared as 64 bits: read into an int, 2^32 + 8080 wrapped to 8080.
    if (!v["port"].is_number_integer() || v["port"].get<long long>() < 1 ||
        v["port"].get<long long>() > 65535)
      return r.error_at("/images/port", "'port' must be between 1 and 65535");
    s.port = v["port"].get<int>();
  }
  auto repo = r.string_at(v, "/images", "repository", s.repository);
  if (!repo) return repo.error();
  s.repository = *repo;
  auto deps = r.string_at(v, "/images", "pythonDependencies", s.python_dependencies);
  if (!deps) return deps.error();
  if (*deps != "vendor" && *deps != "pip")
    return r.error_at("/images/pythonDependencies", "'pythonDependencies' must be vendor or pip");
  s.python_dependencies = *deps;
  auto py = r.string_at(v, "/images", "pythonVersion", s.python_version);
  if (!py) return py.error();
  s.python_version = *py;
  auto builder = r.string_at(v, "/images", "builder", "");
  if (!builder) return builder.error();
  if (!builder->empty() && *builder != "podman" && *builder != "buildah" && *builder != "docker")
    return r.error_at("/images/builder", "'builder' must be podman, buildah or docker");
  s.builder = *builder;
  return ok_status();
}

}  // namespace

const BaseImages& ImageSettings::base(const std::string& language) const {
  static const BaseImages none;
  auto it = bases.find(language);
  return it == bases.end() ? none : it->second;
}

ImageSettings default_image_settings() {
  ImageSettings s;
  // The images scripts/install-containers builds with debootstrap (no
  // registry is reachable where Strata is tested); pinned by tag.
  s.bases["python"] = {"localhost/strata-build:bookworm",
                       "localhost/strata-python-runtime:bookworm"};
  s.bases["node"] = {"localhost/strata-build:bookworm", "localhost/strata-node-runtime:bookworm"};
  s.bases["cpp"] = {"localhost/strata-cpp-build:bookworm", "scratch"};
  return s;
}

Result<ImageSettings> parse_image_settings(const std::string& text, const std::string& file) {
  ImageSettings s = default_image_settings();
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("images")) return s;
  Reader r(text, file);
  const json& v = doc["images"];
  if (!v.is_object()) return r.error_at("/images", "'images' must be an object");
  if (auto st = r.known_keys(v, "/images",
                             {"python", "node", "cpp", "uid", "port", "repository",
                              "pythonDependencies", "pythonVersion", "builder"});
      !st)
    return st.error();
  for (const char* lang : {"python", "node", "cpp"})
    if (v.contains(lang))
      if (auto st = read_base(r, v[lang], std::string("/images/") + lang, s.bases[lang]); !st)
        return st.error();
  if (auto st = read_scalars(r, v, s); !st) return st.error();
  return s;
}

Result<ImageSettings> load_image_settings(const std::filesystem::path& root) {
  auto text = read_file(root / "strata.json");
  if (!text) return default_image_settings();
  return parse_image_settings(*text, "strata.json");
}

}  // namespace strata::container
