#include "supervise/kafka_broker.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(KafkaBroker, PropertiesListenOnLoopbackOnlyWithOneNodeReplication) {
  KafkaSetup s{39092, 39093, "/w/.strata/up/kafka"};
  std::string text = kafka_server_properties(s);
  EXPECT_NE(text.find("listeners=PLAINTEXT://127.0.0.1:39092,CONTROLLER://127.0.0.1:39093\n"),
            std::string::npos);
  EXPECT_NE(text.find("controller.quorum.bootstrap.servers=127.0.0.1:39093\n"), std::string::npos);
  EXPECT_NE(text.find("log.dirs=/w/.strata/up/kafka/data\n"), std::string::npos);
  EXPECT_NE(text.find("offsets.topic.replication.factor=1\n"), std::string::npos);
}

TEST(KafkaBroker, TheProcessIsReadyOnKafkasStartedLine) {
  KafkaSetup s{1, 2, "/w/k"};
  ProcessSpec p = kafka_process("/c/kafka", s, {});
  EXPECT_EQ(p.name, "kafka");
  EXPECT_EQ(p.port, 1);
  EXPECT_EQ(p.ready_line, "Kafka Server started");
  EXPECT_NE(p.command.find("kafka.Kafka '/w/k/server.properties'"), std::string::npos);
}

}  // namespace
}  // namespace strata
