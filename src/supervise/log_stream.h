#pragma once
// The one log stream of `strata up`: every process's output, line by line,
// prefixed with its name (coloured on a terminal, plain in CI or a pipe),
// and the same bytes, unprefixed, in `.strata/up/logs/<name>.log` for
// `strata logs`. Supervisor notes ("restarting in 1s") go to both,
// marked `[strata]`.

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

class LogStream {
 public:
  // `names` fixes the prefix width and colours; their log files are
  // truncated, so the logs of one `up` are that run's.
  LogStream(FILE* out, bool color, const std::filesystem::path& log_dir,
            const std::vector<std::string>& names);
  ~LogStream();
  LogStream(const LogStream&) = delete;
  LogStream& operator=(const LogStream&) = delete;

  // Output of `name`; a line without its newline waits for the rest.
  void output(const std::string& name, std::string_view bytes);
  // A message from the supervisor about `name`.
  void note(const std::string& name, const std::string& message);
  // Writes out partial lines (at exit).
  void flush();

 private:
  struct Sink {
    FILE* file = nullptr;
    std::string partial;
    int colour = 0;
  };
  void line(const std::string& name, std::string_view text);

  FILE* m_out;
  bool m_color;
  size_t m_width = 0;
  std::map<std::string, Sink> m_sinks;
};

// The log file of process `name`.
std::filesystem::path log_path(const std::filesystem::path& log_dir, const std::string& name);

}  // namespace strata
