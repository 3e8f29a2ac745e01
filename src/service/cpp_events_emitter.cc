// The outbox and the Kafka side of a C++ context's events, as templates
// with @KEY@ holes (cpp_fill). One topic per context, of one partition,
// keeps a context's events in the order they were raised in across types.

#include "service/cpp_events_emitter.h"

namespace strata::service {

namespace {

// The two conversions of one event struct's fields; std::optional fields
// cross as null, since nlohmann-json has no conversion of its own for them.
std::string to_data(const Dto& e) {
  std::string out;
  for (const Field& f : e.fields) {
    if (f.type.kind == TypeRef::Kind::k_optional)
      out += "    data[\"" + f.name + "\"] = e." + f.name + " ? Json(*e." + f.name +
             ") : Json(nullptr);\n";
    else
      out += "    data[\"" + f.name + "\"] = e." + f.name + ";\n";
  }
  return out;
}

std::string from_data(const Dto& e) {
  std::string out;
  for (const Field& f : e.fields) {
    if (f.type.kind == TypeRef::Kind::k_optional && !f.type.args.empty())
      out += "    if (!data.at(\"" + f.name + "\").is_null()) e." + f.name + " = data.at(\"" +
             f.name + "\").get<" + f.type.args.front().text + ">();\n";
    else
      out += "    data.at(\"" + f.name + "\").get_to(e." + f.name + ");\n";
  }
  return out;
}

std::string event_cases(const std::vector<Dto>& events) {
  std::string to, from;
  for (const Dto& e : events) {
    to += "  if (const auto* found = std::get_if<::@CTX@::domain::" + e.name +
          ">(&event)) {\n    const auto& e = *found;\n    (void)e;\n    type = \"" + e.name +
          "\";\n" + to_data(e) + "  }\n";
    from += "  if (type == \"" + e.name + "\") {\n    ::@CTX@::domain::" + e.name + " e;\n" +
            from_data(e) + "    return e;\n  }\n";
  }
  return "std::string event_to_json(const ::@CTX@::domain::@NAME@Event& event) {\n"
         "  std::string type;\n  Json data = Json::object();\n" +
         to +
         "  return Json{{\"type\", type}, {\"data\", data}}.dump();\n}\n\n"
         "::@CTX@::domain::@NAME@Event event_from_json(const std::string& text) {\n"
         "  Json parsed = Json::parse(text);\n"
         "  const std::string type = parsed.at(\"type\").get<std::string>();\n"
         "  const Json& data = parsed.at(\"data\");\n" +
         from +
         "  throw std::invalid_argument(\"not an event of the @CTX@ context: \" + type);\n}\n";
}

}  // namespace

std::string cpp_event_handlers_header(const Contract& c, const CppUnit& u) {
  return cpp_fill(R"gen(#pragma once
// The handlers of the @CTX@ context's events in this process, by type: the
// outbox delivers to them when the context runs here, the Kafka consumer
// when it runs in its own service. Needs nothing of the context itself.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace @NS@ {

inline constexpr const char* k_events_context = "@CTX@";
// How many delivered events recent_events() keeps.
inline constexpr std::size_t k_recent_events = 100;

// An event as it crosses the context's edge: {"type": ..., "data": {...}}.
using EventHandler = std::function<void(const nlohmann::json& event)>;
// Takes serialised events, in order: true when it took them all.
using EventRelay = std::function<bool(const std::vector<std::string>& events)>;

// Registers `handler` for events of `type` ("*": every type).
void subscribe(const std::string& type, EventHandler handler);
// Hands one serialised event to the handlers of its type, then to those of
// "*", and remembers it; false when it is not an event.
bool deliver(const std::string& text);
// The last k_recent_events events delivered here, oldest first: a JSON array.
std::string recent_events();
// The relay of a merged context: every event to this process's handlers.
bool deliver_locally(const std::vector<std::string>& events);

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

std::string cpp_event_handlers_source(const Contract& c, const CppUnit& u) {
  return cpp_fill(R"gen(#include "@INC@/event_handlers.h"

#include <deque>
#include <map>
#include <mutex>
#include <utility>

namespace @NS@ {

namespace {

using Json = nlohmann::json;

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::vector<EventHandler>> handlers;
  std::deque<Json> recent;
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void subscribe(const std::string& type, EventHandler handler) {
  std::lock_guard lock(registry().mutex);
  registry().handlers[type].push_back(std::move(handler));
}

bool deliver(const std::string& text) {
  Json event = Json::parse(text, nullptr, false);
  if (!event.is_object() || !event.contains("type") || !event["type"].is_string() ||
      !event.contains("data") || !event["data"].is_object())
    return false;
  std::vector<EventHandler> chosen;
  {
    std::lock_guard lock(registry().mutex);
    auto& r = registry();
    for (const std::string& key : {event["type"].get<std::string>(), std::string("*")})
      if (auto found = r.handlers.find(key); found != r.handlers.end())
        chosen.insert(chosen.end(), found->second.begin(), found->second.end());
    r.recent.push_back(event);
    while (r.recent.size() > k_recent_events) r.recent.pop_front();
  }
  // Outside the lock: a handler may subscribe or publish.
  for (const auto& handler : chosen) handler(event);
  return true;
}

std::string recent_events() {
  std::lock_guard lock(registry().mutex);
  Json out = Json::array();
  for (const Json& event : registry().recent) out.push_back(event);
  return out.dump();
}

bool deliver_locally(const std::vector<std::string>& events) {
  for (const std::string& event : events) deliver(event);
  return true;
}

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

std::string cpp_outbox_header(const Contract& c, const CppUnit& u) {
  return cpp_fill(R"gen(#pragma once
// The @CTX@ context's events leave through this outbox: the application
// service publishes to it, a relay delivers what it holds (in process, or to
// Kafka when the context is split), and what could not be delivered stays,
// in order, for the next flush.

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "@CTX@/application/ports.h"
#include "@CTX@/domain/events.h"
#include "@INC@/event_handlers.h"

namespace @NS@ {

std::string event_to_json(const ::@CTX@::domain::@NAME@Event& event);
// Throws (nlohmann::json::exception, std::invalid_argument) on anything
// else than an event of this context.
::@CTX@::domain::@NAME@Event event_from_json(const std::string& text);

class Outbox final : public ::@CTX@::application::EventPublisher {
 public:
  explicit Outbox(EventRelay relay = deliver_locally);

  ::@CTX@::api::Status publish(
      const std::vector<::@CTX@::domain::@NAME@Event>& events) override;
  // Hands what is pending to the relay; keeps it when the relay refuses.
  bool flush();
  std::size_t pending() const;

 private:
  EventRelay m_relay;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_pending;
};

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

std::string cpp_outbox_source(const Contract& c, const CppUnit& u, const std::vector<Dto>& events) {
  return cpp_fill(R"gen(#include "@INC@/outbox.h"

#include <stdexcept>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace @NS@ {

namespace {

using Json = nlohmann::json;

}  // namespace

)gen" + event_cases(events) +
                      R"gen(
Outbox::Outbox(EventRelay relay) : m_relay(std::move(relay)) {}

::@CTX@::api::Status Outbox::publish(
    const std::vector<::@CTX@::domain::@NAME@Event>& events) {
  {
    std::lock_guard lock(m_mutex);
    for (const auto& event : events) m_pending.push_back(event_to_json(event));
  }
  // The events are the outbox's now: a relay that cannot take them yet does
  // not undo the change that raised them.
  flush();
  return ::@CTX@::api::ok_status();
}

// The relay runs outside the lock, so a handler delivered to in process may
// publish again; a refused batch goes back in front of anything newer.
bool Outbox::flush() {
  std::vector<std::string> batch;
  {
    std::lock_guard lock(m_mutex);
    batch.swap(m_pending);
  }
  if (batch.empty() || m_relay(batch)) return true;
  std::lock_guard lock(m_mutex);
  m_pending.insert(m_pending.begin(), batch.begin(), batch.end());
  return false;
}

std::size_t Outbox::pending() const {
  std::lock_guard lock(m_mutex);
  return m_pending.size();
}

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

std::string cpp_kafka_events_header(const Contract& c, const CppUnit& u) {
  return cpp_fill(R"gen(#pragma once
// The @CTX@ context's events through Kafka: the relay of a split service
// produces them, in order, to the context's one topic; the monolith's
// consumer delivers them to its handlers, as a merged outbox would.

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "@INC@/event_handlers.h"

namespace RdKafka {
class KafkaConsumer;
}

namespace @NS@ {

// One partition, so every event keeps its place among all the others.
inline constexpr const char* k_event_topic = "strata.@CTX@.events";
inline constexpr const char* k_event_group = "@CTX@-event-handlers";
inline constexpr const char* k_bootstrap_variable = "STRATA_KAFKA_BOOTSTRAP";
// A prefix of every topic and group name (tests keep theirs apart with it).
inline constexpr const char* k_namespace_variable = "STRATA_KAFKA_NAMESPACE";

// $STRATA_KAFKA_BOOTSTRAP, or "" when it is not set.
std::string kafka_bootstrap();
// `name` after $STRATA_KAFKA_NAMESPACE.
std::string kafka_namespaced(const std::string& name);
// Creates `topic` with one partition on the brokers at `servers` unless it
// exists: "" when it is there, else why not. The kafka transport's topics
// are made by it too.
std::string ensure_topic(const std::string& servers, const std::string& topic);

// Produces each batch, in order, to the topic on the brokers at `servers`
// (idempotent producer, acks=all) and answers true once all of it is
// acknowledged. Connects, creating the topic, on the first batch.
EventRelay kafka_event_relay(std::string servers);
// A split service's relay: kafka_event_relay to the brokers at
// $STRATA_KAFKA_BOOTSTRAP when it is set, else deliver_locally.
EventRelay service_event_relay();

// Delivers the topic's events, from its beginning, to this process's
// handlers on a thread of its own, in group k_event_group.
class EventConsumer {
 public:
  EventConsumer();
  ~EventConsumer();
  EventConsumer(const EventConsumer&) = delete;
  EventConsumer& operator=(const EventConsumer&) = delete;

  // "" once subscribed, else why not.
  std::string start(const std::string& servers);
  void stop();

 private:
  std::atomic<bool> m_running{false};
  std::unique_ptr<RdKafka::KafkaConsumer> m_consumer;
  std::thread m_thread;
};

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

std::string cpp_kafka_events_source(const Contract& c, const CppUnit& u) {
  return cpp_fill(R"gen(#include "@INC@/kafka_events.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafkacpp.h>

#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>

namespace @NS@ {

namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

std::unique_ptr<RdKafka::Conf> configuration(const Settings& settings, std::string& error) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  for (const auto& [key, value] : settings)
    if (conf->set(key, value, error) != RdKafka::Conf::CONF_OK) return nullptr;
  return conf;
}


// Notes whether any event of the batch in flight was refused.
class Acknowledgements final : public RdKafka::DeliveryReportCb {
 public:
  void dr_cb(RdKafka::Message& message) override {
    if (message.err() != RdKafka::ERR_NO_ERROR) failed = true;
  }
  bool failed = false;
};

class Relay {
 public:
  explicit Relay(std::string servers) : m_servers(std::move(servers)) {}

  bool send(const std::vector<std::string>& events) {
    std::lock_guard lock(m_mutex);
    if (!connect()) return false;
    m_acks.failed = false;
    for (const std::string& event : events)
      if (m_producer->produce(m_topic, RdKafka::Topic::PARTITION_UA,
                              RdKafka::Producer::RK_MSG_COPY, const_cast<char*>(event.data()),
                              event.size(), nullptr, 0, 0, nullptr) != RdKafka::ERR_NO_ERROR) {
        m_producer->flush(15000);
        return false;
      }
    return m_producer->flush(15000) == RdKafka::ERR_NO_ERROR && !m_acks.failed;
  }

 private:
  bool connect() {
    if (m_producer) return true;
    m_topic = kafka_namespaced(k_event_topic);
    if (!ensure_topic(m_servers, m_topic).empty()) return false;
    std::string error;
    auto conf = configuration({{"bootstrap.servers", m_servers},
                               {"enable.idempotence", "true"},
                               {"acks", "all"}},
                              error);
    if (!conf || conf->set("dr_cb", &m_acks, error) != RdKafka::Conf::CONF_OK) return false;
    m_producer.reset(RdKafka::Producer::create(conf.get(), error));
    return m_producer != nullptr;
  }

  std::string m_servers;
  std::string m_topic;
  std::mutex m_mutex;
  Acknowledgements m_acks;
  std::unique_ptr<RdKafka::Producer> m_producer;
};

}  // namespace

std::string kafka_bootstrap() {
  const char* found = std::getenv(k_bootstrap_variable);
  return found ? found : "";
}

std::string kafka_namespaced(const std::string& name) {
  const char* found = std::getenv(k_namespace_variable);
  return (found ? found : "") + name;
}

std::string ensure_topic(const std::string& servers, const std::string& topic) {
  std::string error;
  auto conf = configuration({{"bootstrap.servers", servers}}, error);
  if (!conf) return error;
  // rdkafka++ has no admin API: its C API, on a producer's handle.
  std::unique_ptr<RdKafka::Producer> admin(RdKafka::Producer::create(conf.get(), error));
  if (!admin) return error;
  char text[512] = "";
  rd_kafka_NewTopic_t* new_topic = rd_kafka_NewTopic_new(topic.c_str(), 1, 1, text, sizeof text);
  if (new_topic == nullptr) return text;
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin->c_ptr());
  rd_kafka_AdminOptions_t* options =
      rd_kafka_AdminOptions_new(admin->c_ptr(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(options, 10000, text, sizeof text);
  rd_kafka_CreateTopics(admin->c_ptr(), &new_topic, 1, options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, 15000);
  std::string out;
  if (event == nullptr) {
    out = "no answer from the Kafka brokers at " + servers;
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    out = "cannot create " + topic + " on " + servers + ": " + rd_kafka_event_error_string(event);
  } else {
    size_t count = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    for (size_t i = 0; i < count; ++i) {
      rd_kafka_resp_err_t found = rd_kafka_topic_result_error(results[i]);
      if (found != RD_KAFKA_RESP_ERR_NO_ERROR && found != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
        out = "cannot create " + topic + ": " + rd_kafka_err2str(found);
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy(new_topic);
  return out;
}

EventRelay kafka_event_relay(std::string servers) {
  auto relay = std::make_shared<Relay>(std::move(servers));
  return [relay](const std::vector<std::string>& events) { return relay->send(events); };
}

EventRelay service_event_relay() {
  const char* servers = std::getenv(k_bootstrap_variable);
  if (servers == nullptr || *servers == '\0') return deliver_locally;
  return kafka_event_relay(servers);
}

EventConsumer::EventConsumer() = default;

EventConsumer::~EventConsumer() { stop(); }

std::string EventConsumer::start(const std::string& servers) {
  std::string topic = kafka_namespaced(k_event_topic);
  if (std::string why = ensure_topic(servers, topic); !why.empty()) return why;
  std::string error;
  auto conf = configuration({{"bootstrap.servers", servers},
                             {"group.id", kafka_namespaced(k_event_group)},
                             {"auto.offset.reset", "earliest"}},
                            error);
  if (!conf) return error;
  m_consumer.reset(RdKafka::KafkaConsumer::create(conf.get(), error));
  if (!m_consumer) return error;
  if (m_consumer->subscribe({topic}) != RdKafka::ERR_NO_ERROR)
    return "cannot subscribe to " + topic;
  m_running = true;
  m_thread = std::thread([this] {
    while (m_running) {
      std::unique_ptr<RdKafka::Message> message(m_consumer->consume(200));
      if (message->err() == RdKafka::ERR_NO_ERROR)
        deliver(std::string(static_cast<const char*>(message->payload()), message->len()));
    }
  });
  return "";
}

void EventConsumer::stop() {
  m_running = false;
  if (m_thread.joinable()) m_thread.join();
  if (m_consumer) m_consumer->close();
  m_consumer.reset();
}

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

std::string cpp_local_context_header(const Contract& c, const CppUnit& u) {
  return cpp_fill(R"gen(#pragma once
// The @CTX@ context in this process, publishing its events through the
// generated Outbox: the in-memory adapters and HandlerDeps as the context's
// own infrastructure/composition.cc wires them, with the outbox as `events`.
// That file is the context's to edit, so this one builds its own.

#include <utility>

#include "@CTX@/application/@CTX@_application_service.h"
#include "@CTX@/domain/item_limit_policy.h"
#include "@CTX@/infrastructure/in_memory_@CTX@_repository.h"
#include "@CTX@/infrastructure/in_memory_unit_of_work.h"
#include "@INC@/outbox.h"

namespace @NS@ {

// Not movable: the service holds references to its neighbours.
class LocalContext {
 public:
  explicit LocalContext(EventRelay relay = deliver_locally)
      : m_outbox(std::move(relay)),
        m_service(::@CTX@::application::HandlerDeps{m_repository, m_unit_of_work, m_outbox,
                                                     m_limit}) {}
  LocalContext(const LocalContext&) = delete;
  LocalContext& operator=(const LocalContext&) = delete;

  ::@CTX@::api::@PORT@& service() { return m_service; }
  Outbox& outbox() { return m_outbox; }

 private:
  ::@CTX@::infrastructure::InMemory@NAME@Repository m_repository;
  ::@CTX@::infrastructure::InMemoryUnitOfWork m_unit_of_work{m_repository};
  Outbox m_outbox;
  ::@CTX@::domain::FixedItemLimitPolicy m_limit{::@CTX@::domain::k_default_item_limit};
  ::@CTX@::application::@NAME@ApplicationService m_service;
};

}  // namespace @NS@
)gen",
                  cpp_names(c, u));
}

}  // namespace strata::service
