#include "gen/element_generator.h"

#include <algorithm>

#include "gen/naming.h"
#include "gen/template_files.h"

namespace strata::gen {

namespace fs = std::filesystem;

namespace {

// contexts/NAME: the folder holding the context's layer folders.
std::string context_dir(const DomainContext& context) {
  for (const auto& m : context.members())
    if (!m.layer.empty()) {
      std::string parent = fs::path(m.root).parent_path().generic_string();
      return parent.empty() ? "." : parent;
    }
  return "contexts/" + context.name();
}

}  // namespace

std::string_view element_layer(std::string_view kind) {
  if (kind == "entity") return "domain";
  if (kind == "adapter") return "infrastructure";
  return "application";
}

Result<WritePlan> plan_element(const fs::path& root, const DomainContext& context,
                               const ElementRequest& request) {
  auto name = parse_name(request.name, request.kind + " name");
  if (!name) return name.error();
  auto ctx_name = parse_name(context.name(), "context name");
  if (!ctx_name) return ctx_name.error();
  std::string layer(element_layer(request.kind));
  auto layers = context.layers();
  if (std::find(layers.begin(), layers.end(), layer) == layers.end())
    return Error(
        "context '" + context.name() + "' has no " + layer + " layer, where " +
            (request.kind == "entity" || request.kind == "adapter" ? "an " : "a ") + request.kind +
            " goes",
        {},
        "projects of the layer carry the tags context:" + context.name() + " and layer:" + layer);
  auto files = builtin_templates(request.kind + "/" + context.language());
  if (files.empty())
    return Error("this build of strata has no " + request.kind + " templates for " +
                 context.language() + " (context '" + context.name() + "')");
  auto values = Placeholders::for_names(*name, *ctx_name, workspace_name(root));
  WritePlan plan(root, request.force);
  add_templates(plan, files, context_dir(context), values, Existing::k_keep_unless_forced);
  return plan;
}

}  // namespace strata::gen
