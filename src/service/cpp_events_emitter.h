#pragma once
// The C++ code that carries a context's domain events out of it, the same
// way as Python's and TypeScript's: an outbox implementing the context's
// `application::EventPublisher` port, each event crossing as the JSON form
// {"type": struct name, "data": {fields}}, handlers registered by type
// ("*" = every type), and the relay to one Kafka topic per context
// (strata.NAME.events, one partition, idempotent producer, acks=all) that
// the monolith consumes in group NAME-event-handlers. Each function returns
// one file's text, without the generated-file header.

#include <string>
#include <vector>

#include "service/contract.h"
#include "service/cpp_emitter.h"

namespace strata::service {

// The handler registry, by type, with the last events it delivered; needs
// nothing of the context, so a monolith has it for split contexts too.
std::string cpp_event_handlers_header(const Contract& c, const CppUnit& u);  // event_handlers.h
std::string cpp_event_handlers_source(const Contract& c, const CppUnit& u);  // event_handlers.cc
// The outbox, needing the context's application and domain layers; `events`
// as parse_cpp_events reads them from domain/events.h.
std::string cpp_outbox_header(const Contract& c, const CppUnit& u);  // outbox.h
std::string cpp_outbox_source(const Contract& c, const CppUnit& u,
                              const std::vector<Dto>& events);  // outbox.cc
// The relay to Kafka and the consumer delivering to this process's handlers,
// on rdkafka++; needs the handler registry and the brokers, not the outbox
// or the kafka transport's client.
std::string cpp_kafka_events_header(const Contract& c, const CppUnit& u);  // kafka_events.h
std::string cpp_kafka_events_source(const Contract& c, const CppUnit& u);  // kafka_events.cc
// The context built in this process on its in-memory adapters, with the
// outbox in HandlerDeps; needs the context's infrastructure layer.
std::string cpp_local_context_header(const Contract& c, const CppUnit& u);  // local_context.h

}  // namespace strata::service
