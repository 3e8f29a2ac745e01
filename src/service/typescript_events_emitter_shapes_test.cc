// The TypeScript events modules of a context whose name has several words:
// the same topic and group names as the Python and C++ services', every
// hole filled, and text that depends on the context's name alone.

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"
#include "service/python_events_emitter.h"
#include "service/typescript_events_emitter.h"

namespace strata::service {
namespace {

using service_test::has;

TEST(TypescriptEventsEmitterShapes, TopicAndGroupAreThePythonServicesOnes) {
  Contract ts = service_test::ts_shapes_contract();
  Contract py = service_test::py_shapes_contract();
  py.context = ts.context;
  std::string t = ts_kafka_events_module(ts);
  std::string p = py_kafka_events_module(py);
  EXPECT_TRUE(has(t, "export const EVENT_TOPIC = \"strata.order_lines.events\";"));
  EXPECT_TRUE(has(p, "EVENT_TOPIC = \"strata.order_lines.events\"\n"));
  EXPECT_TRUE(has(t, "export const EVENT_GROUP = \"order_lines-event-handlers\";"));
  EXPECT_TRUE(has(p, "EVENT_GROUP = \"order_lines-event-handlers\"\n"));
  EXPECT_TRUE(has(t, "export const BOOTSTRAP_VARIABLE = \"STRATA_KAFKA_BOOTSTRAP\";"));
  EXPECT_TRUE(has(t, "clientId: \"order_lines\""));
}

TEST(TypescriptEventsEmitterShapes, TheOutboxNamesItsContextAndLeavesNoHole) {
  Contract c = service_test::ts_shapes_contract();
  std::string o = ts_outbox_module(c);
  EXPECT_TRUE(has(o, "export const CONTEXT = \"order_lines\";"));
  EXPECT_TRUE(has(o, "export class Outbox"));
  EXPECT_FALSE(has(o, "@CONTEXT@"));
  EXPECT_FALSE(has(ts_kafka_events_module(c), "@CONTEXT@"));
}

TEST(TypescriptEventsEmitterShapes, OnlyTheContextsNameChangesTheModules) {
  Contract a = service_test::ts_shapes_contract();
  Contract b = service_test::ts_shapes_contract(
      "export interface OtherDto {\n  readonly id: string;\n}\n",
      "import type { OtherDto } from \"./dto.js\";\n\n"
      "export interface OrderLinesService {\n  get(id: string): Promise<OtherDto>;\n}\n");
  EXPECT_EQ(ts_outbox_module(a), ts_outbox_module(b));
  EXPECT_EQ(ts_kafka_events_module(a), ts_kafka_events_module(b));
  b.context = "billing";
  EXPECT_NE(ts_outbox_module(a), ts_outbox_module(b));
  EXPECT_TRUE(has(ts_kafka_events_module(b), "\"strata.billing.events\""));
}

}  // namespace
}  // namespace strata::service
