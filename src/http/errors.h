#pragma once
// The HTTP face of the error model: each ErrorKind answers with one status,
// and every error body has the same shape,
// {"error": {"code", "message", "hint"}}.

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "util/result.h"

namespace strata::http {

// 400 invalid input, 404 not found, 409 conflict, 500 corruption and
// internal, 503 unavailable, 500 I/O.
int status_for(ErrorKind kind);
// "bad_request", "not_found", ... for a status.
const char* code_for(int status);

void send_json(Response& res, int status, const nlohmann::json& body);
void send_error(Response& res, int status, const Error& error);
// The status from the error's kind.
inline void send_error(Response& res, const Error& error) {
  send_error(res, status_for(error.kind), error);
}

}  // namespace strata::http
