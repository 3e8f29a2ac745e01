#include "config/pnpm_workspace.h"

namespace strata {

namespace {

std::string_view trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// A scalar, unquoted, with a trailing " # comment" removed when unquoted.
std::string scalar(std::string_view s) {
  s = trim(s);
  if (!s.empty() && (s[0] == '\'' || s[0] == '"')) {
    size_t end = s.find(s[0], 1);
    return std::string(s.substr(1, end == std::string_view::npos ? s.size() - 1 : end - 1));
  }
  size_t hash = s.find(" #");
  return std::string(trim(s.substr(0, hash)));
}

std::vector<std::string> flow_list(std::string_view s) {
  std::vector<std::string> out;
  s = trim(s);
  if (s.empty() || s[0] != '[') return out;
  s.remove_prefix(1);
  size_t close = s.rfind(']');
  if (close != std::string_view::npos) s = s.substr(0, close);
  while (!s.empty()) {
    size_t comma = s.find(',');
    std::string item = scalar(s.substr(0, comma));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::vector<std::string> parse_pnpm_packages(std::string_view yaml) {
  std::vector<std::string> out;
  bool in_packages = false;
  // A flow list ("[...]") may span lines; its text is gathered up to ']'.
  std::string flow;
  bool in_flow = false;
  auto start_flow = [&](std::string_view s) {
    s = trim(s);
    if (s.empty() || s[0] != '[') return;
    flow = std::string(s);
    in_flow = s.find(']') == std::string_view::npos;
    if (in_flow) return;
    auto items = flow_list(flow);
    out.insert(out.end(), items.begin(), items.end());
  };
  while (!yaml.empty()) {
    size_t nl = yaml.find('\n');
    std::string_view line = yaml.substr(0, nl);
    yaml = nl == std::string_view::npos ? std::string_view() : yaml.substr(nl + 1);
    std::string_view t = trim(line);
    if (in_flow) {
      flow += ' ';
      flow += t;
      // start_flow assigns `flow`: hand it a copy, never a view of itself.
      if (t.find(']') != std::string_view::npos || yaml.empty()) start_flow(std::string(flow));
      continue;
    }
    if (t.empty() || t[0] == '#') continue;
    bool indented = line[0] == ' ' || line[0] == '\t';
    if (!indented) {
      in_packages = t.rfind("packages:", 0) == 0;
      if (in_packages) start_flow(t.substr(9));
      continue;
    }
    if (in_packages && t[0] == '-') {
      std::string item = scalar(t.substr(1));
      if (!item.empty()) out.push_back(std::move(item));
    } else if (in_packages && t[0] == '[') {
      start_flow(t);
    }
  }
  return out;
}

}  // namespace strata
