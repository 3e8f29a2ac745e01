// Parsing and typed access with located diagnostics. JSON is parsed without
// exceptions (util/json_limits: size, nesting and number limits) and its
// byte offsets are converted to line:col here; TOML errors carry their own
// source region and are caught right at the call. Files run on worker
// threads, so nothing may throw out of a reader.

#include "config/config_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <sstream>

#include "util/fs.h"
#include "util/json_limits.h"
#include "util/suggest.h"

namespace strata {

namespace {

nlohmann::json toml_to_json(const toml::node& node) {
  if (auto* t = node.as_table()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [k, v] : *t) out[std::string(k.str())] = toml_to_json(v);
    return out;
  }
  if (auto* a = node.as_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : *a) out.push_back(toml_to_json(v));
    return out;
  }
  if (auto v = node.value<std::string>(); node.is_string() && v) return *v;
  if (node.is_integer()) return node.value<int64_t>().value_or(0);
  if (node.is_floating_point()) return node.value<double>().value_or(0.0);
  if (node.is_boolean()) return node.value<bool>().value_or(false);
  // Dates and times: their TOML spelling.
  std::ostringstream os;
  node.visit([&](const auto& n) { os << n; });
  return os.str();
}

// nlohmann reports the last character read; when that closes a string,
// the string's opening quote is where a reader should look.
size_t token_start(std::string_view text, size_t offset) {
  if (offset >= text.size() || text[offset] != '"' || offset == 0) return offset;
  for (size_t i = offset; i-- > 0;) {
    if (text[i] == '\n') return offset;
    if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) return i;
  }
  return offset;
}

const char* type_name(const nlohmann::json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_array()) return "an array";
  if (v.is_object()) return "an object";
  return "null";
}

}  // namespace

ConfigFile::ConfigFile(std::string path, std::string text)
    : m_path(std::move(path)), m_text(std::move(text)) {}

ConfigFile::~ConfigFile() = default;

std::unique_ptr<ConfigFile> ConfigFile::from_json(std::string path, std::string text) {
  std::unique_ptr<ConfigFile> f(new ConfigFile(std::move(path), std::move(text)));
  if (f->m_text.size() > k_config_max_bytes) {
    f->m_diags.error(
        size_limit_error(f->m_path, f->m_text.size(), k_config_max_bytes, "configuration files"));
    return f;
  }
  // Never throws: this runs on worker threads, and a number out of range
  // (1e999999) is a located config error like any syntax error.
  auto problem = parse_json_bounded(f->m_text, /*comments=*/true, f->m_root);
  if (!problem) {
    f->m_ok = true;
    return f;
  }
  std::string hint = problem->hint.empty()
                         ? "fix the syntax; comments are allowed, trailing commas are not"
                         : problem->hint;
  TextPos p = JsonLocator(f->m_text).position_of(token_start(f->m_text, problem->offset));
  f->m_diags.error(Error(problem->message, {f->m_path, p.line, p.col}, std::move(hint)));
  return f;
}

std::unique_ptr<ConfigFile> ConfigFile::from_toml(std::string path, std::string text) {
  std::unique_ptr<ConfigFile> f(new ConfigFile(std::move(path), std::move(text)));
  if (f->m_text.size() > k_config_max_bytes) {
    f->m_diags.error(
        size_limit_error(f->m_path, f->m_text.size(), k_config_max_bytes, "configuration files"));
    return f;
  }
  // toml++ refuses nesting past TOML_MAX_NESTED_VALUES (256) itself.
  try {
    f->m_toml = std::make_unique<toml::table>(toml::parse(f->m_text, f->m_path));
    f->m_root = toml_to_json(*f->m_toml);
    f->m_ok = true;
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    f->m_diags.error(
        Error("invalid TOML: " + std::string(e.description()),
              {f->m_path, static_cast<int>(begin.line), static_cast<int>(begin.column)}));
  }
  return f;
}

std::unique_ptr<ConfigFile> ConfigFile::unreadable(std::string path, const Error& why) {
  std::unique_ptr<ConfigFile> f(new ConfigFile(std::move(path), {}));
  f->m_diags.error(Error(why.message, {f->m_path, why.loc.line, why.loc.col}, why.hint));
  return f;
}

TextPos ConfigFile::toml_position(std::string_view pointer) const {
  const toml::node* node = m_toml.get();
  size_t start = 1;
  while (node && start <= pointer.size()) {
    size_t end = pointer.find('/', start);
    if (end == std::string_view::npos) end = pointer.size();
    std::string token(pointer.substr(start, end - start));
    const toml::node* next = nullptr;
    if (auto* t = node->as_table()) {
      next = t->get(token);
    } else if (auto* a = node->as_array()) {
      next = a->get(static_cast<size_t>(std::atoi(token.c_str())));
    }
    if (!next) break;
    node = next;
    start = end + 1;
  }
  if (!node) return {};
  const auto& b = node->source().begin;
  return {static_cast<int>(b.line), static_cast<int>(b.column)};
}

SourceLoc ConfigFile::loc(std::string_view pointer) const {
  TextPos p = m_toml ? toml_position(pointer) : JsonLocator(m_text).locate(pointer);
  return {m_path, p.line, p.col};
}

std::map<std::string, SourceLoc> ConfigFile::member_locs(std::string_view pointer) const {
  std::map<std::string, SourceLoc> out;
  if (m_toml) {
    const nlohmann::json* obj = &m_root;
    if (!pointer.empty()) obj = &m_root.at(nlohmann::json::json_pointer(std::string(pointer)));
    for (const auto& [key, value] : obj->items())
      out.emplace(key, loc(json_pointer_append(pointer, key)));
    return out;
  }
  for (auto& [key, p] : JsonLocator(m_text).member_positions(pointer))
    out.emplace(key, SourceLoc{m_path, p.line, p.col});
  return out;
}

void ConfigFile::error(std::string_view pointer, std::string message, std::string hint) {
  m_diags.error(Error(std::move(message), loc(pointer), std::move(hint)));
}

void ConfigFile::warn(std::string_view pointer, std::string message, std::string hint) {
  m_diags.warn(Error(std::move(message), loc(pointer), std::move(hint)));
}

void ConfigFile::check_keys(const nlohmann::json& object, std::string_view pointer,
                            const std::vector<std::string>& known, std::string_view what) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    warn(json_pointer_append(pointer, key),
         "unknown key '" + key + "' in " + std::string(what) + " (ignored)",
         did_you_mean(key, known));
  }
}

std::optional<std::string> ConfigFile::get_string(const nlohmann::json& object,
                                                  std::string_view pointer, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  error(json_pointer_append(pointer, key),
        std::string("'") + key + "' must be a string, not " + type_name(*it));
  return std::nullopt;
}

std::optional<bool> ConfigFile::get_bool(const nlohmann::json& object, std::string_view pointer,
                                         const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  error(json_pointer_append(pointer, key),
        std::string("'") + key + "' must be true or false, not " + type_name(*it));
  return std::nullopt;
}

std::optional<std::vector<std::string>> ConfigFile::get_strings(const nlohmann::json& object,
                                                                std::string_view pointer,
                                                                const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  std::string at = json_pointer_append(pointer, key);
  if (!it->is_array()) {
    error(at, std::string("'") + key + "' must be an array of strings, not " + type_name(*it));
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(it->size());
  bool good = true;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& v = (*it)[i];
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
    } else {
      error(json_pointer_append(at, std::to_string(i)),
            std::string("'") + key + "' must hold only strings, not " + type_name(v));
      good = false;
    }
  }
  if (!good) return std::nullopt;
  return out;
}

const nlohmann::json* ConfigFile::get_object(const nlohmann::json& object, std::string_view pointer,
                                             const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return nullptr;
  if (it->is_object()) return &*it;
  error(json_pointer_append(pointer, key),
        std::string("'") + key + "' must be an object, not " + type_name(*it));
  return nullptr;
}

std::string parent_dir(std::string_view rel_path) {
  size_t slash = rel_path.rfind('/');
  return slash == std::string_view::npos ? "." : std::string(rel_path.substr(0, slash));
}

}  // namespace strata
