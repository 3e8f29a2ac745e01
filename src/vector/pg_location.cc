// The pool size rides in the location so every way of naming a store
// (--store, STRATA_VECTOR_STORE) can set it, and is removed before libpq
// parses the rest.

#include "vector/pg_location.h"

#include <fmt/format.h>

#include <charconv>
#include <vector>

namespace strata::vec {

namespace {

constexpr std::string_view k_key = "pool_size=";

Result<int> pool_size_value(std::string_view text) {
  int n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 1 || n > k_max_pool_size)
    return Error(
        fmt::format("pool_size '{}' is not a whole number from 1 to {}", text, k_max_pool_size), {},
        "e.g. postgres://user@host/db?pool_size=4");
  return n;
}

// Splits `text` at each `sep`, dropping empty parts.
std::vector<std::string_view> parts(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t at = text.find(sep);
    std::string_view part = text.substr(0, at);
    if (!part.empty()) out.push_back(part);
    if (at == std::string_view::npos) break;
    text.remove_prefix(at + 1);
  }
  return out;
}

// Keeps every part but `pool_size=N`, whose value goes to `size`.
Result<std::string> without_pool_size(std::string_view text, char sep, int& size) {
  std::string kept;
  for (std::string_view part : parts(text, sep)) {
    if (part.starts_with(k_key)) {
      auto n = pool_size_value(part.substr(k_key.size()));
      if (!n) return n.error();
      size = *n;
      continue;
    }
    if (!kept.empty()) kept += sep;
    kept += part;
  }
  return kept;
}

}  // namespace

Result<PgLocation> take_pool_size(std::string_view url) {
  PgLocation out;
  size_t query = url.find('?');
  bool keywords = url.find("://") == std::string_view::npos;
  if (keywords) {
    auto rest = without_pool_size(url, ' ', out.pool_size);
    if (!rest) return rest.error();
    out.url = std::move(*rest);
    return out;
  }
  out.url = std::string(url.substr(0, query));
  if (query == std::string_view::npos) return out;
  auto rest = without_pool_size(url.substr(query + 1), '&', out.pool_size);
  if (!rest) return rest.error();
  if (!rest->empty()) out.url += "?" + *rest;
  return out;
}

}  // namespace strata::vec
