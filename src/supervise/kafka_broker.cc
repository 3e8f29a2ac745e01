// Install: a scratch pom listing Kafka's artifacts, `mvn
// dependency:copy-dependencies` into lib.tmp, renamed to lib when complete,
// all under an flock so concurrent `up`s (or tests) install once. Storage:
// `kafka.tools.StorageTool format --standalone` once per pair of ports,
// since the controller's address is part of the formatted quorum.

#include "supervise/kafka_broker.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdlib>
#include <initializer_list>
#include <sstream>

#include "exec/subprocess.h"
#include "tasks/arguments.h"
#include "util/fs.h"
#include "util/port_probe.h"
#include "vcs/subprocess.h"

namespace strata {

namespace {

namespace fs = std::filesystem;

std::string pom() {
  std::string deps;
  for (const char* a : {"kafka_2.13", "kafka-server", "kafka-storage", "kafka-tools"})
    deps += fmt::format(
        "    <dependency><groupId>org.apache.kafka</groupId><artifactId>{}</artifactId>"
        "<version>{}</version></dependency>\n",
        a, k_kafka_version);
  return fmt::format(
      "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
      "  <modelVersion>4.0.0</modelVersion>\n"
      "  <groupId>dev.strata</groupId><artifactId>kafka-runtime</artifactId>"
      "<version>{}</version><packaging>pom</packaging>\n"
      "  <dependencies>\n{}"
      "    <dependency><groupId>org.apache.logging.log4j</groupId>"
      "<artifactId>log4j-slf4j-impl</artifactId><version>2.25.5</version></dependency>\n"
      "  </dependencies>\n</project>\n",
      k_kafka_version, deps);
}

// Warnings and Kafka's "started" line; its INFO output is hundreds of lines.
constexpr const char* k_log4j =
    "status = warn\n"
    "appender.console.type = Console\n"
    "appender.console.name = STDOUT\n"
    "appender.console.layout.type = PatternLayout\n"
    "appender.console.layout.pattern = %p %m (%c)%n\n"
    "rootLogger.level = warn\n"
    "rootLogger.appenderRef.stdout.ref = STDOUT\n"
    "logger.started.name = kafka.server.KafkaRaftServer\n"
    "logger.started.level = info\n";

bool on_path(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && access((fs::path(dir) / tool).c_str(), X_OK) == 0) return true;
  return false;
}

Status need_tools(std::initializer_list<const char*> tools) {
  for (const char* tool : tools)
    if (!on_path(tool))
      return Error(fmt::format(
                       "`{}` is not on PATH; the Kafka broker of strata up needs Java and Maven",
                       tool),
                   {}, "apt-get install default-jre-headless maven")
          .of(ErrorKind::k_not_found);
  return ok_status();
}

// Runs `argv` in `cwd` under exec's supervision, its output streamed to
// `out` as it comes (Maven's progress); Ctrl-C stops it. The exit code.
int run_streaming(const std::vector<std::string>& argv, const fs::path& cwd, FILE* out) {
  std::string command;
  for (const auto& a : argv) command += (command.empty() ? "" : " ") + shell_quote(a);
  std::vector<std::string> env;
  for (char** p = environ; p && *p; ++p) env.emplace_back(*p);
  SubprocessSet set;
  auto sub = set.add(0, command, cwd.string(), env);
  if (!sub) return -1;
  int code = -1;
  bool stopped = false;
  while (set.running() > 0) {
    set.poll(-1, [out](const Subprocess&, std::string_view bytes) {
      std::fwrite(bytes.data(), 1, bytes.size(), out);
      std::fflush(out);
    });
    if (set.interrupts() > 0 && !stopped) {
      set.signal_all(SIGTERM);
      stopped = true;
    }
  }
  for (auto& f : set.take_finished()) code = f->exit_code();
  return code;
}

std::string classpath(const fs::path& home) { return (home / "lib").string() + "/*"; }

std::string property(const std::string& text, const std::string& key) {
  std::stringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with(key + "=")) return line.substr(key.size() + 1);
  return "";
}

int port_after_colon(const std::string& hostport) {
  size_t colon = hostport.rfind(':');
  return colon == std::string::npos ? 0 : std::atoi(hostport.c_str() + colon + 1);
}

// The ports of the last run, when its storage is formatted and both are free.
bool reuse(KafkaSetup& setup) {
  auto text = read_file(setup.dir / "server.properties");
  if (!text || !fs::exists(setup.dir / "data" / "meta.properties")) return false;
  setup.broker_port = port_after_colon(property(*text, "advertised.listeners"));
  setup.controller_port = port_after_colon(property(*text, "controller.quorum.bootstrap.servers"));
  return setup.broker_port > 0 && setup.controller_port > 0 && !port_in_use(setup.broker_port) &&
         !port_in_use(setup.controller_port);
}

Status format_storage(const fs::path& home, const KafkaSetup& setup,
                      const std::vector<std::string>& env) {
  std::error_code ec;
  fs::remove_all(setup.dir / "data", ec);
  if (auto st = write_atomic(setup.dir / "server.properties", kafka_server_properties(setup)); !st)
    return st;
  if (auto st = write_atomic(setup.dir / "log4j2.properties", k_log4j); !st) return st;
  // A fixed cluster id: the storage is this workspace's alone, and no
  // second JVM start is spent asking StorageTool for a random one.
  auto ran = run_capture(
      {"java", "-Dlog4j2.configurationFile=" + (setup.dir / "log4j2.properties").string(), "-cp",
       classpath(home), "kafka.tools.StorageTool", "format", "-t", "c3RyYXRhLXVwLWthZmthAA", "-c",
       (setup.dir / "server.properties").string(), "--standalone"},
      env, setup.dir.string());
  std::string log = (setup.dir / "format.log").string();
  if (ran) (void)write_atomic(log, ran->out + ran->err);
  if (!ran || ran->exit_code != 0)
    return Error(fmt::format("formatting the Kafka storage failed (exit {}); its output is in {}",
                             ran ? ran->exit_code : -1, log))
        .of(ErrorKind::k_io);
  return ok_status();
}

}  // namespace

fs::path kafka_home() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home ? home : "/tmp") / ".cache";
  return base / "strata" / fmt::format("kafka-{}", k_kafka_version);
}

Status install_kafka(const fs::path& home, FILE* progress) {
  if (fs::exists(home / "lib" / ".complete")) return need_tools({"java"});
  if (auto st = need_tools({"java", "mvn"}); !st) return st;
  std::error_code ec;
  fs::create_directories(home, ec);
  int lock = open((home / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock < 0) return Error("cannot create " + (home / ".lock").string()).of(ErrorKind::k_io);
  flock(lock, LOCK_EX);  // released by close, on every path below
  struct Unlock {
    int fd;
    ~Unlock() { close(fd); }
  } unlock{lock};
  if (fs::exists(home / "lib" / ".complete")) return ok_status();  // another process did it
  std::fprintf(progress, "strata: installing Apache Kafka %s from Maven Central into %s (once)\n",
               std::string(k_kafka_version).c_str(), home.c_str());
  std::fflush(progress);
  if (auto st = write_atomic(home / "pom.xml", pom()); !st) return st;
  fs::remove_all(home / "lib.tmp", ec);
  int code = run_streaming(
      {"mvn", "-B", "-ntp", "-Dstyle.color=never", "-Dmaven.repo.local=" + (home / "m2").string(),
       "dependency:copy-dependencies", "-DoutputDirectory=lib.tmp", "-DincludeScope=runtime"},
      home, progress);
  if (code != 0)
    return Error(fmt::format("installing Kafka's jars with mvn failed (exit {})", code), {},
                 "check that Maven Central is reachable (mvn's output above says why)")
        .of(ErrorKind::k_unavailable);
  if (auto st = write_atomic(home / "lib.tmp" / ".complete", std::string(k_kafka_version) + "\n");
      !st)
    return st;
  fs::remove_all(home / "lib", ec);
  fs::rename(home / "lib.tmp", home / "lib", ec);
  if (ec)
    return Error("cannot move the jars into " + (home / "lib").string() + ": " + ec.message());
  fs::remove_all(home / "m2", ec);  // the jars are in lib; the Maven repository is a second copy
  return ok_status();
}

std::string kafka_server_properties(const KafkaSetup& s) {
  return fmt::format(
      "# Written by strata up: a one-node KRaft broker on loopback.\n"
      "process.roles=broker,controller\n"
      "node.id=1\n"
      "controller.quorum.bootstrap.servers=127.0.0.1:{1}\n"
      "listeners=PLAINTEXT://127.0.0.1:{0},CONTROLLER://127.0.0.1:{1}\n"
      "advertised.listeners=PLAINTEXT://127.0.0.1:{0}\n"
      "controller.listener.names=CONTROLLER\n"
      "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT\n"
      "inter.broker.listener.name=PLAINTEXT\n"
      "log.dirs={2}\n"
      "num.partitions=1\n"
      "offsets.topic.replication.factor=1\n"
      "transaction.state.log.replication.factor=1\n"
      "transaction.state.log.min.isr=1\n"
      "share.coordinator.state.topic.replication.factor=1\n"
      "share.coordinator.state.topic.min.isr=1\n"
      "group.initial.rebalance.delay.ms=0\n",
      s.broker_port, s.controller_port, (s.dir / "data").string());
}

Result<KafkaSetup> prepare_kafka(const fs::path& home, const fs::path& dir,
                                 const std::vector<std::string>& env) {
  KafkaSetup setup;
  setup.dir = dir;
  if (reuse(setup)) return setup;
  setup.broker_port = free_port();
  do {
    setup.controller_port = free_port();
  } while (setup.controller_port == setup.broker_port);
  if (auto st = format_storage(home, setup, env); !st) return st.error();
  return setup;
}

ProcessSpec kafka_process(const fs::path& home, const KafkaSetup& setup,
                          const std::vector<std::string>& env) {
  ProcessSpec p;
  p.name = "kafka";
  p.kind = "broker";
  // A development broker on a shared laptop: the serial collector and the
  // client compiler only start faster and take less memory; peak
  // throughput is not what `up` is for.
  p.command = fmt::format(
      "exec java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.configurationFile='{}' "
      "-cp '{}' kafka.Kafka '{}'",
      (setup.dir / "log4j2.properties").string(), classpath(home),
      (setup.dir / "server.properties").string());
  p.cwd = setup.dir.string();
  p.env = env;
  p.port = setup.broker_port;
  p.ready_line = std::string(k_kafka_ready_line);
  p.startup_timeout_ms = 120'000;
  return p;
}

}  // namespace strata
