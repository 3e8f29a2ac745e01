#pragma once
// Names given to generators: validation (lower snake_case, not a keyword of
// Python, TypeScript or C++) and the spellings templates use.

#include <string>
#include <string_view>

#include "util/result.h"

namespace strata::gen {

// One name in every spelling a template may ask for.
struct NameForms {
  std::string snake;   // order_history
  std::string pascal;  // OrderHistory
  std::string kebab;   // order-history
  std::string upper;   // ORDER_HISTORY
  std::string camel;   // orderHistory
};

// Longer names make unwieldy identifiers (and generated code is checked to
// stay formatter-stable up to this length).
inline constexpr size_t k_max_name_length = 30;

// The spellings of a name already known to be valid snake_case.
NameForms name_forms(std::string_view snake);

// Checks `raw` is `[a-z][a-z0-9_]*` without "__" or a trailing '_', at most
// k_max_name_length long, and not a reserved word; the error names `what` ("context name") and
// suggests a valid spelling ("Billing Service" -> "billing_service").
Result<NameForms> parse_name(std::string_view raw, std::string_view what);

// Whether `word` is reserved in Python, TypeScript/JavaScript or C++.
bool is_reserved_word(std::string_view word);

// A valid name close to `raw`: words split on spaces, dashes and case
// changes, joined with '_'; `kind` is appended to a reserved word and
// prefixed to a leading digit ("class" -> "class_context", "123" -> "context_123").
std::string suggest_name(std::string_view raw, std::string_view kind);

}  // namespace strata::gen
