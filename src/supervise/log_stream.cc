#include "supervise/log_stream.h"

#include <fmt/format.h>

#include <algorithm>

namespace strata {

namespace {

// ANSI foreground colours that read on dark and light backgrounds.
constexpr int k_colours[] = {36, 35, 33, 32, 34, 31};

}  // namespace

std::filesystem::path log_path(const std::filesystem::path& log_dir, const std::string& name) {
  return log_dir / (name + ".log");
}

LogStream::LogStream(FILE* out, bool color, const std::filesystem::path& log_dir,
                     const std::vector<std::string>& names)
    : m_out(out), m_color(color) {
  std::error_code ec;
  std::filesystem::create_directories(log_dir, ec);
  size_t i = 0;
  for (const auto& name : names) {
    Sink& s = m_sinks[name];
    s.file = std::fopen(log_path(log_dir, name).c_str(), "we");
    s.colour = k_colours[i++ % std::size(k_colours)];
    m_width = std::max(m_width, name.size());
  }
  m_width = std::max(m_width, std::string_view("strata").size());
}

LogStream::~LogStream() {
  flush();
  for (auto& [_, s] : m_sinks)
    if (s.file) std::fclose(s.file);
}

void LogStream::output(const std::string& name, std::string_view bytes) {
  Sink& s = m_sinks[name];
  if (s.file) {
    std::fwrite(bytes.data(), 1, bytes.size(), s.file);
    std::fflush(s.file);
  }
  s.partial.append(bytes);
  size_t start = 0;
  for (size_t nl; (nl = s.partial.find('\n', start)) != std::string::npos; start = nl + 1)
    line(name, std::string_view(s.partial).substr(start, nl - start));
  s.partial.erase(0, start);
}

void LogStream::note(const std::string& name, const std::string& message) {
  Sink& s = m_sinks[name];
  if (s.file) {
    std::fprintf(s.file, "[strata] %s\n", message.c_str());
    std::fflush(s.file);
  }
  std::string prefix = fmt::format("{:<{}}", "strata", m_width);
  if (m_color)
    std::fprintf(m_out, "\x1b[1m%s |\x1b[0m %s\n", prefix.c_str(), message.c_str());
  else
    std::fprintf(m_out, "%s | %s\n", prefix.c_str(), message.c_str());
  std::fflush(m_out);
}

void LogStream::line(const std::string& name, std::string_view text) {
  std::string prefix = fmt::format("{:<{}}", name, m_width);
  if (m_color)
    std::fprintf(m_out, "\x1b[%dm%s |\x1b[0m %.*s\n", m_sinks[name].colour, prefix.c_str(),
                 static_cast<int>(text.size()), text.data());
  else
    std::fprintf(m_out, "%s | %.*s\n", prefix.c_str(), static_cast<int>(text.size()), text.data());
  std::fflush(m_out);
}

void LogStream::flush() {
  for (auto& [name, s] : m_sinks) {
    if (s.partial.empty()) continue;
    line(name, s.partial);
    s.partial.clear();
  }
}

}  // namespace strata
