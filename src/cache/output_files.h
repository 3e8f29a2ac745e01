#pragma once
// Moving a task's outputs between the disk and a CacheEntry: collecting them
// after a run, and putting them back on a cache hit.

#include <filesystem>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/output_paths.h"
#include "util/result.h"

namespace strata {

// The permission bits a restore may set, as a build produces them: the
// owner's, and read/execute for group and others. No setuid, setgid or
// sticky bit, no group or world write, whatever an entry says.
inline constexpr uint32_t k_output_mode_mask = 0755;
// Applies k_output_mode_mask to every file and directory of `files`.
void mask_output_modes(std::vector<OutputFile>& files);

// Reads every file, directory and symlink under `outputs` (symlinks are
// recorded as links, never followed). Missing outputs are skipped. The
// result is sorted by path, without duplicates, modes masked.
Result<std::vector<OutputFile>> collect_outputs(const std::filesystem::path& root,
                                                const std::vector<OutputPath>& outputs);

// The regular files under `outputs` as they are on disk now, sorted,
// without following symlinks; for dependentTasksOutputFiles inputs.
Result<std::vector<std::string>> list_output_files(const std::filesystem::path& root,
                                                   const std::vector<OutputPath>& outputs);

// Checks that every path in `files` is a plain relative path inside one of
// `outputs` and does not pass through a recorded symlink, so a damaged
// entry cannot write elsewhere.
Status check_restorable(const std::vector<OutputFile>& files,
                        const std::vector<OutputPath>& outputs);

// True when what is on disk under `outputs` is exactly `files`: the same
// paths, types, modes and contents, nothing more.
bool outputs_match(const std::filesystem::path& root, const std::vector<OutputPath>& outputs,
                   const std::vector<OutputFile>& files);

// Deletes what currently exists at `outputs`, then writes `files` with
// their modes. Call check_restorable first.
Status restore_outputs(const std::filesystem::path& root, const std::vector<OutputPath>& outputs,
                       const std::vector<OutputFile>& files);

}  // namespace strata
