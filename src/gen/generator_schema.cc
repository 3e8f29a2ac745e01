#include "gen/generator_schema.h"

#include <algorithm>
#include <charconv>

#include "config/config_file.h"
#include "util/suggest.h"

namespace strata::gen {

namespace {

using nlohmann::json;

const std::vector<std::string> k_types = {"string", "boolean", "number"};

std::optional<std::string> as_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

bool is_number(const std::string& s) {
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  return ec == std::errc() && end == s.data() + s.size();
}

Status check_value(const OptionSpec& o, const std::string& value) {
  if (o.type == "number" && !is_number(value))
    return Error("option --" + o.name + " takes a number, not '" + value + "'");
  if (o.type == "boolean" && value != "true" && value != "false")
    return Error("option --" + o.name + " is true or false, not '" + value + "'");
  if (!o.allowed.empty() &&
      std::find(o.allowed.begin(), o.allowed.end(), value) == o.allowed.end()) {
    std::string all;
    for (const auto& a : o.allowed) all += (all.empty() ? "" : ", ") + a;
    std::string hint = did_you_mean(value, o.allowed);
    return Error("option --" + o.name + " is one of " + all + ", not '" + value + "'", {}, hint);
  }
  return ok_status();
}

void read_option(ConfigFile& file, const std::string& name, const json& spec,
                 GeneratorSchema& out) {
  std::string ptr = "/options/" + name;
  if (!spec.is_object()) return file.error(ptr, "option '" + name + "' must be an object");
  file.check_keys(spec, ptr, {"type", "description", "default", "required", "enum"}, "an option");
  OptionSpec o;
  o.name = name;
  o.type = file.get_string(spec, ptr, "type").value_or("string");
  if (std::find(k_types.begin(), k_types.end(), o.type) == k_types.end())
    file.error(ptr + "/type", "unknown option type '" + o.type + "'",
               did_you_mean(o.type, k_types));
  o.description = file.get_string(spec, ptr, "description").value_or("");
  o.required = file.get_bool(spec, ptr, "required").value_or(false);
  if (auto d = spec.find("default"); d != spec.end()) {
    o.default_value = as_text(*d);
    if (!o.default_value)
      file.error(ptr + "/default", "a default must be a string, number or boolean");
  }
  if (auto e = spec.find("enum"); e != spec.end() && e->is_array())
    for (const auto& v : *e)
      if (auto t = as_text(v)) o.allowed.push_back(*t);
  if (o.default_value)
    if (auto st = check_value(o, *o.default_value); !st)
      file.error(ptr + "/default", st.error().message);
  out.options.push_back(std::move(o));
}

}  // namespace

std::optional<GeneratorSchema> parse_generator_schema(const std::string& path,
                                                      const std::string& text, Diagnostics& diags) {
  auto file = ConfigFile::from_json(path, text);
  GeneratorSchema out;
  if (file->ok() && !file->root().is_object()) file->error("", path + " must hold a JSON object");
  if (file->ok() && file->root().is_object()) {
    const json& root = file->root();
    file->check_keys(root, "", {"$schema", "description", "destination", "options"},
                     "a generator schema");
    out.description = file->get_string(root, "", "description").value_or("");
    out.destination = file->get_string(root, "", "destination").value_or(".");
    if (const json* opts = file->get_object(root, "", "options"))
      for (const auto& [name, spec] : opts->items()) read_option(*file, name, spec, out);
  }
  for (const auto& d : file->diags().items()) {
    if (d.severity == Severity::k_error)
      diags.error(d.error);
    else
      diags.warn(d.error);
  }
  if (file->diags().has_errors() || !file->ok()) return std::nullopt;
  return out;
}

Result<std::map<std::string, std::string>> parse_generator_options(
    const GeneratorSchema& schema, const std::vector<std::string>& args) {
  std::vector<std::string> names;
  for (const auto& o : schema.options) names.push_back(o.name);
  auto find = [&](const std::string& n) -> const OptionSpec* {
    for (const auto& o : schema.options)
      if (o.name == n) return &o;
    return nullptr;
  };
  std::map<std::string, std::string> values;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!a.starts_with("--") || a.size() == 2)
      return Error("unexpected argument '" + a + "'", {}, "options are given as --name value");
    std::string key = a.substr(2), value;
    bool has_value = false;
    if (auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1), key.resize(eq), has_value = true;
    }
    const OptionSpec* o = find(key);
    if (!o && key.starts_with("no-") && !has_value) {
      o = find(key.substr(3));
      if (o && o->type == "boolean") {
        values[o->name] = "false";
        continue;
      }
      o = nullptr;
    }
    if (!o) {
      std::string hint = did_you_mean(key, names);
      return Error("unknown option --" + key, {},
                   hint.empty() ? "this generator takes no such option" : hint);
    }
    if (!has_value && o->type == "boolean") value = "true", has_value = true;
    if (!has_value) {
      if (i + 1 >= args.size()) return Error("option --" + key + " needs a value");
      value = args[++i];
    }
    if (auto st = check_value(*o, value); !st) return st.error();
    values[o->name] = value;
  }
  for (const auto& o : schema.options) {
    if (values.count(o.name)) continue;
    if (o.default_value)
      values[o.name] = *o.default_value;
    else if (o.required)
      return Error("option --" + o.name + " is required", {}, o.description);
    else if (o.type == "boolean")
      values[o.name] = "false";
    else
      values[o.name] = "";
  }
  return values;
}

}  // namespace strata::gen
