// Shape checks follow Nx's project.json schema. Each checker reports and then
// erases what it rejects, so one bad value costs one diagnostic and the rest
// of the file still loads.

#include "config/target_schema.h"

#include "config/known_keys.h"

namespace strata {

namespace {

using nlohmann::json;

std::string at(std::string_view pointer, std::string_view key) {
  return json_pointer_append(pointer, key);
}

bool is_string_array(const json& v) {
  if (!v.is_array()) return false;
  for (const auto& e : v)
    if (!e.is_string()) return false;
  return true;
}

// Removes `key` from `obj` after reporting that it must be `what`.
void reject(ConfigFile& file, json& obj, std::string_view pointer, const std::string& key,
            std::string_view what) {
  file.error(at(pointer, key), "'" + key + "' must be " + std::string(what));
  obj.erase(key);
}

bool valid_input_object(ConfigFile& file, const json& e, std::string_view pointer) {
  static const std::vector<std::string> forms = {
      "fileset", "input", "runtime", "env", "externalDependencies", "dependentTasksOutputFiles"};
  for (const auto& form : forms) {
    auto it = e.find(form);
    if (it == e.end()) continue;
    bool ok = form == "externalDependencies" ? is_string_array(*it) : it->is_string();
    if (!ok) {
      file.error(at(pointer, form),
                 "'" + form + "' must be " +
                     (form == "externalDependencies" ? "an array of strings" : "a string"));
    }
    return ok;
  }
  file.error(pointer,
             "an input object needs one of 'fileset', 'input', 'runtime', 'env', "
             "'externalDependencies' or 'dependentTasksOutputFiles'");
  return false;
}

void validate_depends_on_entry(ConfigFile& file, json& entry, std::string_view pointer,
                               bool& keep) {
  keep = true;
  if (entry.is_string()) return;
  if (!entry.is_object()) {
    file.error(pointer, "a dependsOn entry must be a target name or an object");
    keep = false;
    return;
  }
  file.check_keys(entry, pointer, known_depends_on_keys(), "dependsOn entry");
  if (!entry.contains("target") || !entry["target"].is_string()) {
    file.error(pointer, "a dependsOn object needs a \"target\" string",
               R"(for example {"target": "build", "dependencies": true})");
    keep = false;
    return;
  }
  if (entry.contains("projects") && !entry["projects"].is_string() &&
      !is_string_array(entry["projects"]))
    reject(file, entry, pointer, "projects", "a project name or an array of project names");
  if (entry.contains("dependencies") && !entry["dependencies"].is_boolean())
    reject(file, entry, pointer, "dependencies", "true or false");
  if (entry.contains("params")) {
    const json& p = entry["params"];
    if (!p.is_string() || (p != "forward" && p != "ignore"))
      reject(file, entry, pointer, "params", "\"forward\" or \"ignore\"");
  }
}

void validate_depends_on(ConfigFile& file, json& target, std::string_view pointer) {
  std::string ptr = at(pointer, "dependsOn");
  json& deps = target["dependsOn"];
  if (!deps.is_array()) {
    reject(file, target, pointer, "dependsOn", "an array");
    return;
  }
  json kept = json::array();
  for (size_t i = 0; i < deps.size(); ++i) {
    bool keep = true;
    validate_depends_on_entry(file, deps[i], at(ptr, std::to_string(i)), keep);
    if (keep) kept.push_back(std::move(deps[i]));
  }
  deps = std::move(kept);
}

void validate_configurations(ConfigFile& file, json& target, std::string_view pointer,
                             bool run_commands) {
  json& configs = target["configurations"];
  if (!configs.is_object()) {
    reject(file, target, pointer, "configurations", "an object of option sets");
    return;
  }
  std::string ptr = at(pointer, "configurations");
  for (auto it = configs.begin(); it != configs.end();) {
    if (!it->is_object()) {
      file.error(at(ptr, it.key()), "configuration '" + it.key() + "' must be an object");
      it = configs.erase(it);
      continue;
    }
    if (run_commands) validate_run_commands_options(file, *it, at(ptr, it.key()));
    ++it;
  }
}

void validate_simple_keys(ConfigFile& file, json& target, std::string_view pointer) {
  if (target.contains("executor") && !target["executor"].is_string())
    reject(file, target, pointer, "executor", "a string");
  if (target.contains("command") && !target["command"].is_string())
    reject(file, target, pointer, "command", "a string");
  if (target.contains("options") && !target["options"].is_object())
    reject(file, target, pointer, "options", "an object");
  if (target.contains("defaultConfiguration") && !target["defaultConfiguration"].is_string())
    reject(file, target, pointer, "defaultConfiguration", "a string");
  if (target.contains("outputs") && !is_string_array(target["outputs"]))
    reject(file, target, pointer, "outputs", "an array of strings");
  if (target.contains("cache") && !target["cache"].is_boolean())
    reject(file, target, pointer, "cache", "true or false");
}

// Rewrites {"command": "x"} as Nx does: executor nx:run-commands with
// options.command. Both `command` and another executor is an error.
bool normalise_command(ConfigFile& file, json& target, std::string_view pointer) {
  if (!target.contains("command")) return true;
  if (target.contains("executor") && target["executor"] != "nx:run-commands") {
    file.error(at(pointer, "command"), "a target cannot have both 'command' and 'executor'",
               "remove one of them");
    return false;
  }
  if (!target.contains("options")) target["options"] = json::object();
  target["options"]["command"] = std::move(target["command"]);
  target.erase("command");
  target["executor"] = "nx:run-commands";
  return true;
}

}  // namespace

void validate_inputs(ConfigFile& file, json& inputs, std::string_view pointer) {
  json kept = json::array();
  for (size_t i = 0; i < inputs.size(); ++i) {
    json& e = inputs[i];
    std::string ptr = at(pointer, std::to_string(i));
    if (e.is_string() || (e.is_object() && valid_input_object(file, e, ptr))) {
      kept.push_back(std::move(e));
    } else if (!e.is_object()) {
      file.error(ptr, "an input must be a string or an object");
    }
  }
  inputs = std::move(kept);
}

void validate_named_inputs(ConfigFile& file, json& named, std::string_view pointer) {
  for (auto it = named.begin(); it != named.end();) {
    if (!it->is_array()) {
      file.error(at(pointer, it.key()), "named input '" + it.key() + "' must be an array");
      it = named.erase(it);
      continue;
    }
    validate_inputs(file, *it, at(pointer, it.key()));
    ++it;
  }
}

void validate_run_commands_options(ConfigFile& file, json& options, std::string_view pointer) {
  for (const char* key : {"command", "cwd", "envFile"})
    if (options.contains(key) && !options[key].is_string())
      reject(file, options, pointer, key, "a string");
  for (const char* key : {"parallel", "forwardAllArgs"})
    if (options.contains(key) && !options[key].is_boolean())
      reject(file, options, pointer, key, "true or false");
  if (options.contains("args") && !options["args"].is_string() && !is_string_array(options["args"]))
    reject(file, options, pointer, "args", "a string or an array of strings");
  if (options.contains("env")) {
    bool ok = options["env"].is_object();
    for (const auto& v : options["env"])
      ok = ok && (v.is_string() || v.is_number() || v.is_boolean());
    if (!ok) reject(file, options, pointer, "env", "an object of strings");
  }
  if (!options.contains("commands")) return;
  json& commands = options["commands"];
  bool ok = commands.is_array();
  // A command object's own forwardAllArgs is read as a bool by the runner.
  for (const auto& c : commands)
    ok = ok &&
         (c.is_string() || (c.is_object() && c.contains("command") && c["command"].is_string() &&
                            (!c.contains("forwardAllArgs") || c["forwardAllArgs"].is_boolean())));
  if (!ok)
    reject(file, options, pointer, "commands",
           "an array of strings or of {\"command\": ..., \"forwardAllArgs\": true|false} objects");
}

bool validate_target(ConfigFile& file, json& target, std::string_view pointer,
                     std::string_view name) {
  if (!target.is_object()) {
    file.error(pointer, "target '" + std::string(name) + "' must be an object",
               R"(for example "build": {"command": "make"})");
    return false;
  }
  file.check_keys(target, pointer, known_target_keys(), "target '" + std::string(name) + "'");
  validate_simple_keys(file, target, pointer);
  if (!normalise_command(file, target, pointer)) return false;
  bool run_commands = !target.contains("executor") || target["executor"] == "nx:run-commands";
  if (run_commands && target.contains("options"))
    validate_run_commands_options(file, target["options"], at(pointer, "options"));
  if (target.contains("configurations"))
    validate_configurations(file, target, pointer, run_commands);
  if (target.contains("dependsOn")) validate_depends_on(file, target, pointer);
  if (target.contains("inputs")) {
    if (target["inputs"].is_array()) {
      validate_inputs(file, target["inputs"], at(pointer, "inputs"));
    } else {
      reject(file, target, pointer, "inputs", "an array");
    }
  }
  return true;
}

void validate_targets(ConfigFile& file, json& targets, std::string_view pointer) {
  for (auto it = targets.begin(); it != targets.end();) {
    if (validate_target(file, *it, at(pointer, it.key()), it.key())) {
      ++it;
    } else {
      it = targets.erase(it);
    }
  }
}

}  // namespace strata
