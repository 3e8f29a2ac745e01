#pragma once
// The C++ kafka transport, on Debian's librdkafka (its C++ API, rdkafka++):
// the same wire as Python's and TypeScript's. Calls go to the context's
// request topic strata.CONTEXT.requests (keyed by correlation id, headers
// `method`, `correlation-id`, `reply-to`, `authorization`), replies to a
// topic per client (headers `correlation-id`, `status`), bodies in the
// contract's JSON codec; topics are created with the admin API. Each
// function returns one file's text (or a CMake fragment), without the
// generated-file header.

#include <string>

#include "service/cpp_emitter.h"

namespace strata::service {

// CMake lines linking library `target` to rdkafka++ (found with pkg-config).
std::string cpp_kafka_cmake_rules(const std::string& target);
// The client adapter and what the server shares with it: the topics'
// names, $STRATA_KAFKA_BOOTSTRAP and $STRATA_KAFKA_NAMESPACE, topic creation.
std::string cpp_kafka_client_header(const Contract& c, const CppUnit& u);  // kafka_client.h
std::string cpp_kafka_client_source(const Contract& c, const CppUnit& u);  // kafka_client.cc
// The server adapter: consumes the request topic in group CONTEXT-service,
// checks each call's JWT (401 in the reply without a valid one), runs it
// through the dispatcher and produces the reply to the caller's topic.
std::string cpp_kafka_server_header(const Contract& c, const CppUnit& u);  // kafka_server.h
std::string cpp_kafka_server_source(const Contract& c, const CppUnit& u);  // kafka_server.cc
// main.cc of a kafka service: calls from the brokers at
// $STRATA_KAFKA_BOOTSTRAP, the health path and /metrics over HTTP on $PORT
// once the request topic's partition is assigned.
std::string cpp_kafka_service_main(const Contract& c, const CppUnit& u,
                                   const std::string& health_path);

}  // namespace strata::service
