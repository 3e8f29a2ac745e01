// A reader for the declarations the api layer is made of, not a C++ parser:
// comments are blanked (lines still count), `struct NAME { ... }` bodies are
// split into members at top-level semicolons (a member function's body ends
// its member too), and the port is the first class with pure virtual
// methods. Member functions, aliases, enums and nested types are skipped.

#include "service/cpp_contract.h"

#include <algorithm>
#include <regex>

#include "service/contract_text.h"
#include "service/cpp_emitter.h"
#include "util/fs.h"

namespace strata::service {

namespace {

using K = TypeRef::Kind;

using contract_text::squeeze;
using contract_text::trim;

constexpr contract_text::Brackets k_angles{.angles = true};

std::vector<std::string> split_top(std::string_view s, char sep) {
  return contract_text::split_top(s, sep, k_angles, false);
}

size_t find_top(std::string_view s, char c) { return contract_text::find_top(s, c, k_angles); }

int line_at(const std::string& text, size_t pos) { return contract_text::line_at(text, pos); }

struct Member {
  std::string text;  // squeezed
  size_t pos = 0;    // offset of its first character in the file
};

std::vector<std::string> base_names(const std::string& clause);

struct Block {
  std::string name;
  std::vector<Member> members;
  size_t pos = 0;
  std::vector<std::string> bases;  // unqualified names of its base classes
};

// A class body's members: statements ended by a top-level `;`, or by the
// `}` that closes a member function's body.
std::vector<Member> members_of(const std::string& text, size_t open, size_t close) {
  std::vector<Member> out;
  int depth = 0;
  size_t start = open;
  auto flush = [&](size_t end) {
    std::string s = squeeze(std::string_view(text).substr(start, end - start));
    size_t skip = text.find_first_not_of(" \t\r\n", start);
    for (std::string_view access : {"public:", "private:", "protected:"})
      if (s.starts_with(access)) {
        s = trim(s.substr(access.size()));
        skip = text.find_first_not_of(" \t\r\n", text.find(':', skip) + 1);
      }
    if (!s.empty()) out.push_back({s, skip == std::string::npos ? start : skip});
    start = end + 1;
  };
  for (size_t i = open; i < close; ++i) {
    char c = text[i];
    if (c == '{' || c == '(' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ')' || c == ']') {
      --depth;
      if (c == '}' && depth == 0) {
        size_t next = text.find_first_not_of(" \t\r\n", i + 1);
        if (next == std::string::npos || next >= close || text[next] != ';') flush(i);
      }
    } else if (c == ';' && depth == 0) {
      flush(i);
    }
  }
  return out;
}

std::vector<Block> classes(const std::string& text) {
  static const std::regex k_head(
      R"(\b(?:struct|class)\s+([A-Za-z_]\w*)\s*(?:final\s*)?(:[^{;]*)?\{)");
  std::vector<Block> out;
  for (std::sregex_iterator it(text.begin(), text.end(), k_head), end; it != end; ++it) {
    size_t at = static_cast<size_t>(it->position(0));
    size_t word = text.find_last_not_of(" \t\r\n", at == 0 ? 0 : at - 1);
    if (at > 0 && word != std::string::npos && word >= 3 && text.compare(word - 3, 4, "enum") == 0)
      continue;  // an enum class
    size_t open = static_cast<size_t>(it->position(0) + it->length(0));
    int depth = 1;
    size_t i = open;
    for (; i < text.size() && depth > 0; ++i) {
      if (text[i] == '{') ++depth;
      if (text[i] == '}') --depth;
    }
    out.push_back({(*it)[1].str(), members_of(text, open, i - 1),
                   static_cast<size_t>(it->position(0)), base_names(trim((*it)[2].str()))});
  }
  return out;
}

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "std::vector<LineItemDto> items" -> {"std::vector<LineItemDto>", "items"}.
std::pair<std::string, std::string> type_and_name(const std::string& decl) {
  size_t e = decl.size();
  while (e > 0 && !is_ident_char(decl[e - 1])) --e;
  size_t b = e;
  while (b > 0 && is_ident_char(decl[b - 1])) --b;
  return {trim(std::string_view(decl).substr(0, b)), decl.substr(b, e - b)};
}

bool starts_with_word(const std::string& s, std::string_view word) {
  return s.starts_with(word) && (s.size() == word.size() || !is_ident_char(s[word.size()]));
}

// ": public api::Base, private Other" -> {"Base", "Other"}.
std::vector<std::string> base_names(const std::string& clause) {
  std::vector<std::string> out;
  if (clause.size() < 2) return out;
  for (auto base : split_top(std::string_view(clause).substr(1), ',')) {
    for (std::string_view word : {"public", "protected", "private", "virtual"})
      if (starts_with_word(base, word)) base = trim(base.substr(word.size()));
    base = trim(base.substr(0, base.find('<')));
    size_t colons = base.rfind("::");
    out.push_back(colons == std::string::npos ? base : base.substr(colons + 2));
  }
  return out;
}

// A data member "T name = d" / "T name{d}", or nothing for anything else.
std::optional<Field> cpp_field(const std::string& m, const std::vector<std::string>& dtos) {
  for (std::string_view skip : {"static", "using", "typedef", "friend", "enum", "struct", "class",
                                "template", "virtual", "explicit", "constexpr", "inline"})
    if (starts_with_word(m, skip)) return std::nullopt;
  size_t eq = find_top(m, '=');
  size_t brace = m.find('{');
  size_t paren = m.find('(');
  size_t end = std::min(eq, brace);
  if ((paren != std::string::npos && paren < end) || m.find("operator") != std::string::npos)
    return std::nullopt;  // a function
  Field f;
  auto [type, name] = type_and_name(trim(std::string_view(m).substr(0, end)));
  if (name.empty() || type.empty()) return std::nullopt;
  f.name = name;
  f.type = parse_cpp_type(type, dtos);
  if (end != std::string::npos) {
    std::string d = trim(std::string_view(m).substr(end + (end == eq ? 1 : 0)));
    f.default_text = d;
  }
  return f;
}

std::string strip_word(std::string s, std::string_view word) {
  if (starts_with_word(s, word)) s = trim(s.substr(word.size()));
  return s;
}

std::optional<Method> cpp_method(const std::string& m, int line,
                                 const std::vector<std::string>& dtos) {
  if (!starts_with_word(m, "virtual") || !m.ends_with("= 0")) return std::nullopt;
  std::string s = trim(std::string_view(m).substr(7, m.size() - 10));
  while (true) {  // trailing qualifiers
    std::string before = s;
    for (std::string_view q : {"const", "override", "noexcept", "final"})
      if (s.ends_with(q) && s.size() > q.size() && !is_ident_char(s[s.size() - q.size() - 1]))
        s = trim(s.substr(0, s.size() - q.size()));
    if (s == before) break;
  }
  size_t close = s.rfind(')');
  int depth = 0;
  size_t open = std::string::npos;
  for (size_t i = close; i != std::string::npos && i > 0; --i) {
    if (s[i] == ')') ++depth;
    if (s[i] == '(' && --depth == 0) {
      open = i;
      break;
    }
  }
  if (close == std::string::npos || open == std::string::npos) return std::nullopt;
  auto [ret, name] = type_and_name(trim(std::string_view(s).substr(0, open)));
  Method out;
  out.name = name;
  out.line = line;
  int n = 0;
  for (auto p : split_top(std::string_view(s).substr(open + 1, close - open - 1), ',')) {
    if (size_t eq = find_top(p, '='); eq != std::string::npos) p = trim(p.substr(0, eq));
    auto [type, pname] = type_and_name(p);
    if (type.empty() || type == "const" || type.ends_with("::")) {
      type = p;  // no name
      pname = "arg" + std::to_string(n);
    }
    ++n;
    // The text keeps how the port passes it ("const OpenCommand&"), so a
    // generated override declares the same signature.
    TypeRef t = parse_cpp_type(type, dtos);
    bool by_ref = type.find('&') != std::string::npos;
    bool is_const = starts_with_word(type, "const") || type.find(" const") != std::string::npos;
    t.text = (is_const ? "const " : "") + t.text + (by_ref ? "&" : "");
    out.params.push_back({pname, std::move(t), ""});
  }
  std::string r = squeeze(ret);
  std::string unqualified = r.substr(r.rfind("::") == std::string::npos ? 0 : r.rfind("::") + 2);
  if (unqualified == "Status" || r.ends_with("Result<std::monostate>")) {
    out.returns = {K::k_none, "", {}, "Status"};
  } else if (size_t lt = r.find("Result<"); lt != std::string::npos && r.ends_with(">")) {
    out.returns = parse_cpp_type(r.substr(lt + 7, r.size() - lt - 8), dtos);
  } else {
    out.returns = {K::k_unknown, "", {}, r + " (the port answers Result<T> or Status)"};
  }
  return out;
}

bool is_int_type(const std::string& s) {
  static const char* k_ints[] = {"int",
                                 "long",
                                 "long long",
                                 "short",
                                 "unsigned",
                                 "unsigned int",
                                 "unsigned long",
                                 "long int",
                                 "long long int",
                                 "unsigned long long",
                                 "unsigned short",
                                 "std::size_t",
                                 "size_t",
                                 "std::int8_t",
                                 "std::int16_t",
                                 "std::int32_t",
                                 "std::int64_t",
                                 "std::uint8_t",
                                 "std::uint16_t",
                                 "std::uint32_t",
                                 "std::uint64_t",
                                 "int8_t",
                                 "int16_t",
                                 "int32_t",
                                 "int64_t",
                                 "uint8_t",
                                 "uint16_t",
                                 "uint32_t",
                                 "uint64_t"};
  return std::any_of(std::begin(k_ints), std::end(k_ints), [&](const char* t) { return s == t; });
}

// "::billing::api::LineItemDto" or "api::LineItemDto" -> "LineItemDto"
// when the last name is a DTO.
std::string unqualified_dto(const std::string& s, const std::vector<std::string>& dtos) {
  size_t colons = s.rfind("::");
  std::string last = colons == std::string::npos ? s : s.substr(colons + 2);
  if (std::find(dtos.begin(), dtos.end(), last) == dtos.end()) return "";
  if (colons != std::string::npos && s.starts_with("std::")) return "";
  return last;
}

}  // namespace

TypeRef parse_cpp_type(const std::string& written, const std::vector<std::string>& dtos) {
  std::string s = squeeze(written);
  s = strip_word(s, "const");
  while (s.ends_with("&") || s.ends_with(" const")) {
    if (s.ends_with("&")) s.pop_back();
    if (s.ends_with(" const")) s.resize(s.size() - 6);
    s = trim(s);
  }
  if (s.starts_with("::std::")) s = s.substr(2);
  // "std::vector< int >" and "std::vector<int>" read the same.
  std::string tight;
  for (size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == ' ' && i > 0 && i + 1 < s.size() &&
          (s[i - 1] == '<' || s[i + 1] == '>' || s[i + 1] == '<' || s[i - 1] == ',')))
      tight += s[i];
  s = tight;
  TypeRef t;
  t.text = s;
  if (s == "std::string") {
    t.kind = K::k_str;
  } else if (is_int_type(s)) {
    t.kind = K::k_int;
  } else if (s == "double" || s == "float") {
    t.kind = K::k_float;
  } else if (s == "bool") {
    t.kind = K::k_bool;
  } else if (size_t lt = s.find('<'); lt != std::string::npos && s.ends_with(">")) {
    std::string head = s.substr(0, lt);
    auto args = split_top(std::string_view(s).substr(lt + 1, s.size() - lt - 2), ',');
    if (args.size() != 1) return t;
    if (head == "std::vector")
      t.kind = K::k_list;
    else if (head == "std::optional")
      t.kind = K::k_optional;
    else
      return t;
    t.args.push_back(parse_cpp_type(args[0], dtos));
  } else if (auto dto = unqualified_dto(s, dtos); !dto.empty()) {
    t.kind = K::k_dto;
    t.name = dto;
    t.text = dto;
  }
  return t;
}

Result<Contract> parse_cpp_contract(const std::string& context, const std::string& dto_text,
                                    const std::string& dto_file, const std::string& port_text,
                                    const std::string& port_file) {
  Contract c;
  c.context = context;
  c.language = "cpp";
  c.dtos_file = dto_file;
  c.port_file = port_file;
  std::string dtos_src = contract_text::blank_comments(dto_text);
  std::string port_src = contract_text::blank_comments(port_text);
  static const std::regex k_codes(R"(enum\s+class\s+ErrorCode\b[^{]*\{([^}]*)\})");
  std::smatch codes;
  if (!std::regex_search(dtos_src, codes, k_codes) ||
      codes[1].str().find("k_invalid") == std::string::npos ||
      codes[1].str().find("k_unavailable") == std::string::npos)
    return Error(dto_file + " declares no `enum class ErrorCode` with k_invalid and k_unavailable",
                 SourceLoc{dto_file, 1, 1},
                 "the api layer's error channel (ErrorCode, ErrorDto, Result<T>) is what the "
                 "generated services carry; keep it as `strata generate context --lang cpp` "
                 "wrote it");
  auto blocks = classes(dtos_src);
  std::vector<std::string> names;
  for (const auto& b : blocks)
    if (b.name != "ErrorDto" && b.name != "Result") names.push_back(b.name);
  DtoBases bases;
  for (const auto& b : blocks) {
    if (b.name == "ErrorDto" || b.name == "Result") continue;
    Dto d{b.name, {}, line_at(dtos_src, b.pos)};
    for (const auto& m : b.members)
      if (auto f = cpp_field(m.text, names)) d.fields.push_back(std::move(*f));
    c.dtos.push_back(std::move(d));
    bases[b.name] = b.bases;
  }
  add_inherited_fields(c.dtos, bases);
  for (const auto& b : classes(port_src)) {
    std::vector<Method> methods;
    for (const auto& m : b.members)
      if (auto method = cpp_method(m.text, line_at(port_src, m.pos), names))
        methods.push_back(std::move(*method));
    if (methods.empty()) continue;
    c.port = b.name;
    c.methods = std::move(methods);
    break;
  }
  if (c.port.empty())
    return Error("no class with pure virtual methods (the inbound port) in " + port_file,
                 SourceLoc{port_file, 1, 1},
                 "the api layer declares `class NameService` with `virtual Result<T> m(...) = 0;`");
  return c;
}

Result<Contract> extract_cpp_contract(const std::filesystem::path& root,
                                      const std::string& context) {
  std::string base = "contexts/" + context + "/api/src/" + context + "/api/";
  auto dto = read_file(root / (base + "dto.h"));
  if (!dto)
    return Error("the " + context + " context has no api contract: " + base + "dto.h is missing",
                 SourceLoc{base + "dto.h"},
                 "generate the api layer: strata generate context " + context + " --lang cpp");
  std::string port_file = base + context + "_service.h";
  auto port = read_file(root / port_file);
  if (!port)
    return Error("the " + context + " context has no inbound port: " + port_file + " is missing",
                 SourceLoc{port_file});
  auto contract = parse_cpp_contract(context, *dto, base + "dto.h", *port, port_file);
  if (!contract) return contract;
  // The outbox a split generates converts each event: it needs them all.
  auto events = extract_cpp_events(root, context);
  if (!events) return events.error();
  contract->events = std::move(*events);
  contract->events_file = cpp_events_file(context);
  return contract;
}

std::string cpp_events_file(const std::string& context) {
  return "contexts/" + context + "/domain/src/" + context + "/domain/events.h";
}

Result<std::vector<Dto>> parse_cpp_events(const std::string& context, const std::string& text,
                                          const std::string& file) {
  std::string src = contract_text::blank_comments(text);
  std::string alias = cpp_pascal(context) + "Event";
  static const std::regex k_variant(R"(using\s+(\w+)\s*=\s*std::variant\s*<([^>;]*)>\s*;)");
  std::vector<std::string> listed;
  for (std::sregex_iterator it(src.begin(), src.end(), k_variant), end; it != end; ++it)
    if ((*it)[1].str() == alias)
      for (const std::string& part : split_top((*it)[2].str(), ',')) listed.push_back(trim(part));
  if (listed.empty())
    return Error(file + " declares no `using " + alias + " = std::variant<...>;`",
                 SourceLoc{file, 1, 1},
                 "list the context's event structs in " + alias +
                     ", as `strata generate context --lang cpp` wrote it");
  auto blocks = classes(src);
  std::vector<Dto> out;
  for (const std::string& name : listed) {
    auto b = std::find_if(blocks.begin(), blocks.end(),
                          [&](const Block& block) { return block.name == name; });
    if (b == blocks.end())
      return Error(alias + " lists " + name + ", which " + file + " does not declare",
                   SourceLoc{file, 1, 1}, "declare each event as a plain struct in " + file);
    Dto d{name, {}, line_at(src, b->pos)};
    for (const auto& m : b->members)
      if (auto f = cpp_field(m.text, {})) d.fields.push_back(std::move(*f));
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<Dto>> extract_cpp_events(const std::filesystem::path& root,
                                            const std::string& context) {
  std::string file = cpp_events_file(context);
  auto text = read_file(root / file);
  if (!text)
    return Error("the " + context + " context has no domain events: " + file + " is missing",
                 SourceLoc{file},
                 "generate the domain layer: strata generate context " + context + " --lang cpp");
  return parse_cpp_events(context, *text, file);
}

}  // namespace strata::service
