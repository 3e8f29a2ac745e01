#include "http/errors.h"

namespace strata::http {

int status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::k_invalid_input:
      return 400;
    case ErrorKind::k_not_found:
      return 404;
    case ErrorKind::k_conflict:
      return 409;
    case ErrorKind::k_unavailable:
      return 503;
    case ErrorKind::k_corruption:
    case ErrorKind::k_io:
    case ErrorKind::k_internal:
      return 500;
  }
  return 500;
}

const char* code_for(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 409:
      return "conflict";
    case 411:
      return "length_required";
    case 413:
      return "payload_too_large";
    case 431:
      return "headers_too_large";
    case 501:
      return "not_implemented";
    case 503:
      return "unavailable";
    case 505:
      return "version_not_supported";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

void send_json(Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.content_type = "application/json";
  res.body = body.dump() + "\n";
}

void send_error(Response& res, int status, const Error& error) {
  nlohmann::json err = {{"code", code_for(status)}, {"message", error.str()}};
  if (!error.hint.empty()) err["hint"] = error.hint;
  send_json(res, status, {{"error", err}});
}

}  // namespace strata::http
