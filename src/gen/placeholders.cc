#include "gen/placeholders.h"

namespace strata::gen {

Placeholders Placeholders::for_names(const NameForms& name, const NameForms& context,
                                     const std::string& workspace) {
  Placeholders p;
  auto add = [&p](const std::string& prefix, const NameForms& f) {
    p.set(prefix, f.snake);
    p.set(std::string(1, static_cast<char>(prefix[0] - 'a' + 'A')) + prefix.substr(1), f.pascal);
    p.set(prefix + "-kebab", f.kebab);
    std::string upper;
    for (char c : prefix) upper += static_cast<char>(c - 'a' + 'A');
    p.set(upper, f.upper);
    p.set(prefix + "Camel", f.camel);
  };
  add("name", name);
  add("context", context);
  p.set("workspace", workspace);
  return p;
}

const std::string* Placeholders::find(std::string_view key) const {
  auto it = m_values.find(key);
  return it == m_values.end() ? nullptr : &it->second;
}

std::string Placeholders::expand_text(std::string_view text) const {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const std::string* value = find(text.substr(open + 2, close - open - 2));
    if (!value) {
      // Not ours: keep "{{" and look again from the next character, so
      // "{{{name}}}" still expands its inner placeholder.
      out.append(text.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    out.append(text.substr(pos, open - pos));
    out += *value;
    pos = close + 2;
  }
  out.append(text.substr(pos));
  return out;
}

std::string Placeholders::expand_path(std::string_view path) const {
  std::string out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t open = path.find("__", pos);
    if (open == std::string_view::npos) break;
    size_t close = path.find("__", open + 2);
    if (close == std::string_view::npos) break;
    std::string_view key = path.substr(open + 2, close - open - 2);
    const std::string* value = key.find('/') == std::string_view::npos ? find(key) : nullptr;
    if (!value) {
      out.append(path.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    out.append(path.substr(pos, open - pos));
    out += *value;
    pos = close + 2;
  }
  out.append(path.substr(pos));
  if (std::string_view(out).ends_with(".tmpl")) out.resize(out.size() - 5);
  return out;
}

}  // namespace strata::gen
