// Request-head parsing kept strict and small: the server only needs the
// method, target, version and headers, and refuses anything ambiguous about
// the body's length (both Content-Length and chunked, two different
// lengths), since that ambiguity is how requests get smuggled.

#include "http/message.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace strata::http {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return std::string_view(v);
  return std::nullopt;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// Splits off the next line ending in "\r\n" (or a bare "\n").
std::string_view next_line(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::optional<HeadError> parse_request_line(std::string_view line, Request& req) {
  size_t a = line.find(' ');
  size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
  if (b == std::string_view::npos || line.find(' ', b + 1) != std::string_view::npos)
    return HeadError{400, "malformed request line"};
  req.method = line.substr(0, a);
  req.target = line.substr(a + 1, b - a - 1);
  req.version = line.substr(b + 1);
  if (!is_token(req.method)) return HeadError{400, "malformed method"};
  if (req.target.empty() || req.target.front() != '/')
    return HeadError{400, "the target must be a path"};
  if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0")
    return HeadError{505, "only HTTP/1.0 and 1.1"};
  req.path = req.target.substr(0, req.target.find('?'));
  return std::nullopt;
}

}  // namespace

std::optional<HeadError> parse_head(std::string_view head, Request& req) {
  std::string_view rest = head;
  if (auto e = parse_request_line(next_line(rest), req)) return e;
  while (!rest.empty()) {
    std::string_view line = next_line(rest);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return HeadError{400, "malformed header line"};
    req.headers.emplace_back(std::string(line.substr(0, colon)),
                             std::string(trim(line.substr(colon + 1))));
  }
  return std::nullopt;
}

std::variant<BodyFraming, HeadError> body_framing(const Request& req) {
  BodyFraming f;
  std::optional<std::string_view> length;
  for (const auto& [k, v] : req.headers) {
    if (iequals(k, "Transfer-Encoding")) {
      if (!iequals(trim(v), "chunked"))
        return HeadError{501, "only the chunked transfer coding is supported"};
      f.chunked = true;
    } else if (iequals(k, "Content-Length")) {
      if (length && *length != v) return HeadError{400, "conflicting Content-Length headers"};
      length = v;
    }
  }
  if (f.chunked && length) return HeadError{400, "both Content-Length and chunked"};
  if (length) {
    auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), f.length);
    // Too large for 64 bits is still a well-formed (and too long) length.
    if (ec == std::errc::result_out_of_range)
      f.length = ~0ull;
    else if (ec != std::errc() || end != length->data() + length->size())
      return HeadError{400, "malformed Content-Length"};
  }
  return f;
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view v, std::string_view key) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '%') {
      out += v[i] == '+' ? ' ' : v[i];
      continue;
    }
    int hi = i + 1 < v.size() ? hex_digit(v[i + 1]) : -1;
    int lo = i + 2 < v.size() ? hex_digit(v[i + 2]) : -1;
    if (hi < 0 || lo < 0)
      return Error("query parameter '" + std::string(key) + "' has a malformed %-escape", {},
                   "write '%' as %25 and other bytes as %XX with two hex digits")
          .of(ErrorKind::k_invalid_input);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

Result<std::string> query_param(const Request& req, std::string_view key) {
  size_t q = req.target.find('?');
  if (q == std::string::npos) return std::string();
  std::string_view rest = std::string_view(req.target).substr(q + 1);
  while (true) {
    size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    if (pair.size() > key.size() && pair.starts_with(key) && pair[key.size()] == '=')
      return percent_decode(pair.substr(key.size() + 1), key);
    if (amp == std::string_view::npos) return std::string();
    rest.remove_prefix(amp + 1);
  }
}

bool wants_keep_alive(const Request& req) {
  auto c = req.header("Connection");
  if (req.version == "HTTP/1.0") return c && iequals(*c, "keep-alive");
  return !c || !iequals(*c, "close");
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 422:
      return "Unprocessable Entity";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

}  // namespace strata::http

namespace strata::http {

namespace {
// Every line the decoder waits for is bounded: the server keeps what is not
// consumed, so waiting without a bound for a newline is a buffer without a
// bound. Size lines and each trailer line get 1 KiB, the trailers 8 KiB
// together, and the CRLF after a chunk's data its two bytes.
constexpr size_t k_max_chunk_line = 1024;
constexpr size_t k_max_trailer_bytes = 8192;
}  // namespace

ChunkedDecoder::State ChunkedDecoder::feed(std::string_view in, size_t& used, std::string& body) {
  used = 0;
  auto line = [&](std::string_view& out) {
    size_t nl = in.find('\n', used);
    if (nl == std::string_view::npos) return false;
    out = in.substr(used, nl - used);
    if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
    used = nl + 1;
    return true;
  };
  while (true) {
    std::string_view l;
    switch (m_phase) {
      case Phase::k_size: {
        if (!line(l))
          return in.size() - used > k_max_chunk_line ? State::k_malformed : State::k_more;
        l = l.substr(0, l.find(';'));  // chunk extensions are ignored
        auto [end, ec] = std::from_chars(l.data(), l.data() + l.size(), m_left, 16);
        if (l.empty()) return State::k_malformed;
        if (ec == std::errc::result_out_of_range) return State::k_too_large;
        if (ec != std::errc() || end != l.data() + l.size()) return State::k_malformed;
        if (m_left > m_max - std::min<size_t>(m_max, body.size())) return State::k_too_large;
        m_phase = m_left == 0 ? Phase::k_trailer : Phase::k_data;
        break;
      }
      case Phase::k_data: {
        size_t take = std::min<unsigned long long>(m_left, in.size() - used);
        body.append(in.substr(used, take));
        used += take;
        m_left -= take;
        if (m_left > 0) return State::k_more;
        m_phase = Phase::k_data_end;
        break;
      }
      case Phase::k_data_end:
        // "\r\n" or "\n": two bytes without a newline can be nothing else.
        if (!line(l)) return in.size() - used >= 2 ? State::k_malformed : State::k_more;
        if (!l.empty()) return State::k_malformed;
        m_phase = Phase::k_size;
        break;
      case Phase::k_trailer:
        if (!line(l))
          return in.size() - used > k_max_chunk_line ? State::k_malformed : State::k_more;
        // m_left, zero once the last chunk is read, counts the trailers' bytes.
        m_left += l.size() + 1;
        if (m_left > k_max_trailer_bytes) return State::k_malformed;
        if (l.empty()) m_phase = Phase::k_done;
        break;
      case Phase::k_done:
        return State::k_done;
    }
  }
}

}  // namespace strata::http
