// A reader for the declarations the api layer is made of, not a TypeScript
// parser: comments are dropped, then `export interface NAME { ... }` blocks
// are split into members at top-level semicolons (or line ends), and
// `export type NAME<T> = ...` aliases are noted by name. Functions and
// anything else in the files are skipped.

#include "service/typescript_contract.h"

#include <algorithm>
#include <regex>

#include "service/contract_text.h"
#include "util/fs.h"

namespace strata::service {

namespace {

using K = TypeRef::Kind;

using contract_text::trim;

constexpr contract_text::Brackets k_angles{.angles = true};

// The pieces of a list, a union or a body, empty ones (a trailing comma, a
// union's leading '|') dropped.
std::vector<std::string> split_top(std::string_view s, char sep) {
  return contract_text::split_top(s, sep, k_angles, false);
}

struct Block {
  std::string name;
  std::vector<std::string> extends;  // the interfaces it extends
  std::string body;
  int line = 0;       // of `export interface`
  int body_line = 0;  // of the body's first character
};

std::vector<Block> interfaces(const std::string& text) {
  static const std::regex k_head(
      R"(export\s+interface\s+([A-Za-z_$][\w$]*)(?:\s*<[^{]*>)?(?:\s+extends\s+([^{]*))?\s*\{)");
  std::vector<Block> out;
  for (std::sregex_iterator it(text.begin(), text.end(), k_head), end; it != end; ++it) {
    size_t open = static_cast<size_t>(it->position(0) + it->length(0));
    int depth = 1;
    size_t i = open;
    for (; i < text.size() && depth > 0; ++i) {
      if (text[i] == '{') ++depth;
      if (text[i] == '}') --depth;
    }
    std::vector<std::string> extends;
    for (const auto& base : split_top((*it)[2].str(), ','))
      extends.push_back(trim(base.substr(0, base.find('<'))));
    out.push_back({(*it)[1].str(), extends, text.substr(open, i - open - 1),
                   contract_text::line_at(text, static_cast<size_t>(it->position(0))),
                   contract_text::line_at(text, open)});
  }
  return out;
}

struct Member {
  std::string text;
  int line = 0;
};

// A body's members: its logical lines (a member over several lines, as
// formatters break long signatures and unions, is one) split at the `;` or
// `,` that TypeScript allows between members.
std::vector<Member> members(const Block& b) {
  contract_text::JoinRules rules;
  rules.brackets = k_angles;
  rules.leading_operators = "|&";
  std::vector<Member> out;
  for (const auto& l : contract_text::join_lines(b.body, rules))
    for (auto& part : split_top(l.text, ';'))
      for (auto& member : split_top(part, ',')) out.push_back({member, b.body_line + l.line - 1});
  return out;
}

// "readonly name?: T" -> a field.
Field ts_field(std::string m, const std::vector<std::string>& dtos,
               const std::vector<std::string>& aliases) {
  if (m.starts_with("readonly ")) m = trim(m.substr(9));
  size_t colon = m.find(':');
  Field f;
  f.name = trim(m.substr(0, colon));
  bool optional = f.name.ends_with("?");
  if (optional) f.name.pop_back();
  std::string type = colon == std::string::npos ? "" : trim(m.substr(colon + 1));
  f.type = parse_typescript_type(optional ? type + " | undefined" : type, dtos, aliases);
  return f;
}

std::optional<Method> ts_method(const std::string& m, int line,
                                const std::vector<std::string>& dtos,
                                const std::vector<std::string>& aliases) {
  size_t open = m.find('(');
  if (open == std::string::npos) return std::nullopt;
  // The parenthesis that closes the parameters: a return type may hold others.
  size_t close = open;
  for (int depth = 0; close < m.size(); ++close) {
    depth += m[close] == '(' ? 1 : m[close] == ')' ? -1 : 0;
    if (depth == 0) break;
  }
  if (close == m.size()) return std::nullopt;
  Method out;
  out.name = trim(m.substr(0, open));
  out.line = line;
  for (const auto& p : split_top(std::string_view(m).substr(open + 1, close - open - 1), ','))
    out.params.push_back(ts_field(p, dtos, aliases));
  std::string ret = trim(std::string_view(m).substr(close + 1));
  if (ret.starts_with(":")) ret = trim(ret.substr(1));
  if (ret.starts_with("Promise<") && ret.ends_with(">")) ret = trim(ret.substr(8, ret.size() - 9));
  out.returns = parse_typescript_type(ret.empty() ? "void" : ret, dtos, aliases);
  return out;
}

std::vector<std::string> generic_aliases(const std::string& text) {
  static const std::regex k_alias(R"(export\s+type\s+([A-Za-z_$][\w$]*)\s*<)");
  std::vector<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), k_alias), end; it != end; ++it)
    out.push_back((*it)[1].str());
  return out;
}

bool is_string_literal(const std::string& s) {
  return s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front();
}

}  // namespace

TypeRef parse_typescript_type(const std::string& written, const std::vector<std::string>& dtos,
                              const std::vector<std::string>& aliases) {
  TypeRef t;
  std::string s = trim(written);
  t.text = s;
  auto parts = split_top(s, '|');
  if (parts.size() > 1) {
    std::vector<std::string> rest;
    bool nullable = false;
    for (const auto& p : parts)
      if (p == "null" || p == "undefined")
        nullable = true;
      else
        rest.push_back(p);
    if (!rest.empty() && std::all_of(rest.begin(), rest.end(), is_string_literal)) {
      TypeRef str{K::k_str, "", {}, s};
      if (!nullable) return str;
      return TypeRef{K::k_optional, "", {str}, s};
    }
    if (nullable && rest.size() == 1) {
      t.kind = K::k_optional;
      t.args.push_back(parse_typescript_type(rest[0], dtos, aliases));
    }
    return t;
  }
  if (s.starts_with("readonly ")) s = trim(s.substr(9));
  if (s.ends_with("[]")) {
    t.kind = K::k_list;
    t.args.push_back(parse_typescript_type(s.substr(0, s.size() - 2), dtos, aliases));
    return t;
  }
  if (s.starts_with("(") && s.ends_with(")"))
    return parse_typescript_type(s.substr(1, s.size() - 2), dtos, aliases);
  size_t lt = s.find('<');
  if (lt != std::string::npos && s.ends_with(">")) {
    std::string head = s.substr(0, lt);
    std::string arg = s.substr(lt + 1, s.size() - lt - 2);
    if (head == "Array" || head == "ReadonlyArray") {
      t.kind = K::k_list;
      t.args.push_back(parse_typescript_type(arg, dtos, aliases));
    } else if (std::find(aliases.begin(), aliases.end(), head) != aliases.end()) {
      t.kind = K::k_dto;  // the api layer's own generic alias, e.g. Result<T>
      t.name = head;
      for (const auto& a : split_top(arg, ','))
        t.args.push_back(parse_typescript_type(a, dtos, aliases));
    }
    return t;
  }
  if (s == "string" || is_string_literal(s))
    t.kind = K::k_str;
  else if (s == "number")
    t.kind = K::k_float;
  else if (s == "boolean")
    t.kind = K::k_bool;
  else if (s == "void" || s == "null" || s == "undefined")
    t.kind = K::k_none;
  else if (std::find(dtos.begin(), dtos.end(), s) != dtos.end())
    t.kind = K::k_dto, t.name = s;
  return t;
}

Result<Contract> parse_typescript_contract(const std::string& context, const std::string& dto_text,
                                           const std::string& dto_file,
                                           const std::string& port_text,
                                           const std::string& port_file) {
  Contract c;
  c.context = context;
  c.language = "typescript";
  c.dtos_file = dto_file;
  c.port_file = port_file;
  std::string dtos_src = contract_text::blank_comments(dto_text);
  std::string port_src = contract_text::blank_comments(port_text);
  auto dto_blocks = interfaces(dtos_src);
  std::vector<std::string> names;
  for (const auto& b : dto_blocks) names.push_back(b.name);
  auto aliases = generic_aliases(dtos_src);
  DtoBases bases;
  for (const auto& b : dto_blocks) {
    Dto d{b.name, {}, b.line};
    for (const auto& m : members(b)) d.fields.push_back(ts_field(m.text, names, aliases));
    c.dtos.push_back(std::move(d));
    bases[b.name] = b.extends;
  }
  add_inherited_fields(c.dtos, bases);
  int port_line = 1;
  for (const auto& b : interfaces(port_src)) {
    if (!c.port.empty()) break;
    c.port = b.name;
    port_line = b.line;
    for (const auto& m : members(b))
      if (auto method = ts_method(m.text, m.line, names, aliases))
        c.methods.push_back(std::move(*method));
  }
  if (c.port.empty())
    return Error("no exported interface (the inbound port) in " + port_file,
                 SourceLoc{port_file, 1, 1});
  if (c.methods.empty())
    return Error("the port " + c.port + " declares no methods", SourceLoc{port_file, port_line, 1},
                 "the port's methods are the service's calls: `name(arg: T): Promise<R>;`");
  return c;
}

Result<Contract> extract_typescript_contract(const std::filesystem::path& root,
                                             const std::string& context) {
  std::string kebab = context;
  std::replace(kebab.begin(), kebab.end(), '_', '-');
  std::string base = "contexts/" + context + "/api/src/";
  auto dto = read_file(root / (base + "dto.ts"));
  if (!dto)
    return Error("the " + context + " context has no api contract: " + base + "dto.ts is missing",
                 SourceLoc{base + "dto.ts"});
  auto port = read_file(root / (base + kebab + "-service.ts"));
  if (!port)
    return Error("the " + context + " context has no inbound port: " + base + kebab +
                     "-service.ts is missing",
                 SourceLoc{base + kebab + "-service.ts"});
  return parse_typescript_contract(context, *dto, base + "dto.ts", *port,
                                   base + kebab + "-service.ts");
}

}  // namespace strata::service
