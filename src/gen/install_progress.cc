#include "gen/install_progress.h"

#include "util/fs.h"

namespace strata::gen {

namespace {

std::string command_text(const InstallStep& step, const std::filesystem::path& root) {
  std::string out;
  for (const auto& argv : step.commands) {
    if (!out.empty()) out += " && ";
    for (size_t i = 0; i < argv.size(); ++i) out += (i ? " " : "") + argv[i];
  }
  std::string dir = relative_to(step.cwd, root);
  if (!dir.empty() && dir != ".") out += "  (in " + dir + ")";
  return out;
}

}  // namespace

void InstallProgress::heading(size_t steps) {
  if (steps == 0) return;
  std::fprintf(m_out, "Installing what the generated code needs (--skip-install skips this):\n");
  std::fflush(m_out);
}

void InstallProgress::started(const InstallStep& step) {
  // The terminal line is short (no command) so it never wraps and the
  // carriage return in finished() redraws it in place.
  if (m_tty)
    std::fprintf(m_out, "  … %s", step.name.c_str());
  else
    std::fprintf(m_out, "  %s: %s\n", step.name.c_str(), command_text(step, m_root).c_str());
  std::fflush(m_out);
}

void InstallProgress::finished(const InstallStep& step, bool ok, double seconds,
                               std::string_view output) {
  if (m_tty)
    std::fprintf(m_out, "\r\033[K  %s %s (%.1fs)\n", ok ? "✓" : "✗", step.name.c_str(), seconds);
  std::fflush(m_out);
  if (!ok && !output.empty()) {
    std::fwrite(output.data(), 1, output.size(), m_err);
    if (output.back() != '\n') std::fputc('\n', m_err);
    std::fflush(m_err);
  }
}

}  // namespace strata::gen
