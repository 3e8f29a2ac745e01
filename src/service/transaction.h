#pragma once
// A change of many files made all at once or not at all. Every new content
// is first written to a staging folder under .strata/; then each target is
// moved aside and the staged file renamed into its place; on any failure the
// moves are undone in reverse, so the workspace is left byte-identical to
// what it was. Renames within one file system cannot half-happen, which is
// what the undo relies on. A process killed mid-way leaves its staging
// folder with a journal; recover_interrupted() (run before the next split or
// merge) undoes it the same way. Tests inject a failure after N steps with
// STRATA_TEST_FAULT_AFTER_STEPS, and a crash (the process exits at once,
// undoing nothing) with STRATA_TEST_CRASH_AFTER_STEPS.

#include <filesystem>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata::service {

inline constexpr const char* k_fault_variable = "STRATA_TEST_FAULT_AFTER_STEPS";
inline constexpr const char* k_crash_variable = "STRATA_TEST_CRASH_AFTER_STEPS";

// Undoes every transaction a killed process left under `root`/.strata (its
// process gone); returns how many it undid.
int recover_interrupted(const std::filesystem::path& root);

class FileTransaction {
 public:
  explicit FileTransaction(std::filesystem::path root) : m_root(std::move(root)) {}

  // Sets `path` (relative to the root) to `content`.
  void write(std::string path, std::string content);
  // Removes the file or the whole folder at `path`, then its parents that
  // are left empty (up to the root).
  void remove(std::string path);

  bool empty() const { return m_ops.empty(); }
  std::vector<std::string> written() const;
  std::vector<std::string> removed() const;

  // Applies every step or none; `fault_after` < 0 reads the test variable.
  Status commit(int fault_after = -1);

 private:
  struct Op {
    std::string path;
    std::string content;
    bool remove = false;
  };
  std::filesystem::path m_root;
  std::vector<Op> m_ops;
};

}  // namespace strata::service
