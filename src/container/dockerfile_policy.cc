// The Dockerfile is read as the builders read it: comments and blank lines
// dropped, continuation lines joined (the instruction keeps its first
// line's number), instruction words case-insensitive, and build arguments
// declared before the first FROM substituted into it. Only the final stage
// needs USER and HEALTHCHECK: earlier stages never run in production.

#include "container/dockerfile_policy.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <tuple>

namespace strata::container {

namespace {

struct Instruction {
  int line = 0;
  std::string word;  // upper-cased
  std::string args;  // after the word, continuation lines joined
  int args_col = 0;  // column where args start
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string strip(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view l = text.substr(start, nl - start);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    lines.push_back(l);
    start = nl + 1;
  }
  return lines;
}

std::vector<Instruction> parse(std::string_view text) {
  std::vector<Instruction> out;
  std::optional<Instruction> open;
  auto lines = split_lines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string t = strip(lines[i]);
    if (t.empty() || t[0] == '#') continue;  // comments inside continuations too
    bool continues = t.back() == '\\';
    if (continues) t = strip(t.substr(0, t.size() - 1));
    if (!open) {
      size_t indent = lines[i].find_first_not_of(" \t");
      size_t end = t.find_first_of(" \t");
      Instruction ins;
      ins.line = static_cast<int>(i + 1);
      ins.word = upper(t.substr(0, end));
      ins.args = end == std::string::npos ? "" : strip(t.substr(end));
      size_t after = end == std::string::npos ? t.size() : t.find_first_not_of(" \t", end);
      ins.args_col = static_cast<int>(indent + (after == std::string::npos ? t.size() : after)) + 1;
      open = ins;
    } else {
      open->args += (open->args.empty() ? "" : " ") + t;
    }
    if (!continues) {
      out.push_back(*open);
      open.reset();
    }
  }
  if (open) out.push_back(*open);
  return out;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t b = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

std::string substitute(std::string s, const std::map<std::string, std::string>& args) {
  static const std::regex ref(R"(\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*))");
  std::smatch m;
  std::string out;
  while (std::regex_search(s, m, ref)) {
    std::string name = m[1].matched ? m[1].str() : m[2].str();
    auto it = args.find(name);
    out += m.prefix().str() + (it == args.end() ? m.str() : it->second);
    s = m.suffix().str();
  }
  return out + s;
}

// Whether an image reference names a fixed image: a digest, or a tag
// other than latest. The tag is after the last ':' of the last path part
// (a registry's port is before a '/').
bool pinned(const std::string& image) {
  if (image.find('@') != std::string::npos) return true;
  std::string last = image.substr(image.rfind('/') == std::string::npos ? 0 : image.rfind('/') + 1);
  size_t colon = last.find(':');
  if (colon == std::string::npos) return false;
  std::string tag = last.substr(colon + 1);
  return !tag.empty() && tag != "latest" && tag.find('$') == std::string::npos;
}

bool secret_like(const std::string& name) {
  static const std::regex secret(
      R"(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH_?KEY|SIGNING_?KEY|JWT_?KEY)",
      std::regex::icase);
  return std::regex_search(name, secret);
}

// Names an ENV or ARG defines: "A=1 B=2", "A 1" (legacy ENV), "A" (ARG).
std::vector<std::pair<std::string, size_t>> defined_names(const Instruction& ins) {
  std::vector<std::pair<std::string, size_t>> out;
  auto ws = words(ins.args);
  if (ins.word == "ENV" && !ws.empty() && ws[0].find('=') == std::string::npos) {
    out.emplace_back(ws[0], 0);
    return out;
  }
  size_t pos = 0;
  for (const auto& w : ws) {
    size_t at = ins.args.find(w, pos);
    pos = at + w.size();
    size_t eq = w.find('=');
    std::string name = w.substr(0, eq);
    if (!name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
      out.emplace_back(name, at);
  }
  return out;
}

struct Stage {
  const Instruction* from = nullptr;
  const Instruction* user = nullptr;         // the last USER
  const Instruction* healthcheck = nullptr;  // the last HEALTHCHECK
};

class Checker {
 public:
  explicit Checker(std::string file) : m_file(std::move(file)) {}

  void add(const Instruction& ins, int col_offset, std::string rule, std::string message,
           std::string hint) {
    m_findings.push_back({m_file, ins.line, ins.args_col + col_offset, std::move(rule),
                          std::move(message), std::move(hint)});
  }

  void check_from(const Instruction& ins, const std::map<std::string, std::string>& args) {
    auto ws = words(ins.args);
    std::vector<std::string> rest;
    for (const auto& w : ws)
      if (w.rfind("--", 0) != 0) rest.push_back(w);
    if (rest.empty()) return add(ins, 0, "pinned-base", "FROM names no image", "");
    std::string image = substitute(rest[0], args);
    bool from_earlier_stage = m_stage_names.count(image) > 0;
    if (rest.size() >= 3 && upper(rest[1]) == "AS") m_stage_names.insert(rest[2]);
    if (image == "scratch" || from_earlier_stage) return;
    if (!pinned(image))
      add(ins, static_cast<int>(ins.args.find(rest[0])), "pinned-base",
          "base image '" + image + "' is not pinned",
          "name a tag other than latest, or better a digest: IMAGE:TAG@sha256:...");
  }

  void check_secrets(const Instruction& ins) {
    for (const auto& [name, at] : defined_names(ins))
      if (secret_like(name))
        add(ins, static_cast<int>(at), "secret-in-env",
            ins.word + " " + name + " looks like a secret: its value stays in the image",
            "pass secrets at run time (a mounted file or the orchestrator's secrets), "
            "or build secrets with RUN --mount=type=secret");
  }

  void check_final(const Stage& s) {
    if (!s.from) return;
    if (!s.user)
      add(*s.from, 0, "non-root-user", "the final stage has no USER: the image runs as root",
          "add USER 10001:10001 (a numeric uid and gid above 0)");
    else
      check_user(*s.user);
    if (!s.healthcheck || upper(strip(s.healthcheck->args)) == "NONE")
      add(s.healthcheck ? *s.healthcheck : *s.from, 0, "healthcheck",
          "the final stage has no HEALTHCHECK",
          "add HEALTHCHECK CMD [\"...\"] probing the service's health endpoint");
  }

  std::vector<PolicyFinding> take() {
    std::sort(m_findings.begin(), m_findings.end(),
              [](const PolicyFinding& a, const PolicyFinding& b) {
                return std::tie(a.line, a.col) < std::tie(b.line, b.col);
              });
    return std::move(m_findings);
  }

 private:
  void check_user(const Instruction& ins) {
    std::string spec = strip(ins.args);
    std::string uid = spec.substr(0, spec.find(':'));
    bool numeric = !uid.empty() && std::all_of(uid.begin(), uid.end(),
                                               [](unsigned char c) { return std::isdigit(c); });
    if (!numeric)
      add(ins, 0, "non-root-user",
          "USER " + spec + " is not numeric: runAsNonRoot can only verify a numeric uid",
          "use USER 10001:10001");
    else if (std::stoll(uid.substr(0, 12)) == 0)
      add(ins, 0, "non-root-user", "USER " + spec + " is root", "use USER 10001:10001");
  }

  std::string m_file;
  std::vector<PolicyFinding> m_findings;
  std::set<std::string> m_stage_names;  // "AS name" of the stages so far
};

}  // namespace

std::vector<PolicyFinding> check_dockerfile(std::string_view text, const std::string& file) {
  auto instructions = parse(text);
  Checker checker(file);
  std::map<std::string, std::string> global_args;
  bool before_first_from = true;
  Stage stage;
  for (const auto& ins : instructions) {
    if (ins.word == "FROM") {
      before_first_from = false;
      checker.check_from(ins, global_args);
      stage = Stage{&ins, nullptr, nullptr};
    } else if (ins.word == "USER") {
      stage.user = &ins;
    } else if (ins.word == "HEALTHCHECK") {
      stage.healthcheck = &ins;
    }
    if (ins.word == "ENV" || ins.word == "ARG") checker.check_secrets(ins);
    if (ins.word == "ARG" && before_first_from)
      for (const auto& w : words(ins.args))
        if (auto eq = w.find('='); eq != std::string::npos)
          global_args[w.substr(0, eq)] = w.substr(eq + 1);
  }
  checker.check_final(stage);
  return checker.take();
}

bool is_dockerfile_name(const std::string& name) {
  for (const char* base : {"Dockerfile", "Containerfile"}) {
    std::string b = base;
    if (name == b || name.rfind(b + ".", 0) == 0) return true;
    if (name.size() > b.size() + 1 &&
        name.compare(name.size() - b.size() - 1, b.size() + 1, "." + b) == 0)
      return true;
  }
  return false;
}

std::string to_string(const PolicyFinding& f) {
  return f.file + ":" + std::to_string(f.line) + ":" + std::to_string(f.col) + ": " + f.rule +
         ": " + f.message;
}

}  // namespace strata::container
