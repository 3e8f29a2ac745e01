#pragma once
// A workspace generator's schema.json: what it is, where its files go, and
// the options it takes (type, default, required, allowed values); and the
// parsing of `--option value` arguments against it.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "util/diagnostics.h"
#include "util/result.h"

namespace strata::gen {

struct OptionSpec {
  std::string name;
  std::string type = "string";  // string, boolean or number
  std::string description;
  std::optional<std::string> default_value;  // as text: "true", "3", "team-a"
  bool required = false;
  std::vector<std::string> allowed;  // "enum"; empty: any value of the type
};

struct GeneratorSchema {
  std::string description;
  std::string destination = ".";  // below the workspace root; placeholders allowed
  std::vector<OptionSpec> options;
};

// Reads schema.json's text; every problem goes to `diags` with file:line:col.
std::optional<GeneratorSchema> parse_generator_schema(const std::string& path,
                                                      const std::string& text, Diagnostics& diags);

// "--owner team-a --typed --count=3 --no-typed" -> option values, defaults
// filled in, types and allowed values checked; unknown options get a
// did-you-mean. Boolean options take no value (or "=true"/"=false").
Result<std::map<std::string, std::string>> parse_generator_options(
    const GeneratorSchema& schema, const std::vector<std::string>& args);

}  // namespace strata::gen
