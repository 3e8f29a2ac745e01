// Test vectors come from our own generator (splitmix64 + Box-Muller), not
// <random>'s distributions, whose output differs between standard
// libraries: the same seed gives byte-identical output everywhere. Vector i
// depends only on (seed, i), so any slice can be regenerated alone.

#include "db/test_data.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>

#include "db/database.h"
#include "db/fixture.h"
#include "db/sqlite_database.h"

namespace strata::db {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_test_prefix = "strata_test_";

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Uniform in (0, 1], never 0 so log() is finite.
double uniform(uint64_t& state) {
  return (static_cast<double>(splitmix64(state) >> 11) + 1.0) * 0x1.0p-53;
}

uint64_t stream_for(uint64_t seed, int64_t i) {
  uint64_t s = seed ^ (0xd1b54a32d192ed03ULL * static_cast<uint64_t>(i + 1));
  splitmix64(s);
  return s;
}

std::string random_suffix() {
  std::random_device rd;
  uint64_t v = (static_cast<uint64_t>(rd()) << 32) ^ rd();
  return fmt::format("{:012x}", v & 0xffffffffffffULL);
}

}  // namespace

Result<std::pair<std::string, std::vector<std::string>>> parse_metadata_spec(
    const std::string& spec) {
  size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
    return Error("bad --metadata '" + spec + "'", {},
                 "write KEY=VALUE1,VALUE2,... e.g. --metadata lang=en,de,fr");
  std::vector<std::string> values;
  std::string rest = spec.substr(eq + 1);
  for (size_t start = 0;;) {
    size_t comma = rest.find(',', start);
    values.push_back(rest.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return std::make_pair(spec.substr(0, eq), values);
}

std::vector<float> test_vector(uint64_t seed, int dim, int64_t i) {
  uint64_t state = stream_for(seed, i);
  std::vector<double> v(dim);
  double norm = 0;
  for (int d = 0; d < dim; d += 2) {
    double r = std::sqrt(-2.0 * std::log(uniform(state)));
    double t = 2.0 * M_PI * uniform(state);
    v[d] = r * std::cos(t);
    if (d + 1 < dim) v[d + 1] = r * std::sin(t);
  }
  for (double x : v) norm += x * x;
  norm = std::sqrt(norm);
  std::vector<float> out(dim);
  for (int d = 0; d < dim; ++d) out[d] = static_cast<float>(v[d] / norm);
  return out;
}

namespace {

// "2020" and "0.5" are numbers, "true"/"false" booleans, anything else a
// string: filters compare by type, so a year must be stored as a number.
// The text must be exactly how JSON writes the value ("007" stays a string).
nlohmann::ordered_json metadata_value(const std::string& text) {
  auto v = nlohmann::ordered_json::parse(text, nullptr, false);
  if (!v.is_discarded() && (v.is_number() || v.is_boolean()) && v.dump() == text) return v;
  if (!v.is_discarded() && v.is_number_float()) return v;  // 1e3, 0.50: still numbers
  return text;
}

}  // namespace

std::string test_vector_line(const TestVectorOptions& opts, int64_t i) {
  std::string line =
      "{\"id\":" + nlohmann::json(fmt::format("{}{:06d}", opts.id_prefix, i)).dump() +
      ",\"embedding\":[";
  std::vector<float> v = test_vector(opts.seed, opts.dim, i);
  for (int d = 0; d < opts.dim; ++d) line += (d ? "," : "") + fmt::format("{}", v[d]);
  nlohmann::ordered_json meta;
  meta["index"] = i;
  uint64_t state = stream_for(opts.seed ^ 0x6d657461ULL, i);  // "meta"
  for (const auto& [key, values] : opts.metadata)
    meta[key] = metadata_value(values[splitmix64(state) % values.size()]);
  return line + "],\"metadata\":" + meta.dump() + "}";
}

Status write_test_vectors(const TestVectorOptions& opts, std::FILE* out) {
  if (opts.dim <= 0) return Error("--dim must be positive");
  if (opts.count < 0) return Error("the count must not be negative");
  for (int64_t i = 0; i < opts.count; ++i) {
    std::string line = test_vector_line(opts, i);
    line += '\n';
    if (std::fwrite(line.data(), 1, line.size(), out) != line.size())
      return Error("cannot write test vectors");
  }
  return ok_status();
}

std::string database_name_of(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t slash = url.find('/', scheme + 3);
  if (slash == std::string::npos) return "";
  size_t end = url.find('?', slash);
  return url.substr(slash + 1, end == std::string::npos ? std::string::npos : end - slash - 1);
}

std::string with_database_name(const std::string& url, const std::string& name) {
  size_t scheme = url.find("://");
  size_t query = url.find('?', scheme + 3);
  std::string base = url.substr(0, query);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  size_t slash = base.find('/', scheme + 3);
  if (slash != std::string::npos) base.resize(slash);
  return base + "/" + name + tail;
}

Result<std::string> create_test_database(const std::string& url) {
  std::string name = k_test_prefix + random_suffix();
  if (backend_of(url) == Backend::k_sqlite) {
    fs::path p = fs::temp_directory_path() / (name + ".db");
    auto db = SqliteDatabase::open(p.string());
    if (!db) return db.error();
    return "sqlite:" + p.string();
  }
  auto db = open_database(url);
  if (!db) return db.error();
  if (auto st = (*db)->exec("CREATE DATABASE " + quote_identifier(name)); !st) return st.error();
  return with_database_name(url, name);
}

Status drop_test_database(const std::string& url) {
  if (backend_of(url) == Backend::k_sqlite) {
    fs::path p = sqlite_path_of(url);
    if (!p.filename().string().starts_with(k_test_prefix))
      return Error("refusing to delete " + p.string() + ": not a test database", {},
                   "only strata_test_* files are dropped");
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm", ".lock"})
      fs::remove(p.string() + suffix, ec);
    return ok_status();
  }
  std::string name = database_name_of(url);
  if (!name.starts_with(k_test_prefix))
    return Error("refusing to drop database '" + name + "': not a test database", {},
                 "only databases made by `strata db testdb create` (strata_test_*) are dropped");
  auto db = open_database(with_database_name(url, "postgres"));
  if (!db) return db.error();
  return (*db)->exec("DROP DATABASE IF EXISTS " + quote_identifier(name) + " WITH (FORCE)");
}

}  // namespace strata::db
