#pragma once
// How `strata new` and `strata generate` show their install steps: at a
// terminal one line per step, redrawn when the step ends (✓ and its time);
// in CI or a pipe one plain line per step with the command it runs. A
// failed step's captured output goes to the error stream in full.

#include <cstdio>
#include <filesystem>

#include "gen/installer.h"

namespace strata::gen {

class InstallProgress final : public InstallReporter {
 public:
  // `out` takes the step lines, `err` a failed step's output; `root` makes
  // the folders shown relative.
  InstallProgress(std::FILE* out, std::FILE* err, bool tty, std::filesystem::path root)
      : m_out(out), m_err(err), m_tty(tty), m_root(std::move(root)) {}

  // The line before the first step ("Installing what ... --skip-install").
  void heading(size_t steps);
  void started(const InstallStep& step) override;
  void finished(const InstallStep& step, bool ok, double seconds, std::string_view output) override;

 private:
  std::FILE* m_out;
  std::FILE* m_err;
  bool m_tty;
  std::filesystem::path m_root;
};

}  // namespace strata::gen
