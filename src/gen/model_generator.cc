// The per-framework differences are data (k_framework_specs): the
// templates are shared except model.py and export.py, and the values below
// fill the placeholders of the shared ones (params, requirements, which
// package versions the training key hashes).

#include "gen/model_generator.h"

#include <algorithm>

#include "gen/context_generator.h"
#include "gen/embedded.h"
#include "gen/naming.h"
#include "gen/template_files.h"
#include "gen/workspace_generator.h"
#include "util/suggest.h"

namespace strata::gen {

namespace {

struct FrameworkSpec {
  std::string_view name;
  std::string_view backend;          // strata-model.json "backend"
  std::string_view declared_params;  // model.json training.params
  std::string_view params;           // params.json "model"
  std::string_view requirements;
  std::string_view toolchain;        // packages whose versions the training key hashes
  std::string_view untyped_modules;  // mypy overrides
  std::string_view mypy_overrides = "";
};

// PyTorch trains with Debian's python3-torch (a PyPI torch is a 5 GB
// install), so its .venv sees the system's packages; xgboost is pinned to
// <= 3.0.5, whose JSON models Debian's XGBoost C API 1.7 predicts correctly.
constexpr FrameworkSpec k_framework_specs[] = {
    {"sklearn", "python", R"("model.n_estimators", "model.max_depth")",
     R"({ "n_estimators": 40, "max_depth": 4 })",
     "numpy>=1.24\nscikit-learn>=1.3\npytest>=7.4\nruff>=0.4\nmypy>=1.8",
     R"(("numpy", "scikit-learn"))", R"("sklearn", "sklearn.*")"},
    {"xgboost", "xgboost", R"("model.n_estimators", "model.max_depth", "model.learning_rate")",
     R"({ "n_estimators": 30, "max_depth": 3, "learning_rate": 0.3 })",
     "numpy>=1.24\nxgboost-cpu==3.0.5\npytest>=7.4\nruff>=0.4\nmypy>=1.8",
     R"(("numpy", "xgboost-cpu"))", R"("sklearn", "sklearn.*")"},
    {"pytorch", "torchscript", R"("model.hidden", "model.learning_rate", "model.epochs")",
     R"({ "hidden": 16, "learning_rate": 0.05, "epochs": 150 })",
     "# strata:system-site-packages (Debian's python3-torch and numpy)\npytest>=7.4\nruff>=0.4\n"
     "mypy>=1.8",
     R"(("torch", "numpy"))", R"("sklearn.*")",
     "\n# torch 1.13 (Debian's) leaves torch.jit.trace unannotated and not re-exported.\n"
     "[[tool.mypy.overrides]]\nmodule = [\"torch.jit\"]\nimplicit_reexport = true\n\n"
     "[[tool.mypy.overrides]]\nmodule = [\"{{name}}_model.export\"]\n"
     "disallow_untyped_calls = false"},
};

const FrameworkSpec* find_framework(std::string_view name) {
  for (const auto& spec : k_framework_specs)
    if (spec.name == name) return &spec;
  return nullptr;
}

Status check_framework(std::string_view framework) {
  if (find_framework(framework)) return ok_status();
  std::vector<std::string> names(k_frameworks.begin(), k_frameworks.end());
  std::string hint = did_you_mean(framework, names);
  return Error("unknown framework '" + std::string(framework) + "'", {},
               hint.empty() ? "use --framework sklearn, xgboost or pytorch" : hint);
}

// "../../schemas/model.schema.json" from a folder `depth` levels down.
std::string schema_path_from(const std::string& dir) {
  std::string up;
  for (char c : dir + "/")
    if (c == '/') up += "../";
  return up + std::string(k_schema_dir) + "/" + k_model_schema;
}

Placeholders model_values(const NameForms& name, const FrameworkSpec& spec,
                          const ModelRequest& request, const std::string& root_dir,
                          const std::string& workspace) {
  auto values = Placeholders::for_names(name, name, workspace);
  values.set("framework", std::string(spec.name));
  values.set("backend", std::string(spec.backend));
  values.set("declared-params", std::string(spec.declared_params));
  values.set("params", std::string(spec.params));
  values.set("requirements", std::string(spec.requirements));
  values.set("toolchain", std::string(spec.toolchain));
  values.set("untyped-modules", std::string(spec.untyped_modules));
  values.set("mypy-overrides", values.expand_text(spec.mypy_overrides));
  values.set("model-root", root_dir);
  values.set("schema-path", schema_path_from(root_dir));
  values.set("context-tag", request.context.empty() ? "" : ", \"context:" + request.context + "\"");
  return values;
}

}  // namespace

std::string model_root(const ModelRequest& request) {
  std::string base = request.context.empty() ? "" : "contexts/" + request.context + "/";
  return base + "models/" + request.name;
}

Result<WritePlan> plan_model(const std::filesystem::path& root, const ModelRequest& request) {
  auto name = parse_name(request.name, "model name");
  if (!name) return name.error();
  if (auto st = check_framework(request.framework); !st) return st.error();
  if (builtin_templates("model/common").empty())
    return Error("this build of strata has no model templates");
  const FrameworkSpec& spec = *find_framework(request.framework);
  ModelRequest normal = request;
  normal.name = name->snake;
  std::string dir = model_root(normal);
  auto values = model_values(*name, spec, request, dir, workspace_name(root));
  WritePlan plan(root, request.force);
  add_templates(plan, builtin_templates("model/common"), dir, values,
                Existing::k_keep_unless_forced);
  add_templates(plan, builtin_templates("model/" + request.framework), dir, values,
                Existing::k_keep_unless_forced);
  for (const auto& f : embedded_under("schemas"))
    if (f.path == k_model_schema)
      plan.add(std::string(k_schema_dir) + "/" + std::string(f.path), std::string(f.bytes),
               Existing::k_keep_always);
  return plan;
}

}  // namespace strata::gen
