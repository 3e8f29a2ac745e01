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

namespace {

// Replaces every `open KEY close` whose KEY `lookup` knows; anything else is
// kept as written, and the search goes on from the next character, so
// "{{{name}}}" still expands its inner placeholder.
template <typename Lookup>
std::string expand_delimited(std::string_view text, std::string_view open_delim,
                             std::string_view close_delim, const Lookup& lookup) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (true) {
    size_t open = text.find(open_delim, pos);
    if (open == std::string_view::npos) break;
    size_t key_start = open + open_delim.size();
    size_t close = text.find(close_delim, key_start);
    if (close == std::string_view::npos) break;
    const std::string* value = lookup(text.substr(key_start, close - key_start));
    if (!value) {
      out.append(text.substr(pos, open + 1 - pos));
      pos = open + 1;
      continue;
    }
    out.append(text.substr(pos, open - pos));
    out += *value;
    pos = close + close_delim.size();
  }
  out.append(text.substr(pos));
  return out;
}

}  // namespace

std::string Placeholders::expand_text(std::string_view text) const {
  return expand_delimited(text, "{{", "}}", [this](std::string_view key) { return find(key); });
}

std::string Placeholders::expand_path(std::string_view path) const {
  // A key never spans a directory separator, so "__" pairs in different
  // path segments (Python's __init__ next to a placeholder) are left alone.
  std::string out = expand_delimited(path, "__", "__", [this](std::string_view key) {
    return key.find('/') == std::string_view::npos ? find(key) : nullptr;
  });
  if (std::string_view(out).ends_with(".tmpl")) out.resize(out.size() - 5);
  return out;
}

}  // namespace strata::gen
