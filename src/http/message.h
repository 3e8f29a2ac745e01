#pragma once
// Request and Response as the HTTP layer hands them to handlers, and the
// parsing of a request's head (request line and headers). Parsing is pure
// text work so it is tested without sockets; server.cc does the reading.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "http/access.h"
#include "util/result.h"

namespace strata::http {

// A parsed request. `params` holds the route pattern's capture groups.
struct Request {
  std::string method;
  std::string target;   // as sent, query string included
  std::string path;     // the target without its query string
  std::string version;  // "HTTP/1.1"
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> params;
  std::string body;
  // The caller's role, set by the server before the handler runs, for
  // routes where a bigger role may do more (admin without authentication).
  Role role = Role::k_admin;

  // The first header named `name` (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const;
};

// What a handler answers. The server adds Content-Length, Date and
// Connection itself.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// A request head that could not be parsed: the status to answer with.
struct HeadError {
  int status;  // 400, 405 (unknown method shape), 431, 501, 505
  std::string message;
};

// Parses "METHOD TARGET VERSION\r\n(Name: value\r\n)*\r\n" (the blank line
// included or not). Fills method, target, path, version and headers.
std::optional<HeadError> parse_head(std::string_view head, Request& req);

// How the body is framed, decided from the headers before any of it is read.
struct BodyFraming {
  bool chunked = false;
  unsigned long long length = 0;  // when not chunked
};
// Content-Length and Transfer-Encoding checked: a malformed or conflicting
// pair is a 400, an unknown transfer coding 501.
std::variant<BodyFraming, HeadError> body_framing(const Request& req);

// Decodes a chunked body as its bytes arrive, counting it against the
// limit as it goes, so an endless chunked upload is refused early.
class ChunkedDecoder {
 public:
  enum class State { k_more, k_done, k_too_large, k_malformed };
  explicit ChunkedDecoder(size_t max_body) : m_max(max_body) {}

  // Consumes what it can of `in` (sets `used`), appending data to `body`.
  State feed(std::string_view in, size_t& used, std::string& body);

 private:
  enum class Phase { k_size, k_data, k_data_end, k_trailer, k_done };
  Phase m_phase = Phase::k_size;
  size_t m_max;
  unsigned long long m_left = 0;
};

// The value of query parameter `key` in the request's target, with %XX
// escapes and '+' decoded; "" when absent. A '%' not followed by two hex
// digits is invalid input (a 400), never an exception.
Result<std::string> query_param(const Request& req, std::string_view key);

// Whether the client asked to keep the connection open after this request.
bool wants_keep_alive(const Request& req);

// "Not Found" for 404 and so on; "Unknown" for codes not listed.
std::string_view reason_phrase(int status);

// Case-insensitive ASCII comparison for header names.
bool iequals(std::string_view a, std::string_view b);

}  // namespace strata::http
