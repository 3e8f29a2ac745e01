#pragma once
// What the vec subcommand files share: the group's options, where the store
// is, progress on a terminal, and reading JSON lines. Records and queries
// travel as JSON lines so commands compose in pipes.

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "vector/http_api.h"
#include "vector/vector_store.h"

namespace strata::cli::vec_cli {

struct VecOptions {
  std::string store, name;
  // create
  int dim = 0, m = 0, ef_construction = 0;
  std::string metric = "cosine", index = "hnsw";
  bool defer_index = false;
  std::string durability = "fsync";
  // upsert, get, delete, query
  std::string file;
  size_t batch = 500;
  std::vector<std::string> ids;
  std::string where, vector;
  int k = 10, ef = 0;
  int parallel = 1;  // query: lines answered at once
  bool json = false, quiet = false;
  // serve
  vec::HttpOptions http = [] {
    vec::HttpOptions h;
    h.port = 8765;
    return h;
  }();
  size_t max_body_mb = 64;
  std::string tokens_file;  // serve: NAME ROLE TOKEN lines (http/access.h)
  int threads = 0;          // accepted for old scripts; every connection has its own thread now
  double read_timeout = 5, idle_timeout = 5;
};
using Options = std::shared_ptr<VecOptions>;

// --store, else STRATA_VECTOR_STORE, else .strata/vectors where strata started.
std::string store_location(const VecOptions& o);
Result<std::unique_ptr<vec::VectorStore>> open_store(const VecOptions& o, vec::Access access);

// One JSON lines record, within the nesting and size limits of every
// reader (util/json_limits); anything refused reads as discarded.
nlohmann::json parse_json_line(const std::string& line);

// --where's filter; no text, no filter.
Result<vec::Filter> where_option(const std::string& text);

void warn_all(const std::vector<std::string>& warnings);

// A row that takes --store and the options `more` adds; its handler calls `run`.
CommandSpec store_row(const char* name, const char* summary, const Options& o,
                      ExitCode (*run)(const VecOptions&),
                      std::function<void(CLI::App&, VecOptions&)> more);

// Progress on a terminal; nothing until the summary line otherwise (CI, pipes).
class Progress {
 public:
  Progress();
  void update(size_t n);
  void done(const std::string& what);
  void clear();
  double seconds() const;

 private:
  using clock = std::chrono::steady_clock;
  bool m_tty;
  clock::time_point m_start, m_last;
};

// Reads the command's input lines from --file or stdin, counting lines.
class LineReader {
 public:
  explicit LineReader(const std::string& file);
  bool failed() const;
  bool next(std::string& line);  // skips blank lines
  SourceLoc where() const { return {m_name, m_line, 0}; }

 private:
  std::string m_name;
  std::ifstream m_file;
  int m_line = 0;
};

// The rows of each file, in the order `strata vec --help` lists them.
std::vector<CommandSpec> collection_rows(const Options& o);  // create, drop, index, info
std::vector<CommandSpec> record_rows(const Options& o);      // upsert, get, delete, count
std::vector<CommandSpec> query_rows(const Options& o);       // query
std::vector<CommandSpec> serve_rows(const Options& o);       // serve

}  // namespace strata::cli::vec_cli
