#pragma once
// Metadata filters in the style of Chroma's `where`: {"genre": "jazz"},
// {"year": {"$gte": 1990}}, {"tag": {"$in": ["a", "b"]}}, {"$and": [...]},
// {"$or": [...]}. A filter is parsed once into a small tree that is either
// evaluated against a record's JSON metadata or translated to SQL for the
// SQLite and PostgreSQL backends, which must agree with the evaluator.

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace strata::vec {

// One node of a parsed filter. Leaves compare the top-level metadata key
// `key` with `value`; $and/$or nodes hold children; k_all matches everything.
struct Filter {
  enum class Op { k_all, k_and, k_or, k_eq, k_ne, k_gt, k_gte, k_lt, k_lte, k_in, k_nin };
  Op op = Op::k_all;
  std::string key;
  nlohmann::json value;  // a scalar, or an array of scalars for $in/$nin
  std::vector<Filter> children;

  bool matches_all() const { return op == Op::k_all; }
};

// Parses a `where` object; null or {} is the filter that matches all.
// Errors name the offending part ("where.year: $gte needs a number").
Result<Filter> parse_filter(const nlohmann::json& where);

// Whether `metadata` (a JSON object) passes the filter. Numbers compare by
// value (1 == 1.0); strings, booleans and numbers never equal each other;
// $ne and $nin also match records that lack the key; ranges match numbers.
bool filter_matches(const Filter& filter, const nlohmann::json& metadata);

// Warnings for leaves whose value's type differs from the type the key has
// in every sampled record that holds it (a number compared with strings
// matches nothing, silently): one line each, naming the key and the types.
std::vector<std::string> filter_type_warnings(const Filter& filter,
                                              std::span<const nlohmann::json> metadata);

enum class SqlDialect { k_sqlite, k_postgres };

// A WHERE-clause fragment with numbered placeholders (?N for SQLite, $N for
// PostgreSQL) and the values to bind to them, in order, starting at the
// `first_param` given to filter_to_sql. PostgreSQL values are bound as text
// (the fragment casts them); SQLite values as their JSON type.
struct SqlFilter {
  std::string sql;
  std::vector<nlohmann::json> params;
};

SqlFilter filter_to_sql(const Filter& filter, SqlDialect dialect, std::string_view metadata_column,
                        int first_param = 1);

}  // namespace strata::vec
