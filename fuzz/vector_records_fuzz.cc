// Fuzzes what `strata vec upsert` and `vec count --where` read: JSON lines
// of records {id, embedding, metadata} checked against a collection, and
// filters parsed, evaluated and translated to SQL. A bad line must be an
// error naming the record, never a fault or undefined behaviour.

#include <nlohmann/json.hpp>
#include <string>

#include "fuzz/fuzz_input.h"
#include "vector/filter.h"
#include "vector/vector_store.h"

namespace {

using namespace strata::vec;

void check_line(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded()) return;
  CollectionSpec spec{"docs", 3};
  if (auto r = record_from_json(j)) {
    (void)validate_record(spec, *r);
    (void)record_to_json(*r).dump();
  }
  if (auto filter = parse_filter(j)) {
    (void)filter_matches(*filter, j);
    (void)filter_to_sql(*filter, SqlDialect::k_sqlite, "metadata");
    (void)filter_to_sql(*filter, SqlDialect::k_postgres, "metadata", 3);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  while (!input.empty()) {
    size_t end = input.find('\n');
    check_line(std::string(input.substr(0, end)));
    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
