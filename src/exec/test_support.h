#pragma once
// Helpers shared by the exec layer's tests: hand-built task graphs, a sink
// that keeps what was written, and a TaskPort driven by tables. Test-only;
// nothing outside *_test.cc includes this.

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "exec/output.h"
#include "exec/task_port.h"
#include "tasks/task_graph.h"

namespace strata::exec_test {

// {"app:build", {deps...}} in topological order; every task is requested.
inline TaskGraph make_graph(const std::vector<std::pair<std::string, std::vector<size_t>>>& spec) {
  TaskGraph graph;
  for (const auto& [id, deps] : spec) {
    Task t;
    t.id = id;
    size_t colon = id.find(':');
    t.project = id.substr(0, colon);
    t.target = colon == std::string::npos ? "" : id.substr(colon + 1);
    t.deps = deps;
    graph.index[id] = graph.tasks.size();
    graph.requested.push_back(graph.tasks.size());
    graph.tasks.push_back(std::move(t));
  }
  return graph;
}

class StringSink : public OutputSink {
 public:
  void out(std::string_view bytes) override {
    m_out.append(bytes);
    if (on_out) on_out(bytes);
  }
  void err(std::string_view bytes) override { m_err.append(bytes); }
  const std::string& out_text() const { return m_out; }
  const std::string& err_text() const { return m_err; }
  std::function<void(std::string_view)> on_out;

 private:
  std::string m_out;
  std::string m_err;
};

// Looks tasks up in `hits` and `lookup_errors`, resolves them from
// `commands`, and records every call in `log` ("lookup 2", "store 2 0").
class TablePort : public TaskPort {
 public:
  std::map<size_t, CacheLookup> hits;
  std::map<size_t, Error> lookup_errors;
  std::map<size_t, Error> command_errors;
  std::map<size_t, ResolvedCommand> commands;
  ResolvedCommand default_command;
  CacheStatus miss_status = CacheStatus::k_miss;
  std::vector<std::string> log;
  std::vector<TaskOutcome> stored;
  std::map<size_t, Error> store_errors;
  std::map<size_t, int> busy;
  bool log_claims = false;  // also log successful claims and releases
  std::function<void()> on_busy;

  Result<CacheLookup> lookup(size_t task) override {
    log.push_back("lookup " + std::to_string(task));
    if (auto e = lookup_errors.find(task); e != lookup_errors.end()) return e->second;
    if (auto h = hits.find(task); h != hits.end()) return h->second;
    CacheLookup miss;
    miss.status = miss_status;
    return miss;
  }
  Result<ResolvedCommand> command(size_t task) override {
    log.push_back("command " + std::to_string(task));
    if (auto e = command_errors.find(task); e != command_errors.end()) return e->second;
    if (auto c = commands.find(task); c != commands.end()) return c->second;
    return default_command;
  }
  Status store(size_t task, const TaskOutcome& outcome) override {
    log.push_back("store " + std::to_string(task) + " " + std::to_string(outcome.exit_code));
    stored.push_back(outcome);
    if (auto e = store_errors.find(task); e != store_errors.end()) return e->second;
    return ok_status();
  }
  // A task in `busy` cannot be claimed for its first `busy[task]` tries.
  bool try_claim(size_t task) override {
    auto b = busy.find(task);
    if (b == busy.end() || b->second == 0) {
      if (log_claims) log.push_back("claim " + std::to_string(task));
      return true;
    }
    --b->second;
    log.push_back("busy " + std::to_string(task));
    if (on_busy) on_busy();
    return false;
  }
  void release(size_t task) override {
    if (log_claims) log.push_back("release " + std::to_string(task));
  }
};

inline ResolvedCommand shell(std::vector<std::string> commands, std::string cwd = "/tmp",
                             bool parallel = false) {
  ResolvedCommand c;
  c.commands = std::move(commands);
  c.cwd = std::move(cwd);
  c.parallel = parallel;
  return c;
}

}  // namespace strata::exec_test
