// The generated outbox run by Python: events cross as their JSON form and
// reach the handlers of their type (and of "*") in the order published, a
// relay that fails keeps them for the next flush in order, and a handler may
// publish to the outbox that delivers to it. The Kafka module's names follow
// the context.

#include "service/python_events_emitter.h"

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

using service_test::has;
using service_test::py_shapes_contract;
using service_test::python_syntax_error;
using service_test::run_command;

// Runs `script` beside the generated outbox.py; its exit status and output.
std::pair<int, std::string> run_with_outbox(const std::string& script) {
  testutil::TempDir dir("strata-outbox");
  dir.write("outbox.py", py_outbox_module(py_shapes_contract()));
  dir.write("check.py", script);
  // A deadlock fails the test instead of hanging it.
  return run_command("cd '" + dir.root().string() +
                     "' && PYTHONDONTWRITEBYTECODE=1 timeout 10 python3 check.py");
}

const char* k_events = R"(import dataclasses
import json

import outbox as o


@dataclasses.dataclass(frozen=True)
class LineAdded:
    line_id: str
    quantity: int


@dataclasses.dataclass(frozen=True)
class OrderClosed:
    order_id: str

)";

TEST(PythonEventsEmitter, TheModulesParseAndNameTheContext) {
  Contract c = py_shapes_contract();
  std::string outbox = py_outbox_module(c);
  EXPECT_TRUE(has(outbox, "CONTEXT = \"order_items\"\n"));
  EXPECT_EQ(python_syntax_error(outbox), "");
  std::string kafka = py_kafka_events_module(c);
  EXPECT_TRUE(has(kafka, "EVENT_TOPIC = \"strata.order_items.events\"\n"));
  EXPECT_TRUE(has(kafka, "EVENT_GROUP = \"order_items-event-handlers\"\n"));
  EXPECT_EQ(python_syntax_error(kafka), "");
  EXPECT_FALSE(has(outbox + kafka, "@@"));
}

TEST(PythonEventsEmitter, EventsReachTheirHandlersAsJsonInOrder) {
  auto [status, out] = run_with_outbox(std::string(k_events) + R"(
typed: list[o.IntegrationEvent] = []
every: list[str] = []
o.subscribe("LineAdded", typed.append)
o.subscribe("*", lambda e: every.append(e.type))
box = o.Outbox()
box.publish([LineAdded("l1", 2), OrderClosed("o1"), LineAdded("l2", 3)])
assert [e.data for e in typed] == [{"line_id": "l1", "quantity": 2},
                                   {"line_id": "l2", "quantity": 3}], typed
assert every == ["LineAdded", "OrderClosed", "LineAdded"], every
assert box.pending() == 0
assert [e.type for e in o.recent] == every
print("delivered")
)");
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(has(out, "delivered")) << out;
}

TEST(PythonEventsEmitter, AFailedRelayKeepsTheEventsInOrderForTheNextFlush) {
  auto [status, out] = run_with_outbox(std::string(k_events) + R"(
sent: list[str] = []
down = True


def relay(events):
    if down:
        raise ConnectionError("broker down")
    sent.extend(e.data.get("line_id") or e.data["order_id"] for e in events)


box = o.Outbox(relay)
box.publish([LineAdded("l1", 1)])
box.publish([OrderClosed("o1")])
assert box.pending() == 2 and sent == [], (box.pending(), sent)
down = False
box.publish([LineAdded("l2", 1)])
assert sent == ["l1", "o1", "l2"], sent
assert box.pending() == 0
print("kept")
)");
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(has(out, "kept")) << out;
}

TEST(PythonEventsEmitter, OnlyDataclassesAreEventsAndOnlyObjectsCrossTheWire) {
  auto [status, out] = run_with_outbox(std::string(k_events) + R"(
for bad in [object(), LineAdded, {"type": "x"}]:
    try:
        o.to_integration_event(bad)
    except TypeError:
        continue
    raise SystemExit(f"took {bad!r}")
for raw in [b"[]", b'{"type": 1, "data": {}}', b'{"type": "x", "data": []}']:
    try:
        o.IntegrationEvent.from_json(raw)
    except ValueError:
        continue
    raise SystemExit(f"read {raw!r}")
event = o.to_integration_event(LineAdded("l1", 2))
assert o.IntegrationEvent.from_json(event.to_json()) == event
print("checked")
)");
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(has(out, "checked")) << out;
}

TEST(PythonEventsEmitter, AHandlerMayPublishToTheOutboxThatDeliversToIt) {
  // A policy of the context reacting to its own event: the outbox is
  // flushing when the handler publishes again.
  auto [status, out] = run_with_outbox(std::string(k_events) + R"(
box = o.Outbox()
seen: list[str] = []


def close_when_added(event):
    seen.append(event.type)
    box.publish([OrderClosed("o1")])


o.subscribe("LineAdded", close_when_added)
o.subscribe("OrderClosed", lambda e: seen.append(e.type))
box.publish([LineAdded("l1", 1)])
assert seen == ["LineAdded", "OrderClosed"], seen
assert box.pending() == 0
print("nested")
)");
  EXPECT_EQ(status, 0) << out;
  EXPECT_TRUE(has(out, "nested")) << out;
}

TEST(PythonEventsEmitter, TheInProcessContractCheckComparesWhatWasPublished) {
  std::string t = py_events_in_process_test();
  EXPECT_TRUE(has(t, "def test_events_reach_their_handlers_in_process() -> None:"));
  EXPECT_TRUE(has(t, "assert received == published"));
}

}  // namespace
}  // namespace strata::service
