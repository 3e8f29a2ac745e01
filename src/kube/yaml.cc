// The writer emits what a person would: mappings and sequences in block
// style, two spaces per level, scalars plain unless YAML would read them
// otherwise ("8080", "true", "250m", strings with ": " or a newline), in
// which case they are written as JSON strings, which YAML reads as the same
// double-quoted scalars. The reader walks libyaml's node tree; aliases in
// the document API point at shared nodes, so a node budget bounds what a
// "billion laughs" file can expand to.

#include "kube/yaml.h"

#include <yaml.h>

#include <cctype>
#include <memory>
#include <regex>

namespace strata::kube {

namespace {

using nlohmann::json;

// --- writing ---

bool reserved_word(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* const words[] = {"true", "false", "yes", "no",   "on",
                                      "off",  "y",     "n",   "null", "~"};
  for (const char* w : words)
    if (s == w) return true;
  return false;
}

// Plain only for words that cannot be anything but a string: a letter or
// '/' first (no number, sign or indicator), then letters, digits and
// "_./-", and no reserved word.
bool plain_safe(const std::string& s) {
  if (s.empty() || reserved_word(s)) return false;
  auto c0 = static_cast<unsigned char>(s[0]);
  if (!std::isalpha(c0) && s[0] != '/' && s[0] != '_') return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '_' && c != '.' && c != '/' && c != '-') return false;
  }
  return true;
}

std::string scalar(const json& v) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    return plain_safe(s) ? s : v.dump();
  }
  return v.dump();  // numbers, booleans, null
}

bool inline_value(const json& v) { return !v.is_structured() || v.empty(); }

std::string inline_text(const json& v) {
  if (v.is_object()) return "{}";
  if (v.is_array()) return "[]";
  return scalar(v);
}

void emit(const json& v, int indent, std::string& out);

void emit_mapping(const json& v, int indent, std::string& out, bool first_inline) {
  bool first = true;
  for (const auto& [key, value] : v.items()) {
    if (!(first && first_inline)) out.append(static_cast<size_t>(indent), ' ');
    first = false;
    out += scalar(json(key)) + ":";
    if (inline_value(value)) {
      out += " " + inline_text(value) + "\n";
    } else {
      out += "\n";
      emit(value, value.is_array() ? indent : indent + 2, out);
    }
  }
}

void emit_sequence(const json& v, int indent, std::string& out) {
  for (const auto& item : v) {
    out.append(static_cast<size_t>(indent), ' ');
    out += "- ";
    if (item.is_object() && !item.empty())
      emit_mapping(item, indent + 2, out, /*first_inline=*/true);
    else if (item.is_array() && !item.empty())
      out += item.dump() + "\n";  // flow style: JSON is YAML
    else
      out += inline_text(item) + "\n";
  }
}

void emit(const json& v, int indent, std::string& out) {
  if (v.is_object())
    emit_mapping(v, indent, out, false);
  else if (v.is_array())
    emit_sequence(v, indent, out);
  else
    out += std::string(static_cast<size_t>(indent), ' ') + scalar(v) + "\n";
}

// --- reading ---

constexpr int k_max_depth = 200;
constexpr size_t k_max_nodes = 1'000'000;

json resolve_plain(const std::string& s) {
  static const std::regex integer("[-+]?[0-9]+");
  static const std::regex floating(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  try {
    if (std::regex_match(s, integer)) return std::stoll(s);
    if (std::regex_match(s, floating)) return std::stod(s);
  } catch (const std::out_of_range&) {
    return s;  // too large for a number: keep what was written
  }
  return s;
}

class Converter {
 public:
  Converter(yaml_document_t* doc, const std::string& file, YamlDocument& out)
      : m_doc(doc), m_file(file), m_out(out) {}

  Result<json> convert(yaml_node_t* node, const std::string& pointer, int depth) {
    if (depth > k_max_depth) return error(node, "the document nests too deeply");
    if (++m_nodes > k_max_nodes) return error(node, "the document expands to too many nodes");
    m_out.positions.emplace(pointer, TextPos{static_cast<int>(node->start_mark.line) + 1,
                                             static_cast<int>(node->start_mark.column) + 1});
    switch (node->type) {
      case YAML_SCALAR_NODE:
        return scalar_value(node);
      case YAML_SEQUENCE_NODE:
        return sequence(node, pointer, depth);
      case YAML_MAPPING_NODE:
        return mapping(node, pointer, depth);
      default:
        return json(nullptr);
    }
  }

 private:
  Error error(yaml_node_t* node, std::string what) const {
    return Error(std::move(what), SourceLoc{m_file, static_cast<int>(node->start_mark.line) + 1,
                                            static_cast<int>(node->start_mark.column) + 1});
  }

  static json scalar_value(yaml_node_t* node) {
    std::string s(reinterpret_cast<const char*>(node->data.scalar.value), node->data.scalar.length);
    // The loader tags every untagged scalar !!str, so only the style tells
    // `3` from `"3"`; an explicit `!!str 3` reads as the number.
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return s;
    return resolve_plain(s);
  }

  Result<json> sequence(yaml_node_t* node, const std::string& pointer, int depth) {
    json out = json::array();
    for (yaml_node_item_t* it = node->data.sequence.items.start; it < node->data.sequence.items.top;
         ++it) {
      auto item = convert(yaml_document_get_node(m_doc, *it),
                          pointer + "/" + std::to_string(out.size()), depth + 1);
      if (!item) return item.error();
      out.push_back(std::move(*item));
    }
    return out;
  }

  Result<json> mapping(yaml_node_t* node, const std::string& pointer, int depth) {
    json out = json::object();
    for (yaml_node_pair_t* p = node->data.mapping.pairs.start; p < node->data.mapping.pairs.top;
         ++p) {
      yaml_node_t* key = yaml_document_get_node(m_doc, p->key);
      if (key->type != YAML_SCALAR_NODE) return error(key, "a mapping key must be a scalar");
      std::string name(reinterpret_cast<const char*>(key->data.scalar.value),
                       key->data.scalar.length);
      if (out.contains(name)) return error(key, "duplicate key '" + name + "'");
      auto value = convert(yaml_document_get_node(m_doc, p->value),
                           json_pointer_append(pointer, name), depth + 1);
      if (!value) return value.error();
      out[name] = std::move(*value);
    }
    return out;
  }

  yaml_document_t* m_doc;
  const std::string& m_file;
  YamlDocument& m_out;
  size_t m_nodes = 0;
};

struct ParserDeleter {
  void operator()(yaml_parser_t* p) const {
    yaml_parser_delete(p);
    delete p;
  }
};

}  // namespace

std::string to_yaml(const json& value) {
  std::string out;
  if (inline_value(value))
    out = inline_text(value) + "\n";
  else
    emit(value, 0, out);
  return out;
}

Result<std::vector<YamlDocument>> parse_yaml(std::string_view text, const std::string& file) {
  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
  if (!yaml_parser_initialize(parser.get())) return Error("cannot start the YAML parser");
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::vector<YamlDocument> out;
  for (;;) {
    yaml_document_t doc;
    if (!yaml_parser_load(parser.get(), &doc)) {
      const yaml_mark_t& m = parser->problem_mark;
      return Error(std::string(parser->problem ? parser->problem : "invalid YAML"),
                   SourceLoc{file, static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1});
    }
    std::unique_ptr<yaml_document_t, void (*)(yaml_document_t*)> guard(&doc, yaml_document_delete);
    yaml_node_t* root = yaml_document_get_root_node(&doc);
    if (!root) break;  // the end of the stream
    YamlDocument d;
    auto value = Converter(&doc, file, d).convert(root, "", 0);
    if (!value) return value.error();
    d.value = std::move(*value);
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace strata::kube
