#include "gen/embedded.h"

#include <algorithm>

namespace strata::gen {

std::vector<EmbeddedFile> embedded_under(std::string_view dir) {
  std::vector<EmbeddedFile> out;
  for (const auto& f : embedded_files()) {
    if (f.path.size() <= dir.size() + 1 || !f.path.starts_with(dir) || f.path[dir.size()] != '/')
      continue;
    out.push_back({f.path.substr(dir.size() + 1), f.bytes});
  }
  return out;
}

std::optional<std::string_view> embedded_file(std::string_view path) {
  auto files = embedded_files();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const EmbeddedFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->bytes;
}

}  // namespace strata::gen
