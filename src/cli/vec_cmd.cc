// vec: the vector store from the command line. Records and queries travel
// as JSON lines so commands compose in pipes (`strata db test-vectors ... |
// strata vec upsert docs`); `vec serve` puts the same VectorStore behind the
// JSON HTTP API. The store is a directory (embedded, the default
// .strata/vectors) or a postgres:// URL, from --store or STRATA_VECTOR_STORE.
// The vec_*_cmd.cc files hold the subcommands; this one what they share and
// the group's row.

#include "cli/vec_cmd.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/command_support.h"
#include "util/json_limits.h"

namespace strata::cli {

namespace vec_cli {

using json = nlohmann::json;
using namespace strata::vec;

json parse_json_line(const std::string& line) {
  json j;
  if (line.size() > k_config_max_bytes || parse_json_bounded(line, false, j))
    return json::value_t::discarded;
  return j;
}

Result<Filter> where_option(const std::string& text) {
  if (text.empty()) return Filter{};
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded())
    return Error("--where is not valid JSON", {}, R"(for example --where '{"genre": "jazz"}')");
  return parse_filter(j);
}

void warn_all(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) std::fprintf(stderr, "strata: warning: %s\n", w.c_str());
}

std::string store_location(const VecOptions& o) {
  if (!o.store.empty()) return o.store;
  if (const char* env = std::getenv("STRATA_VECTOR_STORE"); env && *env) return env;
  const std::string& cwd = global_options().cwd;
  return ((cwd.empty() ? std::filesystem::current_path() : std::filesystem::path(cwd)) / ".strata" /
          "vectors")
      .string();
}

Result<std::unique_ptr<VectorStore>> open_store(const VecOptions& o, Access access) {
  return open_vector_store(store_location(o), access);
}

CommandSpec store_row(const char* name, const char* summary, const Options& o,
                      ExitCode (*run)(const VecOptions&),
                      std::function<void(CLI::App&, VecOptions&)> more) {
  return {name, summary, "", [o, run, more](CLI::App& s) -> Handler {
            s.add_option(
                "--store", o->store,
                "The store: a directory (embedded; default .strata/vectors) or a postgres:// URL "
                "(also STRATA_VECTOR_STORE)");
            more(s, *o);
            return [o, run] { return run(*o); };
          }};
}

Progress::Progress() : m_tty(isatty(STDERR_FILENO) && !std::getenv("CI")), m_start(clock::now()) {}

void Progress::update(size_t n) {
  if (!m_tty || clock::now() - m_last < std::chrono::milliseconds(200)) return;
  m_last = clock::now();
  std::fprintf(stderr, "\r  %zu records (%.0f/s)", n, n / seconds());
}

void Progress::done(const std::string& what) {
  clear();
  std::fprintf(stderr, "%s in %.3f s\n", what.c_str(), seconds());
}

void Progress::clear() {
  if (m_tty) std::fprintf(stderr, "\r\033[K");
}

double Progress::seconds() const {
  return std::chrono::duration<double>(clock::now() - m_start).count() + 1e-9;
}

LineReader::LineReader(const std::string& file) : m_name(file.empty() ? "<stdin>" : file) {
  if (!file.empty()) m_file.open(file);
}

bool LineReader::failed() const { return m_name != "<stdin>" && !m_file.is_open(); }

bool LineReader::next(std::string& line) {
  std::istream& in = m_file.is_open() ? static_cast<std::istream&>(m_file) : std::cin;
  while (std::getline(in, line)) {
    ++m_line;
    if (line.find_first_not_of(" \t\r") != std::string::npos) return true;
  }
  return false;
}

}  // namespace vec_cli

namespace {

std::vector<CommandSpec> vec_rows(const vec_cli::Options& o) {
  std::vector<CommandSpec> rows;
  for (auto* group :
       {vec_cli::collection_rows, vec_cli::record_rows, vec_cli::query_rows, vec_cli::serve_rows})
    for (auto& row : group(o)) rows.push_back(std::move(row));
  return rows;
}

CommandSpec vec_command() {
  return {"vec",
          "The vector store: collections of embeddings with metadata, top-k queries, an HTTP API",
          "  strata vec create docs --dim 384 --metric cosine\n"
          "  strata db test-vectors 1000 --dim 384 | strata vec upsert docs --quiet\n"
          "  strata vec query docs -k 5 --where '{\"lang\": {\"$in\": [\"en\", \"de\"]}}' --vector "
          "'[0.1, ...]'\n"
          "  strata vec count docs --where '{\"year\": {\"$gte\": 2020}}'\n"
          "  strata vec serve --port 8765 --token \"$TOKEN\"\n"
          "  strata vec create docs --dim 384 --store postgres://localhost/app",
          [](CLI::App& sub) -> Handler {
            return subcommand_group(sub, vec_rows(std::make_shared<vec_cli::VecOptions>()));
          }};
}

}  // namespace

std::vector<CommandSpec> vec_commands() { return {vec_command()}; }

}  // namespace strata::cli
