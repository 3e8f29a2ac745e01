#pragma once
// Template trees, from the binary (templates/...) or from a workspace's own
// generator folder, and their expansion into a WritePlan.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gen/placeholders.h"
#include "gen/write_plan.h"
#include "util/result.h"

namespace strata::gen {

struct TemplateFile {
  std::string path;  // relative to the template tree's root, still unexpanded
  std::string bytes;
};

// The compiled-in tree templates/<dir> ("context/python"); empty if absent.
std::vector<TemplateFile> builtin_templates(std::string_view dir);

// Every file below `dir` on disk, sorted by path.
Result<std::vector<TemplateFile>> templates_on_disk(const std::filesystem::path& dir);

// Which expanded paths (relative to the tree) a caller wants; all by default.
using PathFilter = std::function<bool(std::string_view path)>;

// Adds each file, path and content expanded, to `plan` below `dest` (a
// directory relative to the plan's root; "" for the root itself).
void add_templates(WritePlan& plan, const std::vector<TemplateFile>& files, std::string_view dest,
                   const Placeholders& values, Existing existing, const PathFilter& keep = {});

}  // namespace strata::gen
