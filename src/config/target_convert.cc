#include "config/target_convert.h"

#include "util/suggest.h"

namespace strata {

namespace {

using nlohmann::json;

const char* k_run_commands = "nx:run-commands";
const char* k_run_script = "nx:run-script";
const char* k_noop = "nx:noop";

std::string option_or(const json& options, const char* key, const std::string& fallback) {
  auto it = options.find(key);
  return it != options.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool run_script(const std::string& name, json& value, const MergedTarget& merged,
                const TargetContext& ctx, Diagnostics& diags) {
  json& options = value["options"];
  std::string script = option_or(options, "script", "");
  // Locating a key scans the file, so it is done only for a real problem:
  // every package.json script is a run-script target.
  auto loc = [&] {
    const TargetLayer* where = merged.origin_of("options/script");
    return where ? where->loc("/options/script") : merged.declared.loc();
  };
  if (script.empty()) {
    diags.error(Error("target '" + name + "' of project '" + ctx.project +
                          "' uses nx:run-script without a \"script\" option",
                      loc(), R"(add "options": {"script": "<package.json script>"})"));
    return false;
  }
  if (!ctx.scripts || ctx.scripts->count(script) == 0) {
    std::vector<std::string> names;
    if (ctx.scripts)
      for (const auto& [k, v] : *ctx.scripts) names.push_back(k);
    diags.error(Error("project '" + ctx.project + "' has no package.json script '" + script +
                          "' (used by target '" + name + "')",
                      loc(), did_you_mean(script, names)));
    return false;
  }
  options.erase("script");
  options["command"] = ctx.scripts->at(script);
  if (!options.contains("cwd")) options["cwd"] = ctx.root;
  value["executor"] = k_run_commands;
  return true;
}

bool check_executor(const std::string& name, json& value, const MergedTarget& merged,
                    const TargetContext& ctx, Diagnostics& diags) {
  std::string executor = value.value("executor", std::string());
  if (executor.empty()) {
    // Neither a command nor an executor: a pure aggregate of its dependsOn.
    value["executor"] = k_noop;
    return true;
  }
  if (executor == k_run_script) return run_script(name, value, merged, ctx, diags);
  if (executor == k_noop) return true;
  if (executor == k_run_commands) {
    const json& o = value["options"];
    if (o.contains("command") || o.contains("commands")) return true;
    // Locating a key scans the file, so it is done only for a real problem.
    const TargetLayer* where = merged.origin_of("executor");
    SourceLoc loc = where ? where->loc("/executor") : merged.declared.loc();
    diags.error(Error("target '" + name + "' of project '" + ctx.project +
                          "' uses nx:run-commands without \"command\" or \"commands\"",
                      loc, R"(add "options": {"command": "<shell command>"})"));
    return false;
  }
  // Any other executor is kept as declared: it runs through the
  // workspace's Nx, and only running it can fail (tasks/command.cc).
  return true;
}

std::vector<InputSpec> convert_inputs(const std::string& name, const json& inputs,
                                      const MergedTarget& merged, const TargetContext& ctx,
                                      Diagnostics& diags) {
  const TargetLayer* where = merged.origin_of("inputs");
  return parse_inputs(inputs, ctx.is_named_input, [&](size_t i, const std::string& input) {
    SourceLoc loc = where ? where->loc("/inputs/" + std::to_string(i)) : merged.declared.loc();
    std::string hint = did_you_mean(input, ctx.named_input_names);
    if (hint.empty())
      hint =
          "define it under \"namedInputs\", or write a file set such as "
          "\"{projectRoot}/" +
          input + "\"";
    std::string who = where && where->kind == TargetLayer::Kind::k_defaults
                          ? "targetDefaults for '" + name + "' use"
                          : "target '" + name + "' of project '" + ctx.project + "' uses";
    diags.error(Error(who + " unknown named input '" + input + "'", loc, hint));
  });
}

}  // namespace

bool is_native_executor(const std::string& executor) {
  return executor == k_run_commands || executor == k_run_script || executor == k_noop;
}

std::optional<Target> convert_target(const std::string& name, MergedTarget& merged,
                                     const TargetContext& ctx, Diagnostics& diags) {
  json value = std::move(merged.value);
  if (!value.contains("options") || !value["options"].is_object())
    value["options"] = json::object();
  if (!check_executor(name, value, merged, ctx, diags)) return std::nullopt;
  Target t;
  t.name = name;
  t.executor = value["executor"].get<std::string>();
  t.options = std::move(value["options"]);
  if (auto it = value.find("configurations"); it != value.end())
    for (auto& [k, v] : it->items()) t.configurations.emplace(k, std::move(v));
  t.default_configuration = value.value("defaultConfiguration", std::string());
  if (auto it = value.find("dependsOn"); it != value.end()) t.depends_on = parse_depends_on(*it);
  if (auto it = value.find("inputs"); it != value.end())
    t.inputs = convert_inputs(name, *it, merged, ctx, diags);
  if (auto it = value.find("outputs"); it != value.end())
    t.outputs = it->get<std::vector<std::string>>();
  t.cache = value.value("cache", false);
  t.loc = merged.declared.loc();
  if (!is_native_executor(t.executor)) {
    const TargetLayer* where = merged.origin_of("executor");
    t.executor_loc = where && where->file ? where->loc("/executor") : t.loc;
  }
  return t;
}

}  // namespace strata
