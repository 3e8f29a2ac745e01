// libyaml's event parser drives a stack of open containers; each scalar
// becomes a JSON value typed by the core schema when it is plain.

#include "cluster/yaml_reader.h"

#include <yaml.h>

#include <charconv>
#include <memory>
#include <regex>
#include <vector>

namespace strata::cluster {

namespace {

using nlohmann::json;

json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  static const std::regex integer(R"([-+]?[0-9]+)");
  static const std::regex real(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  if (std::regex_match(s, integer)) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data() + (s[0] == '+'), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) return v;
    return s;  // too large: kept as written
  }
  if (std::regex_match(s, real)) return std::stod(s);
  return s;
}

// An open mapping (waiting for a key or a value) or sequence.
struct Frame {
  json value;
  std::string key;
  bool have_key = false;
};

class Builder {
 public:
  // Adds a finished value to the innermost container; true when it was the
  // document's root.
  bool add(json v) {
    if (m_stack.empty()) {
      m_root = std::move(v);
      return true;
    }
    Frame& f = m_stack.back();
    if (f.value.is_array()) {
      f.value.push_back(std::move(v));
    } else if (!f.have_key) {
      f.key = v.is_string() ? v.get<std::string>() : v.dump();
      f.have_key = true;
    } else {
      f.value[f.key] = std::move(v);
      f.have_key = false;
    }
    return false;
  }
  void open(json container) { m_stack.push_back({std::move(container), {}, false}); }
  bool close() {
    json v = std::move(m_stack.back().value);
    m_stack.pop_back();
    return add(std::move(v));
  }
  json& root() { return m_root; }

 private:
  std::vector<Frame> m_stack;
  json m_root;
};

Error yaml_error(const yaml_parser_t& p, const std::string& file) {
  const yaml_mark_t& m = p.problem_mark;
  std::string what = p.problem ? p.problem : "malformed YAML";
  return Error("invalid YAML: " + what,
               SourceLoc{file, static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1});
}

}  // namespace

Result<json> parse_yaml(std::string_view text, const std::string& file) {
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return Error("cannot start the YAML parser").of(ErrorKind::k_internal);
  std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser, yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  Builder b;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) return yaml_error(parser, file);
    std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> eg(&ev, yaml_event_delete);
    bool done = false;
    switch (ev.type) {
      case YAML_SCALAR_EVENT: {
        std::string s(reinterpret_cast<const char*>(ev.data.scalar.value), ev.data.scalar.length);
        done = b.add(ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ? plain_scalar(s) : json(s));
        break;
      }
      case YAML_MAPPING_START_EVENT:
        b.open(json::object());
        break;
      case YAML_SEQUENCE_START_EVENT:
        b.open(json::array());
        break;
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT:
        done = b.close();
        break;
      case YAML_ALIAS_EVENT:
        return Error("YAML aliases are not supported",
                     SourceLoc{file, static_cast<int>(ev.start_mark.line) + 1,
                               static_cast<int>(ev.start_mark.column) + 1});
      case YAML_STREAM_END_EVENT:
        return std::move(b.root());  // an empty stream: null
      default:
        break;
    }
    if (done) return std::move(b.root());
  }
}

}  // namespace strata::cluster
