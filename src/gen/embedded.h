#pragma once
// Files compiled into the binary at build time (cmake/embed_templates.cmake):
// the generators' templates under "templates/" and the JSON Schemas under
// "schemas/", so an installed strata needs nothing beside itself.

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace strata::gen {

struct EmbeddedFile {
  std::string_view path;  // relative to the source tree, '/' separated
  std::string_view bytes;
};

// Every embedded file, sorted by path.
std::span<const EmbeddedFile> embedded_files();

// The files below directory `dir` ("templates/context/python"), with paths
// made relative to it; empty when there are none.
std::vector<EmbeddedFile> embedded_under(std::string_view dir);

// One file by its full path.
std::optional<std::string_view> embedded_file(std::string_view path);

}  // namespace strata::gen
