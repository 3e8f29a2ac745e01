#include "gen/local_generator.h"

#include <algorithm>

#include "gen/context_generator.h"
#include "gen/generator_schema.h"
#include "gen/naming.h"
#include "gen/template_files.h"
#include "util/fs.h"

namespace strata::gen {

namespace fs = std::filesystem;

std::vector<std::string> local_generators(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(root / k_generators_dir, ec), end; !ec && it != end;
       it.increment(ec))
    if (fs::exists(it->path() / "schema.json", ec)) out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

Result<GeneratorSchema> read_schema(const fs::path& root, const std::string& generator) {
  std::string rel = std::string(k_generators_dir) + "/" + generator + "/schema.json";
  auto text = read_file(root / rel);
  if (!text) return Error("cannot read " + rel + ": " + text.error().message);
  Diagnostics diags;
  auto schema = parse_generator_schema(rel, *text, diags);
  for (const auto& d : diags.items())
    if (d.severity == Severity::k_warning) print_warning(d.error);
  if (!schema) return diags.first_error();
  return std::move(*schema);
}

bool leaves_workspace(const std::string& path) {
  std::string norm = fs::path(path).lexically_normal().generic_string();
  return fs::path(path).is_absolute() || norm == ".." || norm.starts_with("../");
}

// The destination must stay inside the workspace.
Result<std::string> destination(const GeneratorSchema& schema, const Placeholders& values) {
  std::string dest = fs::path(values.expand_path(values.expand_text(schema.destination)))
                         .lexically_normal()
                         .generic_string();
  while (!dest.empty() && dest.back() == '/') dest.pop_back();
  if (dest.empty() || dest == ".") return std::string();
  if (leaves_workspace(dest))
    return Error("destination '" + schema.destination + "' leaves the workspace");
  return dest;
}

}  // namespace

Result<WritePlan> plan_local(const fs::path& root, const LocalRequest& request) {
  auto schema = read_schema(root, request.generator);
  if (!schema) return schema.error();
  auto name = parse_name(request.name, "name");
  if (!name) return name.error();
  auto options = parse_generator_options(*schema, request.args);
  if (!options) return options.error();
  auto values = Placeholders::for_names(*name, *name, workspace_name(root));
  for (const auto& [key, value] : *options) values.set(key, value);
  auto dest = destination(*schema, values);
  if (!dest) return dest.error();
  fs::path files_dir = root / k_generators_dir / request.generator / "files";
  auto files = templates_on_disk(files_dir);
  if (!files) return files.error();
  if (files->empty())
    return Error("generator '" + request.generator + "' has no templates", {files_dir.string()},
                 "put its template files under " + std::string(k_generators_dir) + "/" +
                     request.generator + "/files/");
  WritePlan plan(root, request.force);
  add_templates(plan, *files, *dest, values, Existing::k_keep_unless_forced);
  // Option values may appear in paths; none may lead out of the workspace.
  for (const auto& f : plan.files())
    if (leaves_workspace(f.path))
      return Error("generator '" + request.generator + "' would write " + f.path +
                   ", outside the workspace");
  return plan;
}

}  // namespace strata::gen
