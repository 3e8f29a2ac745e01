// The shared glue of the command files. Subcommand groups record the chosen
// subcommand's handler from CLI11's callback and run it after parsing, so
// no group dispatches by testing which subcommand was parsed.

#include "cli/command_support.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "util/fs.h"

namespace strata::cli {

namespace fs = std::filesystem;

fs::path start_dir() {
  std::error_code ec;
  const std::string& cwd = global_options().cwd;
  return fs::absolute(cwd.empty() ? fs::current_path(ec) : fs::path(cwd), ec);
}

std::string from_start(const std::string& path) {
  return path.empty() ? path : (start_dir() / path).lexically_normal().string();
}

ExitCode fail(const Error& e, ExitCode code) {
  print_error(e);
  return code;
}

ExitCode fail_relative(Error e, ExitCode code) {
  std::string rel = e.loc.known() ? relative_to(e.loc.file, start_dir()) : "";
  if (!rel.empty()) e.loc.file = rel;
  return fail(e, code);
}

void print_json(const nlohmann::json& j) { std::printf("%s\n", j.dump(2).c_str()); }

void print_json_line(const nlohmann::json& j) {
  std::string s = j.dump() + "\n";
  std::fwrite(s.data(), 1, s.size(), stdout);
}

void add_json_flag(CLI::App& sub, bool& json, const std::string& what) {
  sub.add_flag("--json", json, what);
}

Handler subcommand_group(CLI::App& group, const std::vector<CommandSpec>& rows) {
  auto chosen = std::make_shared<Handler>();
  group.require_subcommand(0, 1);
  // A word that is no subcommand lands here, for a suggestion.
  auto unknown = std::make_shared<std::vector<std::string>>();
  group.add_option("words", *unknown)->group("");
  for (const auto& row : rows) {
    CLI::App* sub = group.add_subcommand(row.name, row.summary);
    if (row.examples && *row.examples) sub->footer(std::string("Examples:\n") + row.examples);
    Handler h = row.setup(*sub);
    sub->callback([chosen, h] { *chosen = h; });
  }
  CLI::App* app = &group;
  return [chosen, app, unknown]() -> ExitCode {
    if (*chosen) return (*chosen)();
    return static_cast<ExitCode>(
        unknown_subcommand(*app, unknown->empty() ? "" : unknown->front()));
  };
}

}  // namespace strata::cli
