#pragma once
// Placeholder expansion for template contents ({{name}}) and paths
// (__name__, ".tmpl" stripped). Only known placeholders are replaced: a
// literal "{{" that names none is left as it is.

#include <map>
#include <string>
#include <string_view>

#include "gen/naming.h"

namespace strata::gen {

// The values of one generator run's placeholders.
class Placeholders {
 public:
  // {{name}}, {{Name}}, {{name-kebab}}, {{NAME}}, {{nameCamel}} from `name`,
  // {{context}}, {{Context}}, {{context-kebab}}, {{CONTEXT}}, {{contextCamel}}
  // from `context`, and {{workspace}}.
  static Placeholders for_names(const NameForms& name, const NameForms& context,
                                const std::string& workspace);

  void set(std::string key, std::string value) { m_values[std::move(key)] = std::move(value); }
  const std::string* find(std::string_view key) const;

  // "{{key}}" replaced by its value for every known key.
  std::string expand_text(std::string_view text) const;
  // "__key__" replaced in each path segment, and a trailing ".tmpl" removed.
  std::string expand_path(std::string_view path) const;

 private:
  std::map<std::string, std::string, std::less<>> m_values;
};

}  // namespace strata::gen
