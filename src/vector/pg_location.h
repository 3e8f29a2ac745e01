#pragma once
// Where a PgStore connects, and Strata's own setting in that location: how
// many connections its pool of query sessions may open.

#include <string>
#include <string_view>

#include "util/result.h"

namespace strata::vec {

constexpr int k_default_pool_size = 8;
constexpr int k_max_pool_size = 64;

// A PostgreSQL location with the `pool_size` parameter taken out (libpq
// refuses parameters it does not know).
struct PgLocation {
  std::string url;
  int pool_size = k_default_pool_size;
};

// "postgres://h/db?pool_size=4&sslmode=require" -> {"postgres://h/db?sslmode=require", 4};
// a keyword string's `pool_size=4` word likewise. A value that is not a
// whole number from 1 to k_max_pool_size is an error.
Result<PgLocation> take_pool_size(std::string_view url);

}  // namespace strata::vec
