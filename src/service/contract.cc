// The Python reader works on logical lines (physical lines joined while a
// bracket is open), the unit Python's own grammar uses, so signatures and
// fields split over several lines read the same as one-liners. It reads only
// what the contract needs: @dataclass classes with annotated fields, the
// Protocol class's methods, and the not-found error class; anything else in
// the modules (helpers, to_dict methods, docstrings) is skipped.

#include "service/contract.h"

#include <algorithm>
#include <functional>

#include "service/contract_text.h"
#include "util/fs.h"
#include "util/hash.h"

namespace strata::service {

namespace fs = std::filesystem;

namespace {

using contract_text::find_top;
using contract_text::LogicalLine;
using contract_text::split_top;
using contract_text::trim;

// Docstrings as blank lines (so lines still count): a docstring's text is no
// code, and its quotes would read as strings opening and closing anywhere.
std::string without_docstrings(const std::string& text) {
  std::string out;
  bool in_docstring = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = std::min(text.find('\n', pos), text.size());
    std::string t = trim(std::string_view(text).substr(pos, nl - pos));
    bool blank = in_docstring;
    if (in_docstring) {
      if (t.find("\"\"\"") != std::string::npos) in_docstring = false;
    } else if (t.starts_with("\"\"\"")) {
      blank = true;  // and its following lines when it stays open
      if (t.size() < 6 || t.find("\"\"\"", 3) == std::string::npos) in_docstring = true;
    }
    if (!blank) out.append(text, pos, nl - pos);
    if (nl < text.size()) out += '\n';
    pos = nl + 1;
  }
  return out;
}

std::vector<LogicalLine> logical_lines(const std::string& text) {
  contract_text::JoinRules rules;
  rules.line_comment = '#';
  rules.backslash = true;
  auto out = contract_text::join_lines(without_docstrings(text), rules);
  // "( a, b, )" -> "(a, b)" so that splitting needs no special cases.
  for (auto& l : out) {
    std::string s;
    for (size_t i = 0; i < l.text.size(); ++i) {
      char c = l.text[i];
      if (c == ' ' && !s.empty() && (s.back() == '(' || s.back() == '[')) continue;
      if ((c == ')' || c == ']') && !s.empty()) {
        while (!s.empty() && s.back() == ' ') s.pop_back();
        if (!s.empty() && s.back() == ',') s.pop_back();
      }
      s += c;
    }
    l.text = s;
  }
  return out;
}

// "name: type = default" (or without type / default).
Field parse_field(std::string_view text, const std::vector<std::string>& dtos) {
  Field f;
  size_t colon = find_top(text, ':');
  size_t eq = find_top(text, '=', {}, colon == std::string_view::npos ? 0 : colon);
  std::string_view head = text.substr(0, std::min(colon, eq));
  f.name = trim(head);
  if (colon != std::string_view::npos) {
    size_t end = eq == std::string_view::npos ? text.size() : eq;
    f.type = parse_python_type(trim(text.substr(colon + 1, end - colon - 1)), dtos);
  }
  if (eq != std::string_view::npos) f.default_text = trim(text.substr(eq + 1));
  return f;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

// "class Name(Base, Other):" -> name and bases.
bool parse_class_line(const std::string& t, std::string& name, std::string& bases) {
  if (!t.starts_with("class ") || !t.ends_with(":")) return false;
  std::string rest = trim(std::string_view(t).substr(6, t.size() - 7));
  size_t paren = rest.find('(');
  name = trim(rest.substr(0, paren));
  bases = paren == std::string::npos ? "" : rest.substr(paren + 1, rest.rfind(')') - paren - 1);
  return is_identifier(name);
}

// The body of the block opened at lines[i]: the following lines indented deeper.
size_t block_end(const std::vector<LogicalLine>& lines, size_t i) {
  size_t j = i + 1;
  while (j < lines.size() && lines[j].indent > lines[i].indent) ++j;
  return j;
}

std::vector<std::string> dataclass_names(const std::vector<LogicalLine>& lines) {
  std::vector<std::string> out;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string name, bases;
    if (lines[i - 1].text.starts_with("@dataclass") && parse_class_line(lines[i].text, name, bases))
      out.push_back(name);
  }
  return out;
}

void read_dtos(const std::vector<LogicalLine>& lines, const std::vector<std::string>& names,
               Contract& c) {
  DtoBases bases;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string name, bases_text;
    if (!lines[i - 1].text.starts_with("@dataclass") ||
        !parse_class_line(lines[i].text, name, bases_text))
      continue;
    Dto dto{name, {}, lines[i].line};
    for (const auto& b : split_top(bases_text, ',')) bases[name].push_back(b);
    size_t end = block_end(lines, i);
    int body_indent = i + 1 < end ? lines[i + 1].indent : 0;
    for (size_t j = i + 1; j < end; ++j) {
      const auto& l = lines[j];
      if (l.indent != body_indent || l.text.starts_with("def ") || l.text.starts_with("@") ||
          find_top(l.text, ':') == std::string::npos ||
          l.text.find("ClassVar") != std::string::npos)
        continue;
      dto.fields.push_back(parse_field(l.text, names));
    }
    c.dtos.push_back(std::move(dto));
  }
  add_inherited_fields(c.dtos, bases);
}

// "def name(self, a: T, b: U = 1) -> R:" -> a method, or nullopt.
std::optional<Method> parse_def(const LogicalLine& l, const std::vector<std::string>& dtos) {
  const std::string& t = l.text;
  if (!t.starts_with("def ")) return std::nullopt;
  size_t open = t.find('(');
  size_t close =
      open == std::string::npos ? open : find_top(std::string_view(t).substr(open + 1), ')');
  if (open == std::string::npos || close == std::string::npos) return std::nullopt;
  close += open + 1;
  Method m;
  m.name = trim(std::string_view(t).substr(4, open - 4));
  m.line = l.line;
  for (const auto& p : split_top(std::string_view(t).substr(open + 1, close - open - 1), ',')) {
    if (p.empty() || p == "self" || p == "*" || p == "/" || p.starts_with("self:")) continue;
    m.params.push_back(parse_field(p, dtos));
  }
  size_t arrow = t.find("->", close);
  std::string ret =
      arrow == std::string::npos ? "None" : trim(std::string_view(t).substr(arrow + 2));
  size_t colon = find_top(ret, ':');
  if (colon != std::string::npos) ret = trim(ret.substr(0, colon));
  m.returns = parse_python_type(ret, dtos);
  return m;
}

std::string strip_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return out;
}

// The kind tree and the text as written: emitters print the text (a
// TypeScript union's literals, the C++ spelling of an integer).
void describe(const TypeRef& t, std::string& out) {
  out += std::to_string(static_cast<int>(t.kind)) + ":" + t.name + ":" + t.text + "[";
  for (const auto& a : t.args) describe(a, out);
  out += "]";
}

void find_unserialisable(const TypeRef& t, const std::string& where, const std::string& file,
                         int line, std::vector<Unserialisable>& out) {
  if (t.kind == TypeRef::Kind::k_unknown) {
    out.push_back({where, t.text, file, line});
    return;
  }
  for (const auto& a : t.args) find_unserialisable(a, where, file, line, out);
}

}  // namespace

void add_inherited_fields(std::vector<Dto>& dtos, const DtoBases& bases) {
  std::map<std::string, std::vector<Field>> resolved;
  // `depth` ends a cycle of bases (which the languages refuse anyway).
  std::function<std::vector<Field>(const std::string&, int)> fields_of =
      [&](const std::string& name, int depth) -> std::vector<Field> {
    if (auto it = resolved.find(name); it != resolved.end()) return it->second;
    auto dto = std::find_if(dtos.begin(), dtos.end(), [&](const Dto& d) { return d.name == name; });
    if (dto == dtos.end() || depth > 16) return {};
    std::vector<Field> out;
    auto put = [&](const Field& f) {
      auto same =
          std::find_if(out.begin(), out.end(), [&](const Field& g) { return g.name == f.name; });
      if (same == out.end())
        out.push_back(f);
      else
        *same = f;
    };
    if (auto b = bases.find(name); b != bases.end())
      for (const auto& base : b->second)
        for (const auto& f : fields_of(base, depth + 1)) put(f);
    for (const auto& f : dto->fields) put(f);
    return resolved[name] = out;
  };
  std::vector<std::vector<Field>> all;
  for (const auto& d : dtos) all.push_back(fields_of(d.name, 0));
  for (size_t i = 0; i < dtos.size(); ++i) dtos[i].fields = std::move(all[i]);
}

const Dto* Contract::find_dto(const std::string& name) const {
  for (const auto& d : dtos)
    if (d.name == name) return &d;
  return nullptr;
}

TypeRef parse_python_type(const std::string& written, const std::vector<std::string>& dtos) {
  using K = TypeRef::Kind;
  TypeRef t;
  std::string s = strip_spaces(written);
  if (s.size() > 1 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    s = s.substr(1, s.size() - 2);  // a string annotation
  t.text = s;
  auto parts = split_top(s, '|');
  if (parts.size() == 2 && (parts[0] == "None" || parts[1] == "None")) {
    t.kind = K::k_optional;
    t.args.push_back(parse_python_type(parts[0] == "None" ? parts[1] : parts[0], dtos));
    return t;
  }
  if (parts.size() > 1) return t;  // unions other than Optional: unknown
  size_t br = s.find('[');
  std::string head = s.substr(0, br);
  if (br == std::string::npos) {
    if (s == "str")
      t.kind = K::k_str;
    else if (s == "int")
      t.kind = K::k_int;
    else if (s == "float")
      t.kind = K::k_float;
    else if (s == "bool")
      t.kind = K::k_bool;
    else if (s == "None")
      t.kind = K::k_none;
    else if (std::find(dtos.begin(), dtos.end(), s) != dtos.end())
      t.kind = K::k_dto, t.name = s;
    return t;
  }
  if (!s.ends_with("]")) return t;
  auto args = split_top(std::string_view(s).substr(br + 1, s.size() - br - 2), ',');
  if ((head == "list" || head == "List") && args.size() == 1) {
    t.kind = K::k_list;
  } else if ((head == "tuple" || head == "Tuple") && args.size() == 2 && args[1] == "...") {
    t.kind = K::k_tuple;
    args.pop_back();
  } else if (head == "Optional" && args.size() == 1) {
    t.kind = K::k_optional;
  } else {
    return t;
  }
  t.args.push_back(parse_python_type(args[0], dtos));
  return t;
}

Result<Contract> parse_python_contract(const std::string& context, const std::string& dtos_text,
                                       const std::string& dtos_file, const std::string& port_text,
                                       const std::string& port_file) {
  Contract c;
  c.context = context;
  c.language = "python";
  c.dtos_file = dtos_file;
  c.port_file = port_file;
  auto dto_lines = logical_lines(dtos_text);
  auto names = dataclass_names(dto_lines);
  read_dtos(dto_lines, names, c);
  auto port_lines = logical_lines(port_text);
  int port_line = 1;
  for (size_t i = 0; i < port_lines.size(); ++i) {
    std::string name, bases;
    if (port_lines[i].indent != 0 || !parse_class_line(port_lines[i].text, name, bases)) continue;
    if (name.ends_with("NotFoundError")) c.not_found = name;
    if (bases.find("Protocol") == std::string::npos || !c.port.empty()) continue;
    c.port = name;
    port_line = port_lines[i].line;
    size_t end = block_end(port_lines, i);
    int body_indent = i + 1 < end ? port_lines[i + 1].indent : 0;
    for (size_t j = i + 1; j < end; ++j) {
      const LogicalLine& l = port_lines[j];
      if (l.indent != body_indent) continue;
      if (l.text.starts_with("async def ")) {
        auto m = parse_def({l.text.substr(6), l.indent, l.line}, names);
        if (m && !m->name.starts_with("_"))
          return Error(name + "." + m->name +
                           " is async; the generated services call the port "
                           "synchronously",
                       SourceLoc{port_file, l.line, l.indent + 1},
                       "declare it with `def`: the generated clients and servers call the port "
                       "synchronously");
      }
      if (auto m = parse_def(l, names); m && !m->name.starts_with("_"))
        c.methods.push_back(std::move(*m));
    }
  }
  if (c.port.empty())
    return Error("no Protocol class (the inbound port) in " + port_file, SourceLoc{port_file, 1, 1},
                 "the api layer's port.py declares `class NameService(Protocol)`");
  if (c.methods.empty())
    return Error("the port " + c.port + " declares no methods", SourceLoc{port_file, port_line, 1},
                 "a port's public methods (not starting with '_') are the service's calls");
  return c;
}

Result<Contract> extract_python_contract(const fs::path& root, const std::string& context) {
  std::string base = "contexts/" + context + "/api/src/" + context + "_api/";
  auto dtos = read_file(root / (base + "dtos.py"));
  if (!dtos)
    return Error(
        "the " + context + " context has no api contract: " + base + "dtos.py is missing",
        SourceLoc{base + "dtos.py"},
        "generate the api layer: strata generate context " + context + " --layers domain,api");
  auto port = read_file(root / (base + "port.py"));
  if (!port)
    return Error("the " + context + " context has no inbound port: " + base + "port.py is missing",
                 SourceLoc{base + "port.py"});
  return parse_python_contract(context, *dtos, base + "dtos.py", *port, base + "port.py");
}

std::vector<Unserialisable> unserialisable_types(const Contract& c) {
  std::vector<Unserialisable> out;
  for (const auto& d : c.dtos)
    for (const auto& f : d.fields)
      find_unserialisable(f.type, d.name + "." + f.name, c.dtos_file, d.line, out);
  for (const auto& m : c.methods) {
    for (const auto& p : m.params)
      find_unserialisable(p.type, c.port + "." + m.name + ": parameter " + p.name, c.port_file,
                          m.line, out);
    find_unserialisable(m.returns, c.port + "." + m.name + ": result", c.port_file, m.line, out);
  }
  return out;
}

std::string contract_fingerprint(const Contract& c) {
  Hasher h;
  h.add("contract", uint64_t{1}).add("context", c.context).add("language", c.language);
  h.add("port", c.port).add("not_found", c.not_found);
  for (const auto& d : c.dtos) {
    h.add("dto", d.name);
    for (const auto& f : d.fields) {
      std::string t;
      describe(f.type, t);
      h.add("field", f.name).add("type", t).add("default", f.default_text);
    }
  }
  for (const auto& m : c.methods) {
    h.add("method", m.name);
    for (const auto& p : m.params) {
      std::string t;
      describe(p.type, t);
      h.add("param", p.name).add("type", t);
    }
    std::string r;
    describe(m.returns, r);
    h.add("returns", r);
  }
  return h.finish().hex();
}

}  // namespace strata::service
