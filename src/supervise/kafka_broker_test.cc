#include "supervise/kafka_broker.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <optional>
#include <string>

#include "util/port_probe.h"
#include "util/temp_dir.h"

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

// Sets an environment variable for one test and puts the old value back.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name, m_old->c_str(), 1);
    else
      ::unsetenv(m_name);
  }

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

TEST(KafkaBroker, HomeIsUnderTheUsersCacheAndNamesTheVersion) {
  {
    ScopedEnv xdg("XDG_CACHE_HOME", "/x/cache");
    EXPECT_EQ(kafka_home(), "/x/cache/strata/kafka-4.4.0");
  }
  ScopedEnv xdg("XDG_CACHE_HOME", "");  // empty: not set
  ScopedEnv home("HOME", "/home/u");
  EXPECT_EQ(kafka_home(), "/home/u/.cache/strata/kafka-4.4.0");
}

// install_kafka and prepare_kafka with stand-ins for `java` and `mvn` first
// on PATH: each logs its arguments to calls.log, so a test sees what ran.
class KafkaInstall : public ::testing::Test {
 protected:
  KafkaInstall() : m_path("PATH", m_dir.path("bin").string() + ":/usr/bin:/bin") {}
  void tool(const std::string& name, const std::string& body) {
    m_dir.write("bin/" + name,
                "#!/bin/sh\necho \"" + name + " $*\" >> '" + m_dir.path("calls.log").string() +
                    "'\n" + body,
                0755);
  }
  std::string calls() const { return m_dir.read("calls.log"); }
  std::filesystem::path home() const { return m_dir.path("home"); }
  Status install() {
    FILE* progress = std::tmpfile();
    Status st = install_kafka(home(), progress);
    std::fclose(progress);
    return st;
  }

  testutil::TempDir m_dir{"strata-kafka"};
  ScopedEnv m_path;
};

TEST_F(KafkaInstall, WithoutMavenNothingIsWrittenAndTheHintNamesThePackages) {
  tool("java", "");
  ScopedEnv only_fakes("PATH", m_dir.path("bin").string());  // this machine may have a real mvn
  Status st = install();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::k_not_found);
  EXPECT_EQ(st.error().message,
            "`mvn` is not on PATH; the Kafka broker of strata up needs Java and Maven");
  EXPECT_EQ(st.error().hint, "apt-get install default-jre-headless maven");
  EXPECT_FALSE(std::filesystem::exists(home()));
}

TEST_F(KafkaInstall, InstallsTheJarsOnceAndDropsMavensRepository) {
  tool("java", "");
  tool("mvn", "mkdir -p lib.tmp m2 && echo jar > lib.tmp/kafka.jar && echo cached > m2/x\n");
  ASSERT_TRUE(install());
  EXPECT_TRUE(std::filesystem::exists(home() / "lib" / "kafka.jar"));
  EXPECT_TRUE(std::filesystem::exists(home() / "lib" / ".complete"));
  EXPECT_FALSE(std::filesystem::exists(home() / "lib.tmp"));
  EXPECT_FALSE(std::filesystem::exists(home() / "m2"));
  EXPECT_NE(calls().find("dependency:copy-dependencies"), std::string::npos) << calls();
  // Installed: the second call runs nothing and needs no Maven at all.
  std::filesystem::remove(m_dir.path("bin/mvn"));
  std::string before = calls();
  ASSERT_TRUE(install());
  EXPECT_EQ(calls(), before);
}

TEST_F(KafkaInstall, AFailedMavenRunLeavesNoHalfInstalledJars) {
  tool("java", "");
  tool("mvn", "mkdir -p lib.tmp && echo partial > lib.tmp/half.jar && exit 7\n");
  Status st = install();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind, ErrorKind::k_unavailable);
  EXPECT_EQ(st.error().message, "installing Kafka's jars with mvn failed (exit 7)");
  EXPECT_FALSE(std::filesystem::exists(home() / "lib"));
  // The next attempt starts over and succeeds.
  tool("mvn", "mkdir -p lib.tmp && echo jar > lib.tmp/kafka.jar\n");
  ASSERT_TRUE(install());
  EXPECT_FALSE(std::filesystem::exists(home() / "lib" / "half.jar"));
  EXPECT_TRUE(std::filesystem::exists(home() / "lib" / "kafka.jar"));
}

TEST_F(KafkaInstall, InstalledJarsStillNeedJava) {
  m_dir.write("home/lib/.complete", "4.4.0\n");
  m_dir.mkdir("bin");
  ScopedEnv only_fakes("PATH", m_dir.path("bin").string());  // no java, real or not
  Status st = install();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message,
            "`java` is not on PATH; the Kafka broker of strata up needs Java and Maven");
}

TEST_F(KafkaInstall, StorageIsFormattedOnceAndReusedWhileItsPortsAreFree) {
  tool("java", "mkdir -p data && echo cluster.id=x > data/meta.properties\n");
  auto dir = m_dir.path("up/kafka");
  auto first = prepare_kafka(home(), dir, {});
  ASSERT_TRUE(first) << first.error().str();
  EXPECT_GT(first->broker_port, 0);
  EXPECT_NE(first->broker_port, first->controller_port);
  EXPECT_NE(calls().find("kafka.tools.StorageTool format"), std::string::npos) << calls();
  EXPECT_EQ(m_dir.read("up/kafka/server.properties"), kafka_server_properties(*first));

  std::string before = calls();
  auto again = prepare_kafka(home(), dir, {});
  ASSERT_TRUE(again) << again.error().str();
  EXPECT_EQ(again->broker_port, first->broker_port);
  EXPECT_EQ(again->controller_port, first->controller_port);
  EXPECT_EQ(calls(), before) << "formatted again";
}

TEST_F(KafkaInstall, StorageWithoutItsMetaPropertiesIsFormattedAgain) {
  tool("java", "mkdir -p data && echo cluster.id=x > data/meta.properties\n");
  auto dir = m_dir.path("up/kafka");
  ASSERT_TRUE(prepare_kafka(home(), dir, {}));
  std::filesystem::remove(dir / "data" / "meta.properties");
  ASSERT_TRUE(prepare_kafka(home(), dir, {}));
  std::string log = calls();
  EXPECT_NE(log.find("StorageTool"), log.rfind("StorageTool")) << "formatted once: " << log;
}

TEST_F(KafkaInstall, AFailedFormatPointsAtItsLog) {
  tool("java", "echo 'Error: bad quorum' >&2; exit 1\n");
  auto dir = m_dir.path("up/kafka");
  auto r = prepare_kafka(home(), dir, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::k_io);
  EXPECT_EQ(r.error().message, "formatting the Kafka storage failed (exit 1); its output is in " +
                                   (dir / "format.log").string());
  EXPECT_EQ(m_dir.read("up/kafka/format.log"), "Error: bad quorum\n");
}

}  // namespace
}  // namespace strata
