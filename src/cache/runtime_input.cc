#include "cache/runtime_input.h"

#include <sys/wait.h>

#include <cstdio>

namespace strata {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Result<std::string> run_runtime_input(const std::filesystem::path& root, const std::string& command,
                                      const SourceLoc& loc) {
  std::string line = "cd " + shell_quote(root.string()) + " && " + command;
  std::fflush(nullptr);  // the child inherits stdio buffers' file descriptors, not their contents
  FILE* pipe = ::popen(line.c_str(), "r");
  if (!pipe) return Error("cannot run runtime input '" + command + "'", loc);
  std::string out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  int status = ::pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    int code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return Error("runtime input '" + command + "' failed (exit code " + std::to_string(code) + ")", loc,
                 "the command must succeed: its output is part of the task hash");
  }
  return out;
}

}  // namespace strata
