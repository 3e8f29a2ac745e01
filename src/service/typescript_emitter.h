#pragma once
// The TypeScript code generated from a context's contract (the api layer's
// interfaces): the strict JSON codec and dispatcher, the client that
// implements the port over any transport (the in-process one runs the same
// codec as the remote ones), JWT auth on node:crypto, the server on Node's
// own `http` module (health, Prometheus /metrics), the fetch client, the
// service's entry point and its contract tests. Each function returns one
// module's text, which passes `tsc --strict` under the workspace's
// tsconfig.base.json (exactOptionalPropertyTypes, noUncheckedIndexedAccess,
// noUnusedLocals) and its lint flags as generated.

#include <string>
#include <vector>

#include "service/contract.h"

namespace strata::service {

// Names the generated modules use: the npm scope of the workspace's
// packages ("@ws", read from the api layer's package.json) and the forms of
// the context's name.
struct TsNames {
  std::string scope;   // "@ws"
  std::string kebab;   // "order-lines"
  std::string camel;   // "orderLines"
  std::string upper;   // "ORDER_LINES"
  std::string pascal;  // the port without "Service": "OrderLines"
  std::string package(const std::string& layer) const { return scope + "/" + kebab + "-" + layer; }
};
TsNames ts_names(const Contract& c, const std::string& scope);

std::string ts_codec_module(const Contract& c, const TsNames& n);        // codec.ts
std::string ts_auth_module(const Contract& c);                           // auth.ts
std::string ts_http_client_module(const Contract& c, const TsNames& n);  // http-client.ts
std::string ts_http_server_module(const Contract& c, const TsNames& n);  // http-server.ts
std::string ts_wiring_module(const Contract& c, const TsNames& n);       // wiring.ts
std::string ts_main_module(const std::string& health_path);              // main.ts
std::string ts_contract_tests(const Contract& c, const TsNames& n);      // contract.test.ts
// The start of another transport's contract suite: the HTTP suite's imports,
// helpers and scenario, up to its refusals (the codec's, the same on every
// transport, run by the HTTP suite), with `client_imports` in place of the
// codec's and HTTP client's imports.
std::string ts_remote_tests_head(const Contract& c, const TsNames& n,
                                 const std::string& client_imports);
// A remote suite's token checks; `status_of` opens the call that answers a
// status for a token maker ("statusOf(target, "); `every_claim` adds the
// expired token and the one for another service.
std::string ts_token_tests(const std::string& status_of, bool every_claim);

// What the TypeScript emitters cannot carry, beyond unserialisable_types:
// generic aliases other than the api layer's Result<T> (and Result without
// an ErrorDto), each as "where: type".
std::vector<Unserialisable> ts_unsupported_types(const Contract& c);

}  // namespace strata::service
