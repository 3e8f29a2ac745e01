#pragma once
// The in-process command fixture every cli test shares: runs `strata <args>`
// through cli::run, as main would, with stdout and stderr captured and the
// process-wide state a command leaves behind (the global options, the
// signal mask) put back.
// Header-only and included only by src/cli/*_test.cc.

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/command.h"

namespace strata::cli::testsupport {

// What a command printed and the exit code it returned.
struct CommandOutput {
  int code = 0;
  std::string out, err;
};

// Runs `strata <args...>` against `table` (the real command table unless a
// test brings its own rows).
inline CommandOutput run_strata(std::vector<std::string> args,
                                const std::vector<CommandSpec>& table = command_table()) {
  global_options() = {};
  args.insert(args.begin(), "strata");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  // serve blocks SIGINT, SIGTERM and SIGHUP for its signal thread and, as a
  // process that exits next, never unblocks them: restore the test's mask.
  sigset_t mask;
  pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  CommandOutput o;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  o.code = cli::run(static_cast<int>(args.size()), argv.data(), table);
  std::fflush(stdout);
  o.out = testing::internal::GetCapturedStdout();
  o.err = testing::internal::GetCapturedStderr();
  pthread_sigmask(SIG_SETMASK, &mask, nullptr);
  global_options() = {};
  return o;
}

// Runs `strata -C <root> <command...> <args...>`: a command (say {"db"} or
// {"check", "boundaries"}) on the workspace at `root`.
inline CommandOutput run_in(const std::filesystem::path& root,
                            const std::vector<std::string>& command,
                            const std::vector<std::string>& args) {
  std::vector<std::string> all = {"-C", root.string()};
  all.insert(all.end(), command.begin(), command.end());
  all.insert(all.end(), args.begin(), args.end());
  return run_strata(std::move(all));
}

}  // namespace strata::cli::testsupport
