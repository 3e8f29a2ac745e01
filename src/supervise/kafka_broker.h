#pragma once
// The Kafka broker `strata up` starts when a service's transport is kafka
// and the topology names no bootstrap: Apache Kafka in KRaft mode (one
// process, broker and controller) on loopback. Strata installs the jars
// itself, once per user, from Maven Central with the user's `mvn`, and
// keeps the broker's formatted storage under `.strata/up/kafka`, reused
// (topics and all) while its ports stay free.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "supervise/supervisor.h"
#include "util/result.h"

namespace strata {

inline constexpr std::string_view k_kafka_version = "4.4.0";
inline constexpr std::string_view k_kafka_ready_line = "Kafka Server started";

// `$XDG_CACHE_HOME/strata/kafka-4.4.0` (or ~/.cache/...): the jars, shared
// by every workspace of the user.
std::filesystem::path kafka_home();

// Installs the jars into `home`/lib unless they are there, showing Maven's
// progress on `progress`. Safe to run from two processes at once.
Status install_kafka(const std::filesystem::path& home, FILE* progress);

// The broker's ports and storage under `dir` (.strata/up/kafka): the ones of
// the last run when both are still free, otherwise new free ports and
// freshly formatted storage.
struct KafkaSetup {
  int broker_port = 0;
  int controller_port = 0;
  std::filesystem::path dir;
};
Result<KafkaSetup> prepare_kafka(const std::filesystem::path& home,
                                 const std::filesystem::path& dir,
                                 const std::vector<std::string>& env);

// The broker as a supervised process.
ProcessSpec kafka_process(const std::filesystem::path& home, const KafkaSetup& setup,
                          const std::vector<std::string>& env);

// The text of server.properties for these ports and storage.
std::string kafka_server_properties(const KafkaSetup& setup);

}  // namespace strata
