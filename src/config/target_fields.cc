#include "config/target_fields.h"

namespace strata {

namespace {

using nlohmann::json;

bool looks_like_path(std::string_view s) {
  return s.find_first_of("/*.{") != std::string_view::npos;
}

InputSpec fileset(std::string_view value) {
  InputSpec in;
  in.kind = InputSpec::Kind::k_fileset;
  in.negated = !value.empty() && value[0] == '!';
  in.value = std::string(in.negated ? value.substr(1) : value);
  return in;
}

InputSpec named(std::string name, bool dependencies) {
  InputSpec in;
  in.kind = InputSpec::Kind::k_named;
  in.value = std::move(name);
  in.dependencies = dependencies;
  return in;
}

std::optional<InputSpec> parse_string_input(const std::string& s,
                                            const NamedInputLookup& is_named) {
  if (s.size() > 1 && s[0] == '^') {
    if (is_named(s.substr(1))) return named(s.substr(1), true);
    // "^{projectRoot}/tsconfig.lib.json": a file set of each dependency,
    // as Nx's @nx/js/typescript plugin writes.
    if (s[1] != '{' && !looks_like_path(s.substr(1))) return std::nullopt;
    InputSpec in = fileset(s.substr(1));
    in.dependencies = true;
    return in;
  }
  if (s.empty() || s[0] == '!' || s[0] == '{') return fileset(s);
  if (is_named(s)) return named(s, false);
  if (looks_like_path(s)) return fileset(s);
  return std::nullopt;
}

InputSpec parse_object_input(const json& e) {
  InputSpec in;
  if (e.contains("fileset")) {
    InputSpec files = fileset(e["fileset"].get<std::string>());
    files.dependencies = e.value("dependencies", false);
    return files;
  }
  if (e.contains("input")) {
    bool deps = e.value("dependencies", false) || e.value("projects", json()) == "dependencies";
    return named(e["input"].get<std::string>(), deps);
  }
  if (e.contains("runtime")) {
    in.kind = InputSpec::Kind::k_runtime;
    in.value = e["runtime"].get<std::string>();
  } else if (e.contains("env")) {
    in.kind = InputSpec::Kind::k_env;
    in.value = e["env"].get<std::string>();
  } else if (e.contains("externalDependencies")) {
    in.kind = InputSpec::Kind::k_external;
    in.externals = e["externalDependencies"].get<std::vector<std::string>>();
  } else {
    in.kind = InputSpec::Kind::k_dependent_outputs;
    in.value = e["dependentTasksOutputFiles"].get<std::string>();
    in.transitive = e.value("transitive", false);
  }
  return in;
}

}  // namespace

std::vector<InputSpec> parse_inputs(const json& inputs, const NamedInputLookup& is_named,
                                    const UnknownInputReport& unknown) {
  std::vector<InputSpec> out;
  out.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const json& e = inputs[i];
    if (e.is_object()) {
      out.push_back(parse_object_input(e));
      continue;
    }
    const auto& s = e.get_ref<const std::string&>();
    if (auto in = parse_string_input(s, is_named)) {
      out.push_back(std::move(*in));
    } else {
      unknown(i, s[0] == '^' ? s.substr(1) : s);
    }
  }
  return out;
}

std::vector<DependsOn> parse_depends_on(const json& depends_on) {
  std::vector<DependsOn> out;
  out.reserve(depends_on.size());
  for (const json& e : depends_on) {
    DependsOn d;
    if (e.is_string()) {
      const auto& s = e.get_ref<const std::string&>();
      d.dependencies = s.size() > 1 && s[0] == '^';
      d.target = d.dependencies ? s.substr(1) : s;
      out.push_back(std::move(d));
      continue;
    }
    d.target = e["target"].get<std::string>();
    d.dependencies = e.value("dependencies", false);
    d.forward_params = e.value("params", std::string()) == "forward";
    if (auto it = e.find("projects"); it != e.end()) {
      std::vector<std::string> names = it->is_string()
                                           ? std::vector<std::string>{it->get<std::string>()}
                                           : it->get<std::vector<std::string>>();
      for (auto& n : names) {
        if (n == "dependencies") {
          d.dependencies = true;
        } else if (n != "self") {
          d.projects.push_back(std::move(n));
        }
      }
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace strata
