#include "gen/write_plan.h"

#include <sys/stat.h>

#include <algorithm>

#include "util/fs.h"

namespace strata::gen {

namespace fs = std::filesystem;

const char* action_name(FileAction a) {
  switch (a) {
    case FileAction::k_create:
      return "create";
    case FileAction::k_unchanged:
      return "unchanged";
    case FileAction::k_skip:
      return "skip";
    case FileAction::k_overwrite:
      return "overwrite";
  }
  return "?";
}

namespace {

FileAction decide(const fs::path& path, const std::string& content, Existing existing, bool force) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return FileAction::k_create;
  auto old = read_file(path);
  if (old && *old == content) return FileAction::k_unchanged;
  if (existing == Existing::k_keep_always || !force) return FileAction::k_skip;
  return FileAction::k_overwrite;
}

const char* verb(FileAction a, bool dry_run) {
  switch (a) {
    case FileAction::k_create:
      return dry_run ? "would create   " : "create   ";
    case FileAction::k_unchanged:
      return dry_run ? "unchanged      " : "unchanged";
    case FileAction::k_skip:
      return dry_run ? "would skip     " : "skip     ";
    case FileAction::k_overwrite:
      return dry_run ? "would overwrite" : "overwrite";
  }
  return "";
}

}  // namespace

void WritePlan::add(std::string path, std::string content, Existing existing) {
  auto same = [&](const PlannedFile& f) { return f.path == path; };
  if (std::any_of(m_files.begin(), m_files.end(), same)) return;
  PlannedFile f;
  f.action = decide(m_root / path, content, existing, m_force);
  f.executable = content.starts_with("#!");
  f.path = std::move(path);
  f.content = std::move(content);
  m_files.push_back(std::move(f));
}

Status WritePlan::apply() const {
  for (const auto& f : m_files) {
    if (f.action != FileAction::k_create && f.action != FileAction::k_overwrite) continue;
    fs::path target = m_root / f.path;
    if (auto st = write_atomic(target, f.content); !st) return st;
    if (f.executable && ::chmod(target.c_str(), 0755) != 0)
      return Error("cannot make " + target.string() + " executable");
  }
  return ok_status();
}

size_t WritePlan::count(FileAction a) const {
  return static_cast<size_t>(std::count_if(m_files.begin(), m_files.end(),
                                           [a](const PlannedFile& f) { return f.action == a; }));
}

void WritePlan::print(std::FILE* out, bool dry_run) const {
  for (const auto& f : m_files) {
    const char* note = f.action == FileAction::k_skip ? "  (exists with other content)" : "";
    std::fprintf(out, "  %s %s%s\n", verb(f.action, dry_run), f.path.c_str(), note);
  }
  size_t created = count(FileAction::k_create), overwritten = count(FileAction::k_overwrite);
  size_t unchanged = count(FileAction::k_unchanged), skipped = count(FileAction::k_skip);
  if (changes_nothing() && !dry_run)
    std::fprintf(out, "Nothing to write: %zu files up to date, %zu skipped\n", unchanged, skipped);
  else
    std::fprintf(out, "%s%zu created, %zu overwritten, %zu unchanged, %zu skipped\n",
                 dry_run ? "Dry run, nothing written: " : "", created, overwritten, unchanged,
                 skipped);
}

nlohmann::json WritePlan::to_json(bool dry_run) const {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : m_files)
    files.push_back({{"path", f.path}, {"action", action_name(f.action)}});
  return {{"dryRun", dry_run},
          {"files", files},
          {"created", count(FileAction::k_create)},
          {"overwritten", count(FileAction::k_overwrite)},
          {"unchanged", count(FileAction::k_unchanged)},
          {"skipped", count(FileAction::k_skip)}};
}

}  // namespace strata::gen
