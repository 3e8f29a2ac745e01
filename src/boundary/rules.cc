// Parsing goes through ConfigFile's typed getters so a wrong type is one
// diagnostic with file:line and the rest of the block is still read: all
// problems are reported in one run.

#include "boundary/rules.h"

#include <algorithm>
#include <regex>

#include "config/json_locator.h"
#include "graph/declared_deps.h"
#include "util/suggest.h"

namespace strata {

namespace {

const std::vector<std::string> k_boundary_keys = {"layers", "publicLayer", "bannedExternals",
                                                  "depConstraints"};
const std::vector<std::string> k_constraint_keys = {"sourceTag",
                                                    "allSourceTags",
                                                    "onlyDependOnLibsWithTags",
                                                    "notDependOnLibsWithTags",
                                                    "bannedExternalImports",
                                                    "allowedExternalImports"};

// {"domain": ["a", "b"], ...} read into a map, one error per bad member.
std::map<std::string, std::vector<std::string>> read_lists(ConfigFile& f, const nlohmann::json& obj,
                                                           const std::string& pointer) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& [key, value] : obj.items())
    if (auto list = f.get_strings(obj, pointer, key.c_str())) out[key] = std::move(*list);
  return out;
}

// A "/re/" tag must compile; std::regex reports a bad one only by throwing.
bool valid_tag_pattern(ConfigFile& f, const std::string& at, const std::string& tag) {
  if (tag.size() < 2 || tag.front() != '/' || tag.back() != '/') return true;
  try {
    std::regex re(tag.substr(1, tag.size() - 2), std::regex::ECMAScript);
    return true;
  } catch (const std::regex_error& e) {
    f.error(at, "invalid regular expression " + tag + " in depConstraints: " + e.what());
    return false;
  }
}

bool valid_tags(ConfigFile& f, const std::string& at, const DepConstraint& c) {
  bool ok = true;
  for (const auto& t : c.source_tags) ok = valid_tag_pattern(f, at, t) && ok;
  for (const auto& t : c.only_tags.value_or(std::vector<std::string>{}))
    ok = valid_tag_pattern(f, at, t) && ok;
  for (const auto& t : c.not_tags) ok = valid_tag_pattern(f, at, t) && ok;
  return ok;
}

std::optional<DepConstraint> read_constraint(ConfigFile& f, const nlohmann::json& row,
                                             const std::string& at) {
  if (!row.is_object()) {
    f.error(at, "a depConstraints entry must be an object");
    return std::nullopt;
  }
  f.check_keys(row, at, k_constraint_keys, "a depConstraints entry");
  DepConstraint c;
  c.loc = f.loc(at);
  if (auto all = f.get_strings(row, at, "allSourceTags")) {
    c.source_tags = std::move(*all);
    c.combo = true;
  } else if (auto one = f.get_string(row, at, "sourceTag")) {
    c.source_tags = {std::move(*one)};
  }
  if (c.source_tags.empty()) {
    f.error(at, "a depConstraints entry needs 'sourceTag' or 'allSourceTags'",
            "for example {\"sourceTag\": \"layer:domain\", \"onlyDependOnLibsWithTags\": "
            "[\"layer:domain\"]}");
    return std::nullopt;
  }
  c.only_tags = f.get_strings(row, at, "onlyDependOnLibsWithTags");
  c.not_tags =
      f.get_strings(row, at, "notDependOnLibsWithTags").value_or(std::vector<std::string>{});
  c.banned_externals =
      f.get_strings(row, at, "bannedExternalImports").value_or(std::vector<std::string>{});
  c.allowed_externals = f.get_strings(row, at, "allowedExternalImports");
  if (!valid_tags(f, at, c)) return std::nullopt;
  return c;
}

void read_constraints(ConfigFile& f, const nlohmann::json& block, BoundaryRules& r) {
  auto it = block.find("depConstraints");
  if (it == block.end()) return;
  const std::string at = "/boundaries/depConstraints";
  if (!it->is_array()) return f.error(at, "'depConstraints' must be an array");
  for (size_t i = 0; i < it->size(); ++i)
    if (auto c = read_constraint(f, (*it)[i], json_pointer_append(at, std::to_string(i))))
      r.dep_constraints.push_back(std::move(*c));
}

// A layer named in a list or as publicLayer that has no rules of its own is
// most likely a typo: "domian" would silently allow nothing.
void check_layer_names(ConfigFile& f, const BoundaryRules& r) {
  std::vector<std::string> known;
  for (const auto& [layer, allowed] : r.layers) known.push_back(layer);
  auto check = [&](const std::string& pointer, const std::string& name) {
    if (std::find(known.begin(), known.end(), name) == known.end())
      f.warn(pointer, "layer '" + name + "' has no entry in boundaries.layers",
             did_you_mean(name, known));
  };
  for (const auto& [layer, allowed] : r.layers)
    for (size_t i = 0; i < allowed.size(); ++i)
      check(
          json_pointer_append(json_pointer_append("/boundaries/layers", layer), std::to_string(i)),
          allowed[i]);
  if (f.root().at("boundaries").contains("publicLayer"))
    check("/boundaries/publicLayer", r.public_layer);
}

}  // namespace

std::string DepConstraint::source_label() const {
  std::string s;
  for (const auto& t : source_tags) s += (s.empty() ? "\"" : " and \"") + t + "\"";
  return s;
}

BoundaryRules BoundaryRules::defaults() {
  BoundaryRules r;
  r.layers = {{"domain", {}},
              {"api", {}},
              {"application", {"domain", "api"}},
              {"infrastructure", {"domain", "application", "api"}}};
  r.banned_externals = {{"domain",
                         {"fastapi", "flask", "django", "sqlalchemy", "requests", "express",
                          "react", "axios", "boost", "httplib"}},
                        {"api", {"fastapi", "flask", "django", "sqlalchemy", "express", "axios"}}};
  return r;
}

BoundaryRules read_boundary_rules(ConfigFile& f) {
  auto it = f.root().find("boundaries");
  if (!f.ok() || it == f.root().end()) return BoundaryRules::defaults();
  BoundaryRules r;
  r.config_file = f.path();
  const std::string at = "/boundaries";
  if (!it->is_object()) {
    f.error(at, "'boundaries' must be an object");
    return r;
  }
  f.check_keys(*it, at, k_boundary_keys, "boundaries");
  if (const auto* layers = f.get_object(*it, at, "layers"))
    r.layers = read_lists(f, *layers, at + "/layers");
  if (auto pub = f.get_string(*it, at, "publicLayer")) r.public_layer = *pub;
  if (const auto* banned = f.get_object(*it, at, "bannedExternals"))
    r.banned_externals = read_lists(f, *banned, at + "/bannedExternals");
  read_constraints(f, *it, r);
  if (!r.layers.empty()) check_layer_names(f, r);
  return r;
}

bool has_tag(const std::vector<std::string>& tags, std::string_view pattern) {
  if (pattern == "*") return true;
  if (pattern.size() >= 2 && pattern.front() == '/' && pattern.back() == '/') {
    // Compiled once per pattern: a check asks about the same few tags for
    // every import. Patterns were validated when the rules were read.
    thread_local std::map<std::string, std::regex, std::less<>> compiled;
    auto it = compiled.find(pattern);
    if (it == compiled.end())
      it = compiled
               .emplace(std::string(pattern),
                        std::regex(std::string(pattern.substr(1, pattern.size() - 2)),
                                   std::regex::ECMAScript))
               .first;
    const std::regex& re = it->second;
    for (const auto& t : tags)
      if (std::regex_search(t, re)) return true;
    return false;
  }
  bool glob = pattern.find('*') != std::string_view::npos;
  for (const auto& t : tags)
    if (glob ? name_matches(pattern, t) : t == pattern) return true;
  return false;
}

std::string tag_value(const std::vector<std::string>& tags, std::string_view prefix) {
  for (const auto& t : tags)
    if (t.size() > prefix.size() && t.compare(0, prefix.size(), prefix) == 0 &&
        t[prefix.size()] == ':')
      return t.substr(prefix.size() + 1);
  return {};
}

}  // namespace strata
