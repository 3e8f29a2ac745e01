#include "gen/template_files.h"

#include <algorithm>

#include "gen/embedded.h"
#include "util/fs.h"

namespace strata::gen {

namespace fs = std::filesystem;

std::vector<TemplateFile> builtin_templates(std::string_view dir) {
  std::vector<TemplateFile> out;
  for (const auto& f : embedded_under("templates/" + std::string(dir)))
    out.push_back({std::string(f.path), std::string(f.bytes)});
  return out;
}

Result<std::vector<TemplateFile>> templates_on_disk(const fs::path& dir) {
  std::vector<TemplateFile> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    auto bytes = read_file(it->path());
    if (!bytes) return bytes.error();
    out.push_back({relative_to(it->path(), dir), std::move(*bytes)});
  }
  if (ec) return Error("cannot read templates in " + dir.string() + ": " + ec.message());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

void add_templates(WritePlan& plan, const std::vector<TemplateFile>& files, std::string_view dest,
                   const Placeholders& values, Existing existing, const PathFilter& keep) {
  for (const auto& f : files) {
    std::string path = values.expand_path(f.path);
    if (keep && !keep(path)) continue;
    std::string full = dest.empty() ? path : std::string(dest) + "/" + path;
    plan.add(std::move(full), values.expand_text(f.bytes), existing);
  }
}

}  // namespace strata::gen
