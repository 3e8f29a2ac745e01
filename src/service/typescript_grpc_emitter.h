#pragma once
// The TypeScript modules of the grpc transport, on the same wire as the
// Python ones: the .proto proto_emitter writes, loaded at run time by
// @grpc/proto-loader (no generated stubs), a unary rpc per method of the
// port with a JWT in the `authorization` metadata, the contract's errors
// as the status codes the Python service uses with the JSON error in the
// details. Every call still runs through the contract's one codec and
// dispatcher (codec.ts), so a call means the same on every transport.

#include <string>

#include "service/contract.h"
#include "service/typescript_emitter.h"

namespace strata::service {

// `proto_from_dist` is where the .proto sits relative to the compiled
// module ("../billing.proto" for the service's dist/grpc-wire.js).
std::string ts_grpc_wire_module(const Contract& c, const std::string& proto_from_dist);
std::string ts_grpc_client_module(const Contract& c, const TsNames& n);  // grpc-client.ts
std::string ts_grpc_server_module(const Contract& c, const TsNames& n);  // grpc-server.ts
// main.ts: gRPC on $GRPC_PORT (default $PORT + 1), health and /metrics over
// HTTP on $PORT once the gRPC port is bound.
std::string ts_grpc_main_module(const std::string& health_path);
// contract.test.ts over gRPC, built from the HTTP suite's scenario.
std::string ts_grpc_contract_tests(const Contract& c, const TsNames& n);

}  // namespace strata::service
