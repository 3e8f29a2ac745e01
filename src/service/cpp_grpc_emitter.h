#pragma once
// The C++ grpc transport, on Debian's gRPC C++: the CMake rules that
// compile the contract's .proto with protoc and grpc_cpp_plugin at build
// time; the wire module mapping any message of that .proto to the
// contract's JSON values and back by its descriptor, so every call goes
// through the one codec, as Python's does; the server and client adapters;
// the service's entry point. Each function returns one file's text (or a
// CMake fragment), without the generated-file header.

#include <string>

#include "service/cpp_emitter.h"

namespace strata::service {

// CMake lines adding the generated <context>.pb.* and <context>.grpc.pb.*
// (built from `proto_path`, relative to the CMake file) to library `target`,
// which then links gRPC::grpc++ and protobuf::libprotobuf.
std::string cpp_grpc_cmake_rules(const Contract& c, const std::string& target,
                                 const std::string& proto_path);
std::string cpp_grpc_wire_header(const Contract& c, const CppUnit& u);  // grpc_wire.h
std::string cpp_grpc_wire_source(const Contract& c, const CppUnit& u);  // grpc_wire.cc

// The gRPC server adapter: each rpc runs the call through the contract's
// dispatcher once the JWT in the `authorization` metadata is checked
// (UNAUTHENTICATED without one); the contract's errors travel as status
// codes with the JSON error in the details, as Python's server sends them.
std::string cpp_grpc_server_header(const Contract& c, const CppUnit& u);  // grpc_server.h
std::string cpp_grpc_server_source(const Contract& c, const CppUnit& u);  // grpc_server.cc
// The gRPC client adapter: a Transport over a channel, each call signed.
std::string cpp_grpc_client_header(const Contract& c, const CppUnit& u);  // grpc_client.h
std::string cpp_grpc_client_source(const Contract& c, const CppUnit& u);  // grpc_client.cc
// main.cc of a grpc service: gRPC on $GRPC_PORT (default $PORT + 1), the
// health path and /metrics over HTTP on $PORT.
std::string cpp_grpc_service_main(const Contract& c, const CppUnit& u,
                                  const std::string& health_path);

}  // namespace strata::service
