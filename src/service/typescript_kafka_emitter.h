#pragma once
// The TypeScript modules of the kafka transport (kafkajs), on the Python
// services' wire: a call is a message on strata.NAME.requests with the JSON
// body as value and headers method, correlation-id, reply-to and
// authorization; the reply goes to the caller's own topic
// strata.NAME.replies.<uuid> with headers correlation-id and status.
// STRATA_KAFKA_BOOTSTRAP names the brokers, STRATA_KAFKA_NAMESPACE prefixes
// every topic and group.

#include <string>

#include "service/contract.h"
#include "service/typescript_emitter.h"

namespace strata::service {

std::string ts_kafka_client_module(const Contract& c, const TsNames& n);  // kafka-client.ts
std::string ts_kafka_server_module(const Contract& c, const TsNames& n);  // kafka-server.ts
// main.ts: calls from Kafka; the health path (503 until the consumer has
// its partition) and /metrics over HTTP on $PORT.
std::string ts_kafka_main_module(const std::string& health_path);
// contract.test.ts over Kafka; the remote tests skip without a broker.
std::string ts_kafka_contract_tests(const Contract& c, const TsNames& n);

}  // namespace strata::service
