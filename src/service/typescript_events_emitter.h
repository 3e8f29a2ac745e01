#pragma once
// The TypeScript module that carries a context's domain events out of it:
// the outbox the application service publishes to (it implements the
// context's EventPublisher port) and the handler registry events are
// delivered to, by type. Merged, the outbox delivers in process through the
// events' JSON form, so handlers see the values they would see over a wire.

#include <string>

#include "service/contract.h"

namespace strata::service {

std::string ts_outbox_module(const Contract& c);  // outbox.ts
// The relay to the context's Kafka topic (strata.NAME.events, in order) and
// the consumer that delivers it to this process's handlers;
// imports kafka-client.ts beside it.
std::string ts_kafka_events_module(const Contract& c);  // kafka-events.ts
// The contract tests' check that every event the outbox takes reaches the
// handlers in process; the test module imports `scenario`'s names already.
std::string ts_events_in_process_test();

}  // namespace strata::service
