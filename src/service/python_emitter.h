#pragma once
// The Python code generated from a context's contract: the wire codec and
// dispatcher, the client that implements the port over any transport (the
// in-process one runs the same codec as the remote ones), JWT auth, the
// FastAPI server, the urllib client, the service's entry point and its
// contract tests. Each function returns one module's text, already in the
// layout `ruff format` gives, so the generated project lints clean.

#include <string>

#include "service/contract.h"

namespace strata::service {

std::string py_contract_module(const Contract& c);     // contract.py: codec, dispatch, client
std::string py_auth_module(const Contract& c);         // auth.py: JWT issue and check
std::string py_http_client_module(const Contract& c);  // http_client.py
std::string py_http_server_module(const Contract& c);  // http_server.py (FastAPI)
std::string py_wiring_module(const Contract& c);       // wiring.py: the application service
std::string py_main_module(const Contract& c);         // __main__.py: serve on $PORT
std::string py_contract_tests(const Contract& c);      // tests/test_contract.py

// Pieces the other transports' contract tests share: `scenario(service)`
// (every method called with sample arguments, outcomes with stable ids),
// and the api imports a test module needs, put where it says @@IMPORTS@@.
std::string py_contract_scenario(const Contract& c);
std::string py_fill_test_imports(const Contract& c, std::string text);
// A generated module's docstring: what it is, and that it is generated.
std::string py_docstring(const Contract& c, const std::string& what);

// "LineItemDto" -> "line_item_dto".
std::string snake_of(const std::string& pascal);

}  // namespace strata::service
