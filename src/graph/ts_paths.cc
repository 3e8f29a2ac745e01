#include "graph/ts_paths.h"

#include <nlohmann/json.hpp>

#include "graph/project_roots.h"
#include "util/fs.h"

namespace strata {

namespace {

// Removes a ',' whose next significant character closes an object/array.
void drop_trailing_commas(std::string& s) {
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_str) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == ',') {
      size_t j = s.find_first_not_of(" \t\r\n", i + 1);
      if (j != std::string::npos && (s[j] == '}' || s[j] == ']')) s[i] = ' ';
    }
  }
}

std::string join_dir(std::string_view dir, std::string_view rel) {
  return normalize_path(dir.empty() ? std::string(rel) : std::string(dir) + "/" + std::string(rel));
}

}  // namespace

std::string strip_jsonc(std::string_view text) {
  std::string s(text);
  bool in_str = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (in_str) {
      if (s[i] == '\\')
        ++i;
      else if (s[i] == '"')
        in_str = false;
    } else if (s[i] == '"') {
      in_str = true;
    } else if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      for (; i < s.size() && s[i] != '\n'; ++i) s[i] = ' ';
    } else if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string::npos ? s.size() : end + 2;
      for (; i < end; ++i)
        if (s[i] != '\n') s[i] = ' ';
      --i;
    }
  }
  drop_trailing_commas(s);
  return s;
}

Result<TsPaths> TsPaths::parse(std::string_view text, std::string_view dir,
                               const std::string& file) {
  auto j = nlohmann::json::parse(strip_jsonc(text), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error("malformed JSON", SourceLoc{file}, "fix the file or remove it");
  TsPaths out;
  auto opts = j.find("compilerOptions");
  if (opts == j.end() || !opts->is_object()) return out;
  std::string base(dir);
  if (auto b = opts->find("baseUrl"); b != opts->end() && b->is_string())
    base = join_dir(dir, b->get<std::string>());
  auto paths = opts->find("paths");
  if (paths == opts->end() || !paths->is_object()) return out;
  for (auto& [pattern, targets] : paths->items()) {
    if (!targets.is_array())
      return Error("compilerOptions.paths[\"" + pattern + "\"] must be an array", SourceLoc{file});
    Alias alias{pattern, {}};
    for (const auto& t : targets)
      if (t.is_string()) alias.targets.push_back(join_dir(base, t.get<std::string>()));
    out.m_aliases.push_back(std::move(alias));
  }
  return out;
}

TsPaths TsPaths::load(const std::filesystem::path& root, Diagnostics& diags) {
  TsPaths out;
  for (const char* name : {"tsconfig.base.json", "tsconfig.json"}) {
    auto text = read_file(root / name);
    if (!text) continue;
    auto parsed = parse(*text, "", name);
    if (parsed)
      out.merge(*parsed);
    else
      diags.warn(parsed.error());
  }
  return out;
}

void TsPaths::merge(const TsPaths& other) {
  for (const auto& a : other.m_aliases) {
    std::erase_if(m_aliases, [&](const Alias& x) { return x.pattern == a.pattern; });
    m_aliases.push_back(a);
  }
}

std::vector<std::string> TsPaths::map(std::string_view spec) const {
  const Alias* best = nullptr;
  size_t best_prefix = 0;
  std::string_view star;
  for (const auto& a : m_aliases) {
    size_t pos = a.pattern.find('*');
    if (pos == std::string::npos) {
      if (a.pattern == spec) {
        best = &a;
        star = {};
        break;
      }
      continue;
    }
    std::string_view prefix(a.pattern.data(), pos);
    std::string_view suffix = std::string_view(a.pattern).substr(pos + 1);
    if (spec.size() < prefix.size() + suffix.size() || !spec.starts_with(prefix) ||
        !spec.ends_with(suffix) || (best && prefix.size() <= best_prefix))
      continue;
    best = &a;
    best_prefix = prefix.size();
    star = spec.substr(prefix.size(), spec.size() - prefix.size() - suffix.size());
  }
  std::vector<std::string> out;
  if (!best) return out;
  for (const auto& t : best->targets) {
    size_t pos = t.find('*');
    out.push_back(pos == std::string::npos
                      ? t
                      : normalize_path(t.substr(0, pos) + std::string(star) + t.substr(pos + 1)));
  }
  return out;
}

}  // namespace strata
