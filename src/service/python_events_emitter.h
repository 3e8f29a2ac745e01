#pragma once
// The Python modules that carry a context's domain events out of it: the
// outbox the application service publishes to (it implements the
// context's EventPublisher port), the handler registry events are delivered
// to, and the Kafka relay and consumer that carry them between processes,
// in order, on one topic per context. Merged, the outbox delivers in process; split, the
// service's outbox relays to Kafka and the monolith's consumer delivers to
// the same handlers. Either way an event crosses as JSON, so handlers see
// the same values in both.

#include <string>

#include "service/contract.h"

namespace strata::service {

std::string py_outbox_module(const Contract& c);        // outbox.py
std::string py_kafka_events_module(const Contract& c);  // kafka_events.py
// The contract tests' check that every event the outbox takes reaches the
// handlers, in process; the test module imports `outbox` names from `pkg`.
std::string py_events_in_process_test();

}  // namespace strata::service
