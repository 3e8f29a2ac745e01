#include "container/image_recipe.h"

#include <cctype>

#include "container/dockerfile.h"
#include "container/dockerfile_policy.h"
#include "service/generated_header.h"
#include "util/fs.h"
#include "util/hash.h"

namespace strata::container {

Result<ImageRecipe> render_recipe(const Workspace& ws, const ProjectGraph& graph,
                                  const std::string& service, const ImageSettings& settings,
                                  const std::string& builder) {
  auto topology = load_topology(ws.root);
  if (!topology) return topology.error();
  const Project* p = ws.find(service);
  if (!p) return ws.unknown_project(service);
  std::string requirements;
  if (auto text = read_file(ws.root / p->root / "requirements.txt")) requirements = *text;
  auto spec = image_spec_for(ws, graph, *topology, service, requirements);
  if (!spec) return spec.error();
  ImageRecipe r;
  r.spec = std::move(*spec);
  std::string header =
      service::generated_header("#", service::inputs_hash(ws.root, r.spec.inputs), r.spec.inputs);
  r.files.dockerfile = render_dockerfile(r.spec, settings, header);
  r.files.dockerignore = render_dockerignore(r.spec.language);
  // The configuration may name a base the policy refuses: say so before
  // anything is built, at the setting that chose it.
  auto findings = check_dockerfile(r.files.dockerfile, service + "/Dockerfile");
  if (!findings.empty())
    return Error("the generated Dockerfile of " + service +
                     " breaks the image policy: " + findings[0].rule + ": " + findings[0].message,
                 SourceLoc{"strata.json"}, findings[0].hint);
  std::string key = "image-recipe v1\n" + builder + "\n" + settings.repository + "\n" +
                    r.files.dockerfile + "\n" + r.files.dockerignore + "\n";
  for (const auto& req : r.spec.requirements) key += req + "\n";
  r.recipe_hash = hash_bytes(key).hex().substr(0, 16);
  return r;
}

// A reference's name component must start and end with a letter or digit,
// so separators left at either end are dropped.
std::string image_name(const std::string& service) {
  std::string name = service;
  if (name.starts_with("@"))
    name.erase(0, name.find('/') == std::string::npos ? 1 : name.find('/') + 1);
  for (char& c : name) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '-';
  }
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  size_t first = 0, last = name.size();
  while (first < last && !alnum(name[first])) ++first;
  while (last > first && !alnum(name[last - 1])) --last;
  return name.substr(first, last - first);
}

std::string image_reference(const ImageSettings& settings, const std::string& service,
                            const std::string& tag) {
  return settings.repository + "/" + image_name(service) + ":" + tag;
}

}  // namespace strata::container
