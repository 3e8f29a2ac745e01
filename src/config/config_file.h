#pragma once
// One configuration file being read: its parsed value, a way back from a
// JSON pointer to file:line:col, and the problems found in it. Readers run
// on many files at once, so each file collects its own diagnostics and the
// loader merges them in a fixed order afterwards.

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/json_locator.h"
#include "util/diagnostics.h"

namespace toml {
inline namespace v3 {
class table;
}
}  // namespace toml

namespace strata {

class ConfigFile {
 public:
  // Parses JSON with comments allowed, as Nx does. A syntax error is
  // recorded with its line:col and leaves ok() false.
  static std::unique_ptr<ConfigFile> from_json(std::string path, std::string text);
  // Parses TOML; the document is also converted to JSON so the same readers
  // apply, and pointers resolve to positions in the TOML source.
  static std::unique_ptr<ConfigFile> from_toml(std::string path, std::string text);
  // A file that could not be read at all.
  static std::unique_ptr<ConfigFile> unreadable(std::string path, const Error& why);
  ~ConfigFile();

  bool ok() const { return m_ok; }
  const std::string& path() const { return m_path; }
  const nlohmann::json& root() const { return m_root; }
  // For readers that clean values in place while checking them.
  nlohmann::json& mutable_root() { return m_root; }
  Diagnostics& diags() { return m_diags; }
  const Diagnostics& diags() const { return m_diags; }

  SourceLoc loc(std::string_view pointer) const;
  // Locations of every key of the object at `pointer`.
  std::map<std::string, SourceLoc> member_locs(std::string_view pointer) const;

  void error(std::string_view pointer, std::string message, std::string hint = {});
  void warn(std::string_view pointer, std::string message, std::string hint = {});

  // Warns about each key of `object` not in `known`, with a did-you-mean.
  void check_keys(const nlohmann::json& object, std::string_view pointer,
                  const std::vector<std::string>& known, std::string_view what);

  // Typed access to `object[key]`: nullopt when absent; an error (and
  // nullopt) when present with the wrong type.
  std::optional<std::string> get_string(const nlohmann::json& object, std::string_view pointer,
                                        const char* key);
  std::optional<bool> get_bool(const nlohmann::json& object, std::string_view pointer,
                               const char* key);
  std::optional<std::vector<std::string>> get_strings(const nlohmann::json& object,
                                                      std::string_view pointer, const char* key);
  // The member if it is an object (an error if it is something else).
  const nlohmann::json* get_object(const nlohmann::json& object, std::string_view pointer,
                                   const char* key);

 private:
  ConfigFile(std::string path, std::string text);
  TextPos toml_position(std::string_view pointer) const;

  std::string m_path;
  std::string m_text;
  nlohmann::json m_root;
  std::unique_ptr<toml::table> m_toml;
  bool m_ok = false;
  Diagnostics m_diags;
};

// "libs/a/project.json" -> "libs/a"; "project.json" -> ".".
std::string parent_dir(std::string_view rel_path);

}  // namespace strata
