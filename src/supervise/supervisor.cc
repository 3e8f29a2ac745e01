// One thread, one loop: SubprocessSet::poll wakes for output, exits and
// signals at least every 100 ms, and each turn then starts, probes and
// restarts whatever is due. Health probes run in the loop itself: on
// loopback they answer or are refused at once, and a hung server holds the
// loop for at most its own timeout while the pipes buffer the others'
// output, so nothing is lost. While a process is starting it is probed
// every 200 ms (so `up` is healthy as soon as it can be), then at the
// topology's interval.

#include "supervise/supervisor.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <map>
#include <memory>

#include "exec/subprocess.h"
#include "supervise/backoff.h"
#include "supervise/log_stream.h"
#include "supervise/up_state.h"
#include "util/diagnostics.h"
#include "util/port_probe.h"

namespace strata {

namespace {

constexpr int k_tick_ms = 100;
constexpr int64_t k_startup_probe_ms = 200;

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string seconds(int64_t ms) { return fmt::format("{:.1f}s", static_cast<double>(ms) / 1000); }

std::string how_it_ended(int code) {
  return code > 128 ? fmt::format("was killed by signal {}", code - 128)
                    : fmt::format("exited with code {}", code);
}

enum class Phase { k_waiting, k_starting, k_healthy, k_unhealthy, k_backoff, k_stopped };

std::string_view phase_name(Phase p) {
  switch (p) {
    case Phase::k_waiting:
      return "waiting";
    case Phase::k_starting:
      return "starting";
    case Phase::k_healthy:
      return "healthy";
    case Phase::k_unhealthy:
      return "unhealthy";
    case Phase::k_backoff:
      return "restarting";
    case Phase::k_stopped:
      return "stopped";
  }
  return "?";
}

// A supervised process and what the loop knows about its current run.
struct Proc {
  ProcessSpec spec;
  Phase phase = Phase::k_waiting;
  Subprocess* sub = nullptr;  // owned by the set while running
  int64_t started_ms = 0;     // steady clock
  int64_t started_wall_ms = 0;
  int64_t next_probe_ms = 0;
  int64_t restart_at_ms = 0;
  int failures = 0;  // health checks failed in a row
  int restarts = 0;
  int failed_starts = 0;  // exits in a row before healthy
  Backoff backoff;
  std::string tail;  // the end of the output, for ready_line
  bool ready_seen = false;
};

class Loop {
 public:
  Loop(const std::vector<ProcessSpec>& specs, const SupervisorOptions& options)
      : m_options(options), m_logs(options.out, options.color, options.dir / "logs", names(specs)) {
    for (const auto& s : specs) {
      m_procs.emplace_back();
      m_procs.back().spec = s;
    }
    m_state.supervisor_pid = getpid();
    m_state.started_at_ms = wall_ms();
    m_state.phase = "starting";
    m_begin_ms = now_ms();
  }

  int run();

 private:
  static std::vector<std::string> names(const std::vector<ProcessSpec>& specs) {
    std::vector<std::string> out;
    for (const auto& s : specs) out.push_back(s.name);
    return out;
  }

  void turn(int timeout_ms);
  void on_output(const Subprocess& sub, std::string_view bytes);
  void on_exit(const Subprocess& sub);
  void tick(Proc& p);
  bool deps_healthy(const Proc& p) const;
  void start(Proc& p);
  void probe(Proc& p);
  bool answers(Proc& p) const;
  void kill_group(Proc& p, int sig);
  void stop_all();
  void stop(Proc& p, int interrupts_before);
  void save_state();

  SupervisorOptions m_options;
  LogStream m_logs;
  SubprocessSet m_set;
  std::vector<Proc> m_procs;
  UpState m_state;
  int64_t m_begin_ms = 0;
  bool m_stopping = false;
  bool m_give_up = false;
  bool m_dirty = true;
};

bool Loop::deps_healthy(const Proc& p) const {
  for (const auto& d : p.spec.deps) {
    bool ok = false;
    for (const auto& q : m_procs) ok = ok || (q.spec.name == d && q.phase == Phase::k_healthy);
    if (!ok) return false;
  }
  return true;
}

void Loop::start(Proc& p) {
  auto sub =
      m_set.add(static_cast<size_t>(&p - m_procs.data()), p.spec.command, p.spec.cwd, p.spec.env);
  if (!sub) {
    m_logs.note(p.spec.name, sub.error().message);
    m_give_up = true;
    return;
  }
  p.sub = *sub;
  p.phase = Phase::k_starting;
  p.started_ms = now_ms();
  p.started_wall_ms = wall_ms();
  p.next_probe_ms = p.started_ms + k_startup_probe_ms;
  p.failures = 0;
  p.ready_seen = false;
  p.tail.clear();
  m_logs.note(p.spec.name, fmt::format("starting {} (pid {}{})", p.spec.name, p.sub->pid(),
                                       p.spec.port ? fmt::format(", port {}", p.spec.port) : ""));
  m_dirty = true;
}

bool Loop::answers(Proc& p) const {
  if (!p.spec.ready_line.empty()) return p.ready_seen && port_in_use(p.spec.port);
  return http_healthy(p.spec.port, p.spec.health.path, p.spec.health.timeout_ms);
}

void Loop::probe(Proc& p) {
  int64_t now = now_ms();
  if (now < p.next_probe_ms) return;
  bool ok = answers(p);
  if (p.phase == Phase::k_starting) {
    p.next_probe_ms = now + k_startup_probe_ms;
    if (ok) {
      p.phase = Phase::k_healthy;
      p.failed_starts = 0;
      p.next_probe_ms = now + p.spec.health.interval_ms;
      m_logs.note(p.spec.name,
                  fmt::format("{} is healthy after {}", p.spec.name, seconds(now - p.started_ms)));
      m_dirty = true;
    } else if (now - p.started_ms > p.spec.startup_timeout_ms) {
      m_logs.note(p.spec.name, fmt::format("{} was not healthy within {}; restarting it",
                                           p.spec.name, seconds(p.spec.startup_timeout_ms)));
      kill_group(p, SIGKILL);
    }
    return;
  }
  p.next_probe_ms = now + p.spec.health.interval_ms;
  if (ok) {
    if (p.phase == Phase::k_unhealthy) m_logs.note(p.spec.name, p.spec.name + " is healthy again");
    if (p.phase != Phase::k_healthy) m_dirty = true;
    p.phase = Phase::k_healthy;
    p.failures = 0;
    return;
  }
  if (++p.failures < p.spec.health.failure_threshold) return;
  m_logs.note(p.spec.name, fmt::format("{} failed {} health checks in a row; restarting it",
                                       p.spec.name, p.failures));
  p.phase = Phase::k_unhealthy;
  m_dirty = true;
  kill_group(p, SIGKILL);
}

void Loop::tick(Proc& p) {
  switch (p.phase) {
    case Phase::k_waiting:
      if (deps_healthy(p)) start(p);
      break;
    case Phase::k_backoff:
      if (now_ms() >= p.restart_at_ms) start(p);
      break;
    case Phase::k_starting:
    case Phase::k_healthy:
      if (p.sub) probe(p);
      break;
    default:
      break;
  }
}

void Loop::kill_group(Proc& p, int sig) {
  if (p.sub) kill(-p.sub->pid(), sig);
}

void Loop::on_output(const Subprocess& sub, std::string_view bytes) {
  Proc& p = m_procs[sub.tag()];
  m_logs.output(p.spec.name, bytes);
  if (p.spec.ready_line.empty() || p.ready_seen) return;
  p.tail.append(bytes);
  p.ready_seen = p.tail.find(p.spec.ready_line) != std::string::npos;
  if (p.tail.size() > 4 * p.spec.ready_line.size())
    p.tail.erase(0, p.tail.size() - p.spec.ready_line.size());
}

void Loop::on_exit(const Subprocess& sub) {
  Proc& p = m_procs[sub.tag()];
  // Whatever the process started goes with it: a restart must find its
  // port free, and nothing may outlive `up`.
  kill(-sub.pid(), SIGKILL);
  p.sub = nullptr;
  m_dirty = true;
  if (m_stopping) {
    p.phase = Phase::k_stopped;
    return;
  }
  int64_t uptime = now_ms() - p.started_ms;
  if (p.phase == Phase::k_starting && ++p.failed_starts >= m_options.max_failed_starts) {
    m_logs.note(p.spec.name,
                fmt::format("{} {} before it was healthy, {} times in a row; "
                            "stopping (its log: {})",
                            p.spec.name, how_it_ended(sub.exit_code()), p.failed_starts,
                            log_path(m_options.dir / "logs", p.spec.name).string()));
    p.phase = Phase::k_stopped;
    m_give_up = true;
    return;
  }
  int64_t delay = p.backoff.next_delay_ms(uptime);
  ++p.restarts;
  p.phase = Phase::k_backoff;
  p.restart_at_ms = now_ms() + delay;
  m_logs.note(p.spec.name, fmt::format("{} {}; restarting in {} (restart {})", p.spec.name,
                                       how_it_ended(sub.exit_code()), seconds(delay), p.restarts));
}

void Loop::turn(int timeout_ms) {
  m_set.poll(timeout_ms, [this](const Subprocess& s, std::string_view b) { on_output(s, b); });
  for (auto& f : m_set.take_finished()) on_exit(*f);
}

void Loop::save_state() {
  if (!m_dirty) return;
  m_dirty = false;
  m_state.processes.clear();
  for (const auto& p : m_procs)
    m_state.processes.push_back({p.spec.name, p.spec.kind, p.sub ? p.sub->pid() : 0, p.spec.port,
                                 std::string(phase_name(p.phase)), p.restarts,
                                 p.sub ? p.started_wall_ms : 0});
  if (auto st = save_up_state(m_options.dir, m_state); !st) print_warning(st.error());
}

int Loop::run() {
  save_state();
  while (!m_stopping) {
    turn(k_tick_ms);
    if (m_set.interrupts() > 0 || m_give_up) break;
    for (auto& p : m_procs) tick(p);
    if (m_state.phase == "starting") {
      bool all = true;
      for (const auto& p : m_procs) all = all && p.phase == Phase::k_healthy;
      if (all) {
        m_state.phase = "running";
        m_dirty = true;
        m_logs.note("strata", fmt::format("all {} processes healthy after {}", m_procs.size(),
                                          seconds(now_ms() - m_begin_ms)));
      }
    }
    save_state();
  }
  bool interrupted = m_set.interrupts() > 0;
  stop_all();
  m_logs.flush();
  std::error_code ec;
  std::filesystem::remove(m_options.dir / "state", ec);
  return interrupted ? 130 : 1;
}

void Loop::stop(Proc& p, int interrupts_before) {
  if (!p.sub) {
    p.phase = Phase::k_stopped;
    return;
  }
  m_logs.note(p.spec.name, fmt::format("stopping {} (pid {})", p.spec.name, p.sub->pid()));
  kill_group(p, SIGTERM);
  int64_t kill_at = now_ms() + m_options.grace_ms;
  bool killed = false;
  while (p.sub) {
    turn(k_tick_ms);
    if (p.sub && !killed && (now_ms() >= kill_at || m_set.interrupts() > interrupts_before)) {
      m_logs.note(p.spec.name, fmt::format("{} did not stop; killing it", p.spec.name));
      kill_group(p, SIGKILL);
      killed = true;
    }
  }
}

void Loop::stop_all() {
  m_stopping = true;
  m_state.phase = "stopping";
  m_dirty = true;
  save_state();
  int interrupts_before = m_set.interrupts();
  for (auto it = m_procs.rbegin(); it != m_procs.rend(); ++it) {
    stop(*it, interrupts_before);
    save_state();
  }
}

}  // namespace

int supervise(const std::vector<ProcessSpec>& specs, const SupervisorOptions& options) {
  Loop loop(specs, options);
  return loop.run();
}

}  // namespace strata
