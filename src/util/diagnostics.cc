#include "util/diagnostics.h"

#include <cstdio>

#include "util/redact.h"

namespace strata {

namespace {
// Every diagnostic passes the redaction: a connection string can reach a
// message from anywhere (a driver's error, a config value).
void print_line(const char* kind, const Error& e) {
  std::fprintf(stderr, "strata: %s: %s\n", kind, redact_secrets(e.str()).c_str());
  if (!e.hint.empty()) std::fprintf(stderr, "  hint: %s\n", redact_secrets(e.hint).c_str());
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
