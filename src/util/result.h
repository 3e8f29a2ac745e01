#pragma once
// The one error model: fallible calls return Result<T>, which holds either a
// value or an Error. Exceptions are reserved for programming errors and are
// caught once, in main.

#include <string>
#include <utility>
#include <variant>

namespace strata {

// Where a problem was found. `line` and `col` are 1-based; 0 means unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int col = 0;

  bool known() const { return !file.empty(); }
  std::string str() const;  // "file:line:col", "file:line", or "file"
};

// What sort of failure an Error is, so a server can answer with the right
// status (src/http maps kinds to HTTP codes). Most failures are bad input,
// hence the default; sources that know better set it with kind_of().
enum class ErrorKind {
  k_invalid_input,  // the caller's request or data is wrong
  k_not_found,      // a named thing does not exist
  k_conflict,       // it exists, but differently, or is locked by another
  k_corruption,     // stored data failed its checks
  k_unavailable,    // a server or resource cannot be reached right now
  k_io,             // the file system or network failed
  k_internal,       // a bug or an unexpected state
};

// An expected failure: what went wrong, where, and how to fix it.
struct Error {
  std::string message;
  SourceLoc loc;
  std::string hint;
  ErrorKind kind = ErrorKind::k_invalid_input;

  Error() = default;
  Error(std::string msg) : message(std::move(msg)) {}
  Error(std::string msg, SourceLoc where, std::string fix = {})
      : message(std::move(msg)), loc(std::move(where)), hint(std::move(fix)) {}

  // One line: "where: what" (the hint is printed separately).
  std::string str() const;

  // The same error, marked as being of `k`: `return Error("...").of(ErrorKind::k_not_found);`
  Error of(ErrorKind k) && {
    kind = k;
    return std::move(*this);
  }
  Error of(ErrorKind k) const& {
    Error copy = *this;
    copy.kind = k;
    return copy;
  }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return m_v.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(m_v); }
  const T& value() const& { return std::get<0>(m_v); }
  T&& value() && { return std::get<0>(std::move(m_v)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(m_v); }
  Error& error() { return std::get<1>(m_v); }

 private:
  std::variant<T, Error> m_v;
};

// Result of an operation that yields nothing but can fail.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace strata
