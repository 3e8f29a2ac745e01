#include "service/contract_change.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace strata::service {

namespace {

using J = nlohmann::ordered_json;

J type_json(const TypeRef& t) {
  J args = J::array();
  for (const auto& a : t.args) args.push_back(type_json(a));
  return {{"kind", static_cast<int>(t.kind)}, {"name", t.name}, {"text", t.text}, {"args", args}};
}

TypeRef type_from(const J& j) {
  TypeRef t;
  t.kind = static_cast<TypeRef::Kind>(j.value("kind", 0));
  t.name = j.value("name", "");
  t.text = j.value("text", "");
  if (j.contains("args"))
    for (const auto& a : j["args"]) t.args.push_back(type_from(a));
  return t;
}

J fields_json(const std::vector<Field>& fs) {
  J out = J::array();
  for (const auto& f : fs)
    out.push_back({{"name", f.name}, {"type", type_json(f.type)}, {"default", f.default_text}});
  return out;
}

std::vector<Field> fields_from(const J& j) {
  std::vector<Field> out;
  for (const auto& f : j)
    out.push_back({f.value("name", ""), type_from(f.at("type")), f.value("default", "")});
  return out;
}

const Method* find_method(const Contract& c, const std::string& name) {
  for (const auto& m : c.methods)
    if (m.name == name) return &m;
  return nullptr;
}

// Whether values of the two types look the same on the wire. Spelling does
// not count (Optional[X] is X | None, List[X] is list[X]; a list and a tuple
// are both arrays), names of DTOs do: a DTO renamed is another message. An
// unknown type is only known by its text.
bool same_wire_type(const TypeRef& a, const TypeRef& b) {
  using K = TypeRef::Kind;
  auto kind = [](K k) { return k == K::k_tuple ? K::k_list : k; };
  if (kind(a.kind) != kind(b.kind) || a.args.size() != b.args.size()) return false;
  if (a.kind == K::k_unknown) return a.text == b.text;
  if (a.kind == K::k_dto && a.name != b.name) return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!same_wire_type(a.args[i], b.args[i])) return false;
  return true;
}

bool same_params(const Method& a, const Method& b) {
  if (a.params.size() != b.params.size()) return false;
  for (size_t i = 0; i < a.params.size(); ++i)
    if (a.params[i].name != b.params[i].name || !same_wire_type(a.params[i].type, b.params[i].type))
      return false;
  return true;
}

void compare_dto(const Dto& before, const Dto& after, const Contract& c,
                 std::vector<BreakingChange>& out) {
  for (const auto& f : before.fields) {
    auto it = std::find_if(after.fields.begin(), after.fields.end(),
                           [&](const Field& g) { return g.name == f.name; });
    if (it == after.fields.end())
      out.push_back({before.name + "." + f.name + " removed", c.dtos_file, after.line});
    else if (!same_wire_type(it->type, f.type))
      out.push_back({before.name + "." + f.name + ": " + f.type.text + " -> " + it->type.text,
                     c.dtos_file, after.line});
  }
  for (const auto& g : after.fields) {
    bool old = std::any_of(before.fields.begin(), before.fields.end(),
                           [&](const Field& f) { return f.name == g.name; });
    if (!old && g.default_text.empty())
      out.push_back(
          {after.name + "." + g.name + " added without a default", c.dtos_file, after.line});
  }
}

}  // namespace

std::string contract_to_json(const Contract& c) {
  J dtos = J::array();
  for (const auto& d : c.dtos)
    dtos.push_back({{"name", d.name}, {"line", d.line}, {"fields", fields_json(d.fields)}});
  J methods = J::array();
  for (const auto& m : c.methods)
    methods.push_back({{"name", m.name},
                       {"line", m.line},
                       {"params", fields_json(m.params)},
                       {"returns", type_json(m.returns)}});
  J j = {{"version", 1},
         {"context", c.context},
         {"language", c.language},
         {"port", c.port},
         {"notFound", c.not_found},
         {"dtosFile", c.dtos_file},
         {"portFile", c.port_file},
         {"dtos", dtos},
         {"methods", methods}};
  return j.dump(2) + "\n";
}

std::optional<Contract> contract_from_json(const std::string& text) {
  J j = J::parse(text, nullptr, false);
  if (!j.is_object() || j.value("version", 0) != 1) return std::nullopt;
  try {
    Contract c;
    c.context = j.value("context", "");
    c.language = j.value("language", "");
    c.port = j.value("port", "");
    c.not_found = j.value("notFound", "");
    c.dtos_file = j.value("dtosFile", "");
    c.port_file = j.value("portFile", "");
    for (const auto& d : j.at("dtos"))
      c.dtos.push_back({d.value("name", ""), fields_from(d.at("fields")), d.value("line", 0)});
    for (const auto& m : j.at("methods"))
      c.methods.push_back({m.value("name", ""), fields_from(m.at("params")),
                           type_from(m.at("returns")), m.value("line", 0)});
    return c;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a hand-edited file: nothing to compare against
  }
}

std::vector<BreakingChange> breaking_changes(const Contract& before, const Contract& after) {
  std::vector<BreakingChange> out;
  for (const auto& m : before.methods) {
    const Method* now = find_method(after, m.name);
    if (!now) {
      out.push_back({"method " + m.name + " removed", after.port_file, 1});
      continue;
    }
    if (!same_params(m, *now))
      out.push_back({"method " + m.name + ": its parameters changed", after.port_file, now->line});
    if (!same_wire_type(m.returns, now->returns))
      out.push_back({"method " + m.name + ": result " + m.returns.text + " -> " + now->returns.text,
                     after.port_file, now->line});
  }
  for (const auto& d : before.dtos) {
    const Dto* now = after.find_dto(d.name);
    if (!now)
      out.push_back({"DTO " + d.name + " removed", after.dtos_file, 1});
    else
      compare_dto(d, *now, after, out);
  }
  return out;
}

}  // namespace strata::service
