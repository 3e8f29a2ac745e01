#pragma once
// What a generator will do to the disk, decided before anything is written:
// each file is created, left alone because it already holds the same bytes,
// skipped because it exists with other content, or overwritten (--force).
// --dry-run prints the plan; otherwise apply() carries it out. Planning
// against the disk is what makes every generator idempotent.

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata::gen {

enum class FileAction { k_create, k_unchanged, k_skip, k_overwrite };

const char* action_name(FileAction a);  // "create", "unchanged", "skip", "overwrite"

struct PlannedFile {
  std::string path;  // relative to the plan's root, '/' separated
  std::string content;
  FileAction action = FileAction::k_create;
  bool executable = false;  // content starts with "#!"
};

// How an existing file is treated.
enum class Existing {
  k_keep_unless_forced,  // generated files: --force overwrites
  k_keep_always,         // shared root files (context-root): written only when absent
};

class WritePlan {
 public:
  explicit WritePlan(std::filesystem::path root, bool force = false)
      : m_root(std::move(root)), m_force(force) {}

  // Adds one file, choosing its action from what is on disk now. A path
  // already in the plan keeps its first content (more specific templates
  // are added first).
  void add(std::string path, std::string content,
           Existing existing = Existing::k_keep_unless_forced);

  // Writes every created or overwritten file atomically; executables get
  // mode 0755.
  Status apply() const;

  const std::filesystem::path& root() const { return m_root; }
  const std::vector<PlannedFile>& files() const { return m_files; }
  size_t count(FileAction a) const;
  bool changes_nothing() const {
    return count(FileAction::k_create) + count(FileAction::k_overwrite) == 0;
  }

  // One line per file ("create  contexts/x/…") and a closing summary; in a
  // dry run the verbs say "would".
  void print(std::FILE* out, bool dry_run) const;
  nlohmann::json to_json(bool dry_run) const;

 private:
  std::filesystem::path m_root;
  bool m_force = false;
  std::vector<PlannedFile> m_files;
};

}  // namespace strata::gen
