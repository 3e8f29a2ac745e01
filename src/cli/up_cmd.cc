// `strata up`, `ps`, `logs`, `down`: running the system locally. `up`
// plans the processes (supervise/up_plan), checks names and ports, installs
// and prepares the Kafka broker when one is needed, takes the workspace's
// lock and hands over to the supervisor. `--detach` re-runs this binary as
// a session leader in the background (so no fork of a threaded process)
// and waits until the state file says everything is healthy. The other
// three only read `.strata/up/`; `down` signals the supervisor, which stops
// its children in reverse order.

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "cli/cluster_cmd.h"
#include "cli/command.h"
#include "cli/context.h"
#include "config/loader.h"
#include "config/topology.h"
#include "exec/output.h"
#include "supervise/kafka_broker.h"
#include "supervise/log_stream.h"
#include "supervise/start_order.h"
#include "supervise/supervisor.h"
#include "supervise/up_lock.h"
#include "supervise/up_plan.h"
#include "supervise/up_state.h"
#include "util/diagnostics.h"
#include "util/fs.h"
#include "util/port_probe.h"
#include "util/suggest.h"

extern char** environ;

namespace strata::cli {

namespace {

namespace fs = std::filesystem;

constexpr int k_failure = static_cast<int>(ExitCode::k_failure);
constexpr int k_detach_wait_ms = 300'000;

struct UpOptions {
  std::vector<std::string> only;
  bool detach = false;
  bool daemon = false;  // the background half of --detach
};

int fail(const Error& e) {
  print_error(e);
  return k_failure;
}

std::optional<fs::path> workspace_root() {
  std::error_code ec;
  fs::path start =
      global_options().cwd.empty() ? fs::current_path(ec) : fs::path(global_options().cwd);
  auto root = find_workspace_root(fs::absolute(start, ec));
  if (!root) {
    print_error(root.error());
    return std::nullopt;
  }
  return *root;
}

int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Error not_running() {
  return Error("strata up is not running in this workspace", {}, "start it with `strata up`")
      .of(ErrorKind::k_not_found);
}

// The selected processes in start order, each checked: its own problem,
// then its port.
Result<std::vector<ProcessSpec>> select(const std::vector<PlannedProcess>& planned, bool broker,
                                        const std::vector<std::string>& only) {
  std::vector<StartNode> nodes;
  if (broker) nodes.push_back({"kafka", {}});
  for (const auto& p : planned) nodes.push_back({p.spec.name, p.spec.deps});
  auto picked =
      only.empty() ? Result<std::vector<StartNode>>(nodes) : select_with_deps(nodes, only);
  if (!picked) return picked.error();
  auto order = start_order(*picked);
  if (!order) return order.error();
  std::vector<ProcessSpec> out;
  for (const auto& name : *order) {
    if (name == "kafka" && broker) {
      out.emplace_back();
      out.back().name = "kafka";
      out.back().kind = "broker";
      continue;
    }
    for (const auto& p : planned) {
      if (p.spec.name != name) continue;
      if (p.problem) return *p.problem;
      if (port_in_use(p.spec.port))
        return Error(
            fmt::format("port {} of '{}' is in use", p.spec.port, name), {},
            fmt::format("stop what listens there (ss -ltnp 'sport = :{}') or change its port in "
                        "topology.json",
                        p.spec.port));
      out.push_back(p.spec);
    }
  }
  return out;
}

struct Plan {
  fs::path root;
  Topology topology;
  std::vector<ProcessSpec> processes;  // the broker's only named, until prepared
  bool broker = false;
};

Result<Plan> make_plan(const UpOptions& o, const std::string& bootstrap) {
  auto ctx = load_context();
  if (!ctx) return Error("").of(ErrorKind::k_internal);  // already printed
  Plan plan;
  plan.root = ctx->workspace.root;
  auto topology = load_topology(plan.root);
  if (!topology) return topology.error();
  plan.topology = std::move(*topology);
  bool kafka = uses_kafka(plan.topology);
  plan.broker = kafka && plan.topology.kafka_bootstrap.empty();
  auto key = workspace_jwt_key(up_dir(plan.root), environ);
  if (!key) return key.error();
  UpEnv env{*key, kafka ? (plan.broker ? bootstrap : plan.topology.kafka_bootstrap) : "",
            plan.broker};
  auto planned = plan_processes(ctx->workspace, plan.topology, env, environ);
  if (!planned) return planned.error();
  auto picked = select(*planned, plan.broker, o.only);
  if (!picked) return picked.error();
  plan.processes = std::move(*picked);
  return plan;
}

std::vector<std::string> base_env() {
  std::vector<std::string> env;
  for (char** p = environ; p && *p; ++p) env.emplace_back(*p);
  return env;
}

// Prepares the broker (install, storage) and plans again with its address.
Result<Plan> plan_with_broker(const UpOptions& o) {
  auto plan = make_plan(o, "127.0.0.1:0");
  if (!plan || !plan->broker || plan->processes.empty() || plan->processes.front().name != "kafka")
    return plan;
  fs::path home = kafka_home();
  if (auto st = install_kafka(home, stderr); !st) return st.error();
  auto setup = prepare_kafka(home, up_dir(plan->root) / "kafka", base_env());
  if (!setup) return setup.error();
  auto again = make_plan(o, fmt::format("127.0.0.1:{}", setup->broker_port));
  if (!again) return again;
  again->processes.front() = kafka_process(home, *setup, base_env());
  return again;
}

// The lock comes first, so two `up`s never prepare the broker's storage
// at once.
int run_foreground(const UpOptions& o, const fs::path& root) {
  auto lock = UpLock::acquire(up_dir(root));
  if (!lock) return fail(lock.error());
  auto plan = plan_with_broker(o);
  if (!plan) return plan.error().message.empty() ? k_failure : fail(plan.error());
  SupervisorOptions options;
  options.dir = up_dir(plan->root);
  options.color = !o.daemon && is_interactive_terminal();
  return supervise(plan->processes, options);
}

std::vector<std::string> daemon_args(const UpOptions& o, const fs::path& root) {
  std::vector<std::string> args = {"strata", "-C", root.string(), "up", "--daemon"};
  for (const auto& n : o.only) args.insert(args.end(), {"--only", n});
  return args;
}

Result<pid_t> spawn_daemon(const UpOptions& o, const fs::path& root) {
  fs::path dir = up_dir(root);
  std::error_code ec;
  fs::create_directories(dir, ec);
  int log = open((dir / "up.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) return Error("cannot write " + (dir / "up.log").string()).of(ErrorKind::k_io);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log, 1);
  posix_spawn_file_actions_adddup2(&actions, log, 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
  auto args = daemon_args(o, root);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/proc/self/exe", &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(log);
  if (rc != 0)
    return Error(std::string("cannot start strata up in the background: ") + std::strerror(rc));
  return pid;
}

void print_table(const UpState& s);

// Waits until the background `up` reports everything healthy, or ends.
int wait_for_daemon(pid_t pid, const fs::path& root) {
  fs::path dir = up_dir(root);
  for (int waited = 0; waited < k_detach_wait_ms; waited += 200) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid)
      return fail(Error("strata up stopped before everything was healthy", {},
                        "its output is in " + (dir / "up.log").string()));
    if (auto s = load_up_state(dir); s && s->supervisor_pid == pid && s->phase == "running") {
      std::printf("strata up is running in the background (pid %d); stop it with `strata down`\n",
                  pid);
      print_table(*s);
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return fail(Error(
      fmt::format("strata up (pid {}) is not healthy after {}s", pid, k_detach_wait_ms / 1000), {},
      "see `strata ps` and `strata logs NAME`"));
}

Error already_running(int holder) {
  return Error(fmt::format("strata up is already running in this workspace (pid {})", holder), {},
               "see it with `strata ps`, stop it with `strata down`")
      .of(ErrorKind::k_conflict);
}

int run_up(const UpOptions& o) {
  auto root = workspace_root();
  if (!root) return k_failure;
  if (int holder = up_lock_holder(up_dir(*root))) return fail(already_running(holder));
  if (o.daemon || !o.detach) return run_foreground(o, *root);
  // Everything that can fail with a message fails here, in the terminal;
  // the Kafka jars install here too, so their progress is seen.
  auto plan = make_plan(o, "127.0.0.1:0");
  if (!plan) return plan.error().message.empty() ? k_failure : fail(plan.error());
  if (plan->broker)
    if (auto st = install_kafka(kafka_home(), stderr); !st) return fail(st.error());
  auto pid = spawn_daemon(o, plan->root);
  if (!pid) return fail(pid.error());
  return wait_for_daemon(*pid, plan->root);
}

std::string uptime_text(int64_t ms) {
  int64_t s = ms / 1000;
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{}s", s / 60, s % 60);
  return fmt::format("{}h{}m", s / 3600, (s % 3600) / 60);
}

void print_table(const UpState& s) {
  int64_t now = wall_ms();
  std::printf("%-16s %8s %6s %-11s %8s %8s\n", "NAME", "PID", "PORT", "HEALTH", "RESTARTS",
              "UPTIME");
  for (const auto& p : s.processes) {
    std::string pid = p.pid ? std::to_string(p.pid) : "-";
    std::string up = p.pid && p.started_at_ms ? uptime_text(now - p.started_at_ms) : "-";
    std::printf("%-16s %8s %6d %-11s %8d %8s\n", p.name.c_str(), pid.c_str(), p.port,
                p.health.c_str(), p.restarts, up.c_str());
  }
}

// The state of the running `up`, or not_running().
Result<UpState> running_state(const fs::path& dir) {
  if (up_lock_holder(dir) == 0) return not_running();
  auto s = load_up_state(dir);
  if (!s && s.error().kind == ErrorKind::k_not_found) return not_running();
  return s;
}

int run_ps(bool json) {
  auto root = workspace_root();
  if (!root) return k_failure;
  auto s = running_state(up_dir(*root));
  if (!s) return fail(s.error());
  if (json) {
    std::fputs(up_state_json(*s, wall_ms()).c_str(), stdout);
    return 0;
  }
  print_table(*s);
  return 0;
}

std::vector<std::string> logged_names(const fs::path& logs) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(logs, ec))
    if (e.path().extension() == ".log") names.push_back(e.path().stem().string());
  return names;
}

int run_logs(const std::string& name, bool follow) {
  auto root = workspace_root();
  if (!root) return k_failure;
  fs::path logs = up_dir(*root) / "logs";
  fs::path path = log_path(logs, name);
  // A name is a process name, never a path out of the logs folder.
  FILE* f = name.find('/') == std::string::npos ? std::fopen(path.c_str(), "re") : nullptr;
  if (!f) {
    auto names = logged_names(logs);
    std::string hint = did_you_mean(name, names);
    if (hint.empty()) {
      hint = names.empty() ? "run `strata up` first" : "logs here:";
      for (const auto& n : names) hint += " " + n;
    }
    return fail(Error(fmt::format("no log for '{}' in {}", name, logs.string()), {}, hint));
  }
  char buf[64 * 1024];
  for (;;) {
    size_t n = std::fread(buf, 1, sizeof buf, f);
    if (n > 0) {
      std::fwrite(buf, 1, n, stdout);
      continue;
    }
    std::fflush(stdout);
    if (!follow) break;
    std::clearerr(f);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::fclose(f);
  return 0;
}

bool alive(int pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

int run_down() {
  auto root = workspace_root();
  if (!root) return k_failure;
  fs::path dir = up_dir(*root);
  int holder = up_lock_holder(dir);
  if (holder == 0) {
    std::printf("strata up is not running\n");
    return 0;
  }
  auto state = load_up_state(dir);
  kill(holder, SIGTERM);
  // The supervisor stops its children one by one, each within its grace
  // period; past that, SIGKILL, and its children's lifelines end them.
  int64_t deadline = wall_ms() + 120'000;
  while (up_lock_holder(dir) != 0 && wall_ms() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (up_lock_holder(dir) != 0) kill(holder, SIGKILL);
  if (state)
    for (const auto& p : state->processes)
      if (alive(p.pid)) kill(-p.pid, SIGKILL);
  std::printf("stopped strata up (pid %d)\n", holder);
  return 0;
}

CommandSpec up_command() {
  return {"up", "Start the monolith and the split services, supervised, in dependency order",
          "  strata up\n  strata up --only orders\n  strata up --detach && strata ps",
          [](CLI::App& sub) -> Handler {
            auto o = std::make_shared<UpOptions>();
            sub.add_option("--only", o->only, "Start these processes (and what they depend on)");
            sub.add_flag("--detach,-d", o->detach,
                         "Run in the background; stop with `strata down`");
            sub.add_flag("--daemon", o->daemon, "")->group("");
            return [o] { return run_up(*o); };
          }};
}

CommandSpec ps_command() {
  return {"ps", "Show the processes of the running `strata up`", "  strata ps\n  strata ps --json",
          [](CLI::App& sub) -> Handler {
            auto json = std::make_shared<bool>(false);
            sub.add_flag("--json", *json, "Print JSON");
            return [json] { return run_ps(*json); };
          }};
}

CommandSpec logs_command() {
  return {"logs",
          "Print (or follow) the log of one process of `strata up`, or with --env of a "
          "service's pods in a cluster",
          "  strata logs orders\n  strata logs monolith -f\n  strata logs orders --env dev -f",
          [](CLI::App& sub) -> Handler {
            auto r = std::make_shared<ClusterLogsRequest>();
            sub.add_option("name", r->service, "Process name (see `strata ps`), or the service")
                ->required();
            sub.add_flag("--follow,-f", r->follow, "Keep printing what is appended");
            add_cluster_options(sub, r->target, false);
            sub.add_option("--tail", r->tail_lines,
                           "With --env: only the last N lines of each pod");
            // Without --env the logs are strata up's local processes'.
            return [r] {
              if (!r->target.env.empty()) return cluster_logs(*r);
              return static_cast<ExitCode>(run_logs(r->service, r->follow));
            };
          }};
}

CommandSpec down_command() {
  return {"down", "Stop the running `strata up` and everything it started", "  strata down",
          [](CLI::App&) -> Handler { return [] { return run_down(); }; }};
}

}  // namespace

std::vector<CommandSpec> up_commands() {
  return {up_command(), ps_command(), logs_command(), down_command()};
}

}  // namespace strata::cli
