#pragma once
// The test-data helpers behind `strata db testdb` and `strata db
// test-vectors`: throwaway databases, and deterministic random unit vectors
// with metadata as JSON lines ({"id", "embedding", "metadata"}), the format
// `strata vec upsert` reads.

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "util/result.h"

namespace strata::db {

struct TestVectorOptions {
  int64_t count = 0;
  int dim = 0;
  uint64_t seed = 42;
  std::string id_prefix = "vec-";
  // metadata key -> the values it cycles through, picked at random per vector
  std::vector<std::pair<std::string, std::vector<std::string>>> metadata;
};

// Parses "key=a,b,c" into a metadata entry.
Result<std::pair<std::string, std::vector<std::string>>> parse_metadata_spec(
    const std::string& spec);

// The i-th line (without newline). Same options and i -> the same bytes.
std::string test_vector_line(const TestVectorOptions& opts, int64_t i);
// The i-th unit vector on its own.
std::vector<float> test_vector(uint64_t seed, int dim, int64_t i);
// Writes all lines to `out`.
Status write_test_vectors(const TestVectorOptions& opts, std::FILE* out);

// Creates a database named strata_test_<random> next to the one `url`
// names (PostgreSQL), or a temporary SQLite file, and returns its URL.
Result<std::string> create_test_database(const std::string& url);
// Drops a database made by create_test_database (refuses other names).
Status drop_test_database(const std::string& url);

// The URL with its database name replaced (PostgreSQL URLs).
std::string with_database_name(const std::string& url, const std::string& name);
// The database name in a PostgreSQL URL, "" if none.
std::string database_name_of(const std::string& url);

}  // namespace strata::db
