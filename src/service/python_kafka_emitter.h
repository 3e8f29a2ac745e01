#pragma once
// The Python modules of the kafka transport: request and reply over topics.
// A call is a message on the context's request topic carrying its method,
// a correlation id, the caller's reply topic and a JWT in its headers; the
// service (one consumer group per service) runs it through the contract's
// dispatcher and produces the status and body to the reply topic, which is
// one per client instance. A call not answered in time fails as a timeout.

#include <string>

#include "service/contract.h"

namespace strata::service {

std::string py_kafka_client_module(const Contract& c);  // kafka_client.py
std::string py_kafka_server_module(const Contract& c);  // kafka_server.py
std::string py_kafka_main_module(const Contract& c);    // __main__.py: consumer and HTTP health
std::string py_kafka_contract_tests(const Contract& c);

}  // namespace strata::service
