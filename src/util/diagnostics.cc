#include "util/diagnostics.h"

#include <cstdio>

namespace strata {

namespace {
void print_line(const char* kind, const Error& e) {
  std::fprintf(stderr, "strata: %s: %s\n", kind, e.str().c_str());
  if (!e.hint.empty()) std::fprintf(stderr, "  hint: %s\n", e.hint.c_str());
}
}  // namespace

bool Diagnostics::has_errors() const {
  for (const auto& d : m_items)
    if (d.severity == Severity::k_error) return true;
  return false;
}

Error Diagnostics::first_error() const {
  for (const auto& d : m_items)
    if (d.severity == Severity::k_error) return d.error;
  return Error("no error");
}

void Diagnostics::print() const {
  for (const auto& d : m_items)
    print_line(d.severity == Severity::k_error ? "error" : "warning", d.error);
}

void print_error(const Error& e) { print_line("error", e); }
void print_warning(const Error& e) { print_line("warning", e); }

}  // namespace strata
