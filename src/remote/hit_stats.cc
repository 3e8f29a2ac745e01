// Text, one line per run under a checksummed header, like the run records:
// small enough to rewrite whole on every run, readable when debugging.

#include "remote/hit_stats.h"

#include <cinttypes>
#include <cstdio>
#include <sstream>

#include "util/fs.h"
#include "util/hash.h"

namespace strata::remote {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_signature = "strata-cache-stats";

std::string encode_run(const RunCounts& r) {
  char line[200];
  std::snprintf(line, sizeof line,
                "%" PRId64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %d %d\n", r.time_ms,
                r.lookups, r.local_hits, r.remote_hits, r.uploads, r.remote ? 1 : 0,
                r.remote_unavailable ? 1 : 0);
  return line;
}

bool decode_run(const std::string& line, RunCounts& r) {
  int remote = 0, unavailable = 0, used = 0;
  int n = std::sscanf(line.c_str(),
                      "%" SCNd64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %d %d%n",
                      &r.time_ms, &r.lookups, &r.local_hits, &r.remote_hits, &r.uploads, &remote,
                      &unavailable, &used);
  r.remote = remote == 1;
  r.remote_unavailable = unavailable == 1;
  return n == 7 && static_cast<size_t>(used) == line.size() && encode_run(r) == line + "\n";
}

}  // namespace

fs::path hit_stats_path(const fs::path& root) { return root / ".strata" / "cache-stats"; }

Result<std::vector<RunCounts>> load_hit_stats(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::vector<RunCounts>();
  auto text = read_file(file);
  if (!text) return text.error();
  size_t nl = text->find('\n');
  std::string body = nl == std::string::npos ? "" : text->substr(nl + 1);
  std::string header = std::string(k_signature) + " " + std::to_string(k_hit_stats_version) + " " +
                       hash_bytes(body).hex();
  if (nl == std::string::npos || text->substr(0, nl) != header)
    return Error("damaged or unknown cache statistics", {file.string()},
                 "delete the file; the next run starts it again");
  std::vector<RunCounts> runs;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) {
    RunCounts r;
    if (!decode_run(line, r)) return Error("malformed cache statistics line", {file.string()});
    runs.push_back(r);
  }
  return runs;
}

Status record_hit_stats(const fs::path& file, const RunCounts& run) {
  auto runs = load_hit_stats(file);
  std::vector<RunCounts> kept =
      runs ? std::move(*runs) : std::vector<RunCounts>();  // damaged: start again
  kept.push_back(run);
  if (kept.size() > k_hit_stats_runs) kept.erase(kept.begin(), kept.end() - k_hit_stats_runs);
  std::string body;
  for (const auto& r : kept) body += encode_run(r);
  std::string text = std::string(k_signature) + " " + std::to_string(k_hit_stats_version) + " " +
                     hash_bytes(body).hex() + "\n" + body;
  return write_atomic(file, text, Durability::k_checksummed);
}

HitRates hit_rates(const std::vector<RunCounts>& runs) {
  HitRates h;
  for (const auto& r : runs) {
    ++h.runs;
    h.lookups += r.lookups;
    h.local_hits += r.local_hits;
    h.remote_hits += r.remote_hits;
  }
  return h;
}

}  // namespace strata::remote
