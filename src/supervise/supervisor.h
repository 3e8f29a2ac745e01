#pragma once
// The supervision loop of `strata up`: starts each process once what it
// depends on is healthy, checks health, restarts a process that exits (or
// stops answering) after a backoff, streams every output line through one
// LogStream, keeps `.strata/up/state` current, and on Ctrl-C or SIGTERM
// stops everything in reverse start order (SIGTERM, SIGKILL after the
// grace period). Children run under exec's SubprocessSet, so each has its
// own process group and dies with this process even when it is killed -9.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "config/topology.h"

namespace strata {

// One process to supervise, fully resolved.
struct ProcessSpec {
  std::string name;
  std::string kind;     // "broker", "service" or "monolith"
  std::string command;  // run with /bin/sh -c
  std::string cwd;
  std::vector<std::string> env;  // "KEY=VALUE", the whole environment
  int port = 0;
  std::vector<std::string> deps;  // names started and healthy before this one
  HealthCheck health;             // GET health.path answering 200 = healthy
  // When set, healthy means this text appeared in the output (the broker,
  // which speaks no HTTP); health checks then only look at the port.
  std::string ready_line;
  int startup_timeout_ms = 60'000;  // no healthy answer by then: restart it
};

struct SupervisorOptions {
  std::filesystem::path dir;  // .strata/up: state and logs/
  FILE* out = stdout;
  bool color = false;
  int grace_ms = 10'000;      // SIGTERM to SIGKILL when stopping
  int max_failed_starts = 5;  // exits in a row before ever healthy: give up
};

// Runs `specs` (in start order) until interrupted, or until a process
// fails to start max_failed_starts times. Returns 130 after an interrupt,
// 1 after giving up; leaves no child behind either way.
int supervise(const std::vector<ProcessSpec>& specs, const SupervisorOptions& options);

}  // namespace strata
