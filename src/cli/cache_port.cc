#include "cli/cache_port.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "remote/remote_connection.h"
#include "remote/remote_store.h"
#include "tasks/command.h"
#include "util/profile.h"
#include "util/thread_pool.h"

namespace strata::cli {

namespace {
int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A misconfigured remote is reported and left out: it must not stop a build
// that the local cache and the tasks themselves can do.
std::unique_ptr<remote::RemoteStore> open_remote(const Workspace& ws) {
  auto store = remote::open_remote_store(ws.root, ws.config.config_file);
  if (store) return std::move(*store);
  Error e = store.error();
  e.hint =
      "the remote cache is not used in this run; " + (e.hint.empty() ? "fix the setting" : e.hint);
  print_warning(e);
  return nullptr;
}

// How long the end of a run waits for uploads still queued: enough for a
// healthy server, bounded for one that is slow.
constexpr std::chrono::seconds k_upload_wait{30};
}  // namespace

CacheTaskPort::CacheTaskPort(const Context& ctx, const TaskGraph& graph, FileHasher& file_hasher,
                             CachePolicy policy)
    : m_ctx(ctx),
      m_graph(graph),
      m_file_hasher(file_hasher),
      m_hasher(ctx.workspace, ctx.graph, ctx.files, file_hasher),
      m_store(LocalStore::for_workspace(ctx.workspace)),
      m_records(m_store.directory()),
      m_policy(policy),
      m_hashes(graph.tasks.size()),
      m_outputs(graph.tasks.size()),
      m_remote(open_remote(ctx.workspace)),
      m_locks(ctx.workspace.root / ".strata" / "locks"),
      m_said_waiting(graph.tasks.size(), false) {
  m_counts.remote = m_remote != nullptr;
}

bool CacheTaskPort::try_claim(size_t task) {
  // Only tasks that cache or declare outputs need to run alone; a
  // long-running `serve` started from a second terminal need not wait.
  const Target& target = target_of(task);
  if (!target.cache && target.outputs.empty()) return true;
  // Keyed without the configuration: configurations of one target usually
  // write the same outputs.
  const Task& t = m_graph.tasks[task];
  std::string id = t.project + ":" + t.target;
  auto holder = m_locks.try_lock(id);
  if (!holder) return true;
  if (!m_said_waiting[task]) {
    m_said_waiting[task] = true;
    std::string who = holder->pid > 0 ? "pid " + std::to_string(holder->pid) : "another strata";
    std::fprintf(stderr, "strata: waiting for %s running %s\n", who.c_str(), id.c_str());
  }
  return false;
}

void CacheTaskPort::release(size_t task) {
  const Task& t = m_graph.tasks[task];
  m_locks.unlock(t.project + ":" + t.target);
}

const Target& CacheTaskPort::target_of(size_t task) const {
  const Task& t = m_graph.tasks[task];
  return m_ctx.workspace.find(t.project)->targets.at(t.target);
}

Result<std::vector<OutputPath>> CacheTaskPort::outputs_of(size_t task) {
  if (!m_outputs[task]) {
    const Task& t = m_graph.tasks[task];
    const Project& p = *m_ctx.workspace.find(t.project);
    const Target& target = target_of(task);
    auto outputs = resolve_outputs(m_ctx.workspace.root, p, target,
                                   effective_options(target, t.configuration));
    if (!outputs) return outputs.error();
    m_outputs[task] = std::move(*outputs);
  }
  return *m_outputs[task];
}

bool CacheTaskPort::outputs_hold_listed_files(const std::vector<OutputPath>& outputs) const {
  const auto& files = m_ctx.files.files();
  for (const auto& o : outputs) {
    // A glob output may cover anything below its base.
    std::string dir = (o.glob ? o.base : o.path) + "/";
    if (std::binary_search(files.begin(), files.end(), o.path)) return true;
    auto it = std::lower_bound(files.begin(), files.end(), dir);
    if (it != files.end() && it->starts_with(dir)) return true;
  }
  return false;
}

bool CacheTaskPort::can_look_ahead() {
  if (!m_policy.read || m_graph.tasks.size() < 2 || !m_hasher.hashes_ahead(m_graph)) return false;
  for (size_t task = 0; task < m_graph.tasks.size(); ++task) {
    if (!target_of(task).cache) continue;
    auto outputs = outputs_of(task);
    if (outputs && outputs_hold_listed_files(*outputs)) return false;
  }
  return true;
}

void CacheTaskPort::look_ahead() {
  ProfilePhase phase("look ahead");
  if (!can_look_ahead()) return;
  const size_t n = m_graph.tasks.size();
  m_ahead.assign(n, Ahead{});
  // The read-only half of a task's lookup, once its hash is known.
  auto read_ahead = [&](size_t task) {
    Ahead& a = m_ahead[task];
    if (!a.hash || !*a.hash) return;
    const Digest& digest = (*a.hash)->digest;
    a.record_held = m_records.holds(m_graph.tasks[task].id, digest);
    a.record_checked = true;
    if (!target_of(task).cache || !m_outputs[task]) return;
    a.cached = m_store.prefetch(digest, *m_outputs[task]);
  };
  // The hashes are taken in order on this thread (a task's dependencies
  // come before it, and the hasher is not thread-safe) while helpers read
  // ahead for the tasks already hashed; this thread joins them at the end.
  std::mutex mutex;
  std::condition_variable hashed_more;
  size_t hashed = 0;               // tasks [0, hashed) have their hash
  std::atomic<size_t> claimed{0};  // the next task to read ahead for
  auto help = [&] {
    for (size_t task; (task = claimed.fetch_add(1)) < n;) {
      {
        std::unique_lock lock(mutex);
        hashed_more.wait(lock, [&] { return hashed > task; });
      }
      read_ahead(task);
    }
  };
  std::vector<std::thread> helpers;
  for (size_t i = 1; i < std::min(default_parallelism(), n); ++i) helpers.emplace_back(help);
  for (size_t task = 0; task < n; ++task) {
    if (target_of(task).executor != "nx:noop") {
      auto hash = m_hasher.hash(m_graph, task, m_hashes);
      if (hash) m_hashes[task] = hash->digest;
      m_ahead[task].hash = std::move(hash);
    }
    {
      std::lock_guard lock(mutex);
      hashed = task + 1;
    }
    hashed_more.notify_all();
  }
  help();
  for (auto& h : helpers) h.join();
  m_ahead_valid = true;
}

Result<CacheLookup> CacheTaskPort::lookup(size_t task) {
  CacheLookup result;
  const Target& target = target_of(task);
  if (target.executor == "nx:noop") return result;
  Ahead* ahead = m_ahead_valid && !m_said_waiting[task] ? &m_ahead[task] : nullptr;
  ProfilePhase hashing("  task hash");
  Result<TaskHash> hash =
      ahead && ahead->hash ? std::move(*ahead->hash) : m_hasher.hash(m_graph, task, m_hashes);
  hashing.stop();
  if (!hash) return hash.error();
  m_hashes[task] = hash->digest;
  // The record is what `explain` compares against next time; failing to
  // write it must not fail the task. Reading it back is much cheaper than
  // rewriting it, so an unchanged record (every task of a cached run) stays.
  const std::string& id = m_graph.tasks[task].id;
  ProfilePhase records("  run records");
  bool held =
      ahead && ahead->record_checked ? ahead->record_held : m_records.holds(id, hash->digest);
  if (!held) (void)m_records.save(id, *hash);
  records.stop();
  if (!target.cache) return result;
  auto outputs = outputs_of(task);
  if (!outputs) return outputs.error();
  result.status = CacheStatus::k_miss;
  if (!m_policy.read) return result;
  ProfilePhase restore("  cache restore");
  ++m_counts.lookups;
  uint64_t written = m_store.restores_written();
  auto entry = ahead && ahead->cached
                   ? m_store.restore(hash->digest, *outputs, std::move(*ahead->cached))
                   : m_store.restore(hash->digest, *outputs);
  result.source = CacheSource::k_local;
  if (!entry && m_remote && m_remote->fetch_into(hash->digest, m_store)) {
    entry = m_store.restore(hash->digest, *outputs);
    result.source = CacheSource::k_remote;
  }
  // Restored outputs may be another task's inputs when the walk listed
  // files there (outputs not ignored): from then on, stat again. Inputs are
  // only ever chosen among listed files, so other restores change nothing
  // the hasher can see.
  if (m_store.restores_written() != written && outputs_hold_listed_files(*outputs))
    m_file_hasher.use_walk_stats(nullptr);
  restore.stop();
  if (!entry) {
    result.source = CacheSource::k_none;
    return result;
  }
  ++(result.source == CacheSource::k_remote ? m_counts.remote_hits : m_counts.local_hits);
  result.status = CacheStatus::k_hit;
  result.terminal_output = std::move(entry->terminal_output);
  result.exit_code = entry->exit_code;
  return result;
}

Result<ResolvedCommand> CacheTaskPort::command(size_t task) {
  // A process is about to run and may change any file: the walk's stats
  // no longer stand for the workspace, nor does what was read ahead.
  m_file_hasher.use_walk_stats(nullptr);
  m_ahead_valid = false;
  return resolve_command(m_ctx.workspace, m_graph.tasks[task]);
}

Status CacheTaskPort::store(size_t task, const TaskOutcome& outcome) {
  if (!m_policy.write || !target_of(task).cache) return ok_status();
  if (outcome.status != TaskStatus::k_success || outcome.exit_code != 0) return ok_status();
  auto outputs = outputs_of(task);
  if (!outputs) return ok_status();
  // The task may have made an output a symlink out of the workspace; later
  // runs refuse it when resolving outputs, so this first one does too.
  if (Status inside = check_outputs_inside(m_ctx.workspace.root, *outputs); !inside)
    return Error(inside.error().message, target_of(task).loc, inside.error().hint);
  CacheEntry entry;
  entry.task_id = m_graph.tasks[task].id;
  entry.hash = m_hashes[task].hex();
  entry.exit_code = outcome.exit_code;
  entry.duration_ms = static_cast<uint64_t>(outcome.duration_ms);
  entry.created_ms = now_ms();
  entry.terminal_output = outcome.terminal_output;
  auto saved = m_store.save(m_hashes[task], std::move(entry), *outputs);
  if (!saved)
    print_warning(Error("cannot cache " + m_graph.tasks[task].id + ": " + saved.error().str()));
  else {
    m_last_stored = m_hashes[task];
    if (m_remote)
      m_remote->upload(m_hashes[task], m_graph.tasks[task].id, m_store.entry_path(m_hashes[task]));
  }
  return ok_status();
}

void CacheTaskPort::finish(bool interrupted) {
  if (m_remote) {
    m_remote->finish(interrupted ? std::chrono::seconds(0) : k_upload_wait);
    remote::RemoteCounts c = m_remote->counts();
    m_counts.uploads = c.uploaded;
    m_counts.remote_unavailable = c.unavailable;
  }
  if (m_counts.lookups == 0 && !m_remote) return;  // nothing to tell `cache info`
  m_counts.time_ms = now_ms();
  if (auto s = remote::record_hit_stats(remote::hit_stats_path(m_ctx.workspace.root), m_counts); !s)
    print_warning(s.error());
}

}  // namespace strata::cli
