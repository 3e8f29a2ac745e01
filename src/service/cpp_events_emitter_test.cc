#include "service/cpp_events_emitter.h"

#include <gtest/gtest.h>

#include "service/cpp_contract.h"

namespace strata::service {
namespace {

const char* k_dto = R"(namespace billing::api {
struct BillingDto {
  std::string id;
};
enum class ErrorCode { k_invalid, k_not_found, k_unavailable };
}
)";

const char* k_port = R"(class BillingService {
 public:
  virtual ~BillingService() = default;
  virtual Result<BillingDto> get_one(const std::string& id) = 0;
};
)";

// As `strata generate context billing --lang cpp` writes it, plus an
// optional field and a comment.
const char* k_events = R"(#pragma once
namespace billing::domain {

struct BillingOpened {
  std::string billing_id;
  bool operator==(const BillingOpened&) const = default;
};

// struct NotAnEvent { int x; };
struct BillingClosed {
  std::string billing_id;
  size_t item_count = 0;
  std::optional<std::string> reason;
  bool operator==(const BillingClosed&) const = default;
};

struct Unlisted {
  int x = 0;
};

using BillingEvent = std::variant<BillingClosed, BillingOpened>;

std::string_view event_type(const BillingEvent& event);

}  // namespace billing::domain
)";

Contract contract() {
  std::string base = "contexts/billing/api/src/billing/api/";
  auto c = parse_cpp_contract("billing", k_dto, base + "dto.h", k_port, base + "billing_service.h");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? *c : Contract{};
}

std::vector<Dto> events() {
  auto e = parse_cpp_events("billing", k_events, cpp_events_file("billing"));
  EXPECT_TRUE(e.ok()) << e.error().message;
  return e.ok() ? *e : std::vector<Dto>{};
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CppEventsEmitter, TheEventsAreTheStructsTheVariantListsInItsOrder) {
  auto e = events();
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].name, "BillingClosed");
  EXPECT_EQ(e[1].name, "BillingOpened");
  ASSERT_EQ(e[0].fields.size(), 3u);
  EXPECT_EQ(e[0].fields[1].name, "item_count");
  EXPECT_EQ(e[0].fields[2].type.kind, TypeRef::Kind::k_optional);
  EXPECT_EQ(e[1].fields.size(), 1u);
  EXPECT_EQ(cpp_events_file("billing"), "contexts/billing/domain/src/billing/domain/events.h");
}

TEST(CppEventsEmitter, EventsWithoutTheVariantOrWithAnUndeclaredStructAreRefused) {
  auto none = parse_cpp_events("billing", "struct BillingOpened { int x; };", "events.h");
  ASSERT_FALSE(none.ok());
  EXPECT_TRUE(has(none.error().message, "using BillingEvent = std::variant<...>;"));
  auto missing =
      parse_cpp_events("billing", "using BillingEvent = std::variant<Gone>;", "events.h");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(has(missing.error().message, "lists Gone, which events.h does not declare"));
}

TEST(CppEventsEmitter, TheOutboxImplementsThePortAndKeepsWhatTheRelayRefused) {
  Contract c = contract();
  CppUnit u = cpp_monolith_unit(c);
  std::string h = cpp_outbox_header(c, u);
  std::string s = cpp_outbox_source(c, u, events());
  EXPECT_TRUE(has(h, "class Outbox final : public ::billing::application::EventPublisher"));
  EXPECT_TRUE(has(h, "const std::vector<::billing::domain::BillingEvent>& events) override;"));
  EXPECT_TRUE(has(h, "explicit Outbox(EventRelay relay = deliver_locally);"));
  EXPECT_TRUE(has(h, "#include \"billing/application/ports.h\""));
  EXPECT_TRUE(has(h, "#include \"" + u.include_dir + "/event_handlers.h\""));
  EXPECT_TRUE(has(s, "#include \"" + u.include_dir + "/outbox.h\""));
  EXPECT_TRUE(has(s, "m_pending.insert(m_pending.begin(), batch.begin(), batch.end());"));
  EXPECT_TRUE(has(h + s, "namespace " + u.ns + " {"));
  EXPECT_FALSE(has(h + s, "@"));
}

// The registry needs nothing of the context: a monolith keeps one for a
// split context, whose layers it does not link.
TEST(CppEventsEmitter, HandlersSubscribeByTypeOrToAllAndTheLastHundredAreKept) {
  Contract c = contract();
  CppUnit u = cpp_monolith_unit(c);
  std::string h = cpp_event_handlers_header(c, u);
  std::string s = cpp_event_handlers_source(c, u);
  EXPECT_TRUE(has(h, "void subscribe(const std::string& type, EventHandler handler);"));
  EXPECT_TRUE(has(h, "k_recent_events = 100;"));
  EXPECT_TRUE(has(s, "{event[\"type\"].get<std::string>(), std::string(\"*\")}"));
  EXPECT_TRUE(has(s, "while (r.recent.size() > k_recent_events) r.recent.pop_front();"));
  EXPECT_FALSE(has(h + s, "billing/application"));
  EXPECT_FALSE(has(h + s, "billing/domain"));
  EXPECT_TRUE(has(h + s, "namespace " + u.ns + " {"));
  EXPECT_FALSE(has(h + s, "@"));
}

TEST(CppEventsEmitter, EachEventCrossesAsItsTypeAndItsFields) {
  Contract c = contract();
  std::string s = cpp_outbox_source(c, cpp_service_unit(c), events());
  EXPECT_TRUE(has(s, "std::get_if<::billing::domain::BillingClosed>(&event)"));
  EXPECT_TRUE(has(s, "type = \"BillingClosed\";"));
  EXPECT_TRUE(has(s, "data[\"item_count\"] = e.item_count;"));
  EXPECT_TRUE(has(s, "data[\"reason\"] = e.reason ? Json(*e.reason) : Json(nullptr);"));
  EXPECT_TRUE(has(s, "return Json{{\"type\", type}, {\"data\", data}}.dump();"));
  EXPECT_TRUE(has(s, "data.at(\"billing_id\").get_to(e.billing_id);"));
  EXPECT_TRUE(has(
      s, "if (!data.at(\"reason\").is_null()) e.reason = data.at(\"reason\").get<std::string>();"));
  EXPECT_TRUE(has(s, "if (type == \"BillingOpened\") {"));
  EXPECT_FALSE(has(s, "Unlisted"));
}

TEST(CppEventsEmitter, EventsGoInOrderToOneTopicPerContext) {
  Contract c = contract();
  CppUnit u = cpp_service_unit(c);
  std::string h = cpp_kafka_events_header(c, u);
  std::string s = cpp_kafka_events_source(c, u);
  EXPECT_TRUE(has(h, "k_event_topic = \"strata.billing.events\""));
  EXPECT_TRUE(has(h, "k_event_group = \"billing-event-handlers\""));
  EXPECT_TRUE(has(h, "\"STRATA_KAFKA_BOOTSTRAP\""));
  EXPECT_TRUE(has(h, "\"STRATA_KAFKA_NAMESPACE\""));
  EXPECT_TRUE(has(s, "{\"enable.idempotence\", \"true\"}"));
  EXPECT_TRUE(has(s, "{\"acks\", \"all\"}"));
  EXPECT_TRUE(has(s, "rd_kafka_NewTopic_new(topic.c_str(), 1, 1"));
  EXPECT_TRUE(has(s, "{\"auto.offset.reset\", \"earliest\"}"));
  EXPECT_TRUE(has(s, "return kafka_event_relay(servers);"));
  // Needs only the registry and the brokers, not the outbox nor the kafka
  // transport's client.
  EXPECT_TRUE(has(h, "#include \"" + u.include_dir + "/event_handlers.h\""));
  EXPECT_FALSE(has(h + s, "outbox.h"));
  EXPECT_FALSE(has(h + s, "kafka_client.h"));
  EXPECT_TRUE(has(h + s, "namespace " + u.ns + " {"));
  EXPECT_FALSE(has(h + s, "@"));
}

// The context built in this process with the outbox as its EventPublisher,
// the user-owned composition.cc left alone.
TEST(CppEventsEmitter, TheLocalContextBuildsHandlerDepsWithTheOutbox) {
  Contract c = contract();
  CppUnit u = cpp_monolith_unit(c);
  std::string h = cpp_local_context_header(c, u);
  EXPECT_TRUE(has(h, "explicit LocalContext(EventRelay relay = deliver_locally)"));
  EXPECT_TRUE(
      has(h, "::billing::application::HandlerDeps{m_repository, m_unit_of_work, m_outbox,"));
  EXPECT_TRUE(has(h, "::billing::api::BillingService& service() { return m_service; }"));
  EXPECT_TRUE(has(h, "::billing::infrastructure::InMemoryBillingRepository m_repository;"));
  EXPECT_TRUE(has(h, "::billing::application::BillingApplicationService m_service;"));
  EXPECT_TRUE(has(h, "#include \"billing/infrastructure/in_memory_billing_repository.h\""));
  EXPECT_TRUE(has(h, "#include \"" + u.include_dir + "/outbox.h\""));
  EXPECT_FALSE(has(h, "infrastructure/composition.h"));
  // The members the service refers to come before it.
  EXPECT_LT(h.find("Outbox m_outbox;"), h.find("BillingApplicationService m_service;"));
  EXPECT_LT(h.find("m_limit{"), h.find("BillingApplicationService m_service;"));
  EXPECT_TRUE(has(h, "namespace " + u.ns + " {"));
  EXPECT_FALSE(has(h, "@"));
}

}  // namespace
}  // namespace strata::service
