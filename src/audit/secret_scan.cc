// Matchers are written by hand rather than with std::regex: each format
// has a fixed prefix to search for, then a run of characters from one
// class, and the whole scan is a few substring searches per line. Matches
// are reported by fingerprint and a redacted preview, never whole, so the
// report itself (CI logs, JSON artifacts) does not leak what it found.

#include "audit/secret_scan.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "util/fs.h"
#include "util/glob.h"
#include "util/hash.h"
#include "vcs/subprocess.h"

namespace strata::audit {

namespace {

constexpr size_t k_max_file_bytes = 2 * 1024 * 1024;
constexpr double k_min_entropy = 4.0;
constexpr size_t k_min_secret_length = 20;

bool upper_digit(char c) {
  return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
}
bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)); }
bool token_char(char c) { return alnum(c) || c == '_' || c == '-'; }
bool value_char(char c) {
  return alnum(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

struct Pattern {
  std::string_view prefix;
  const char* rule;
  Severity severity;
  bool (*body_char)(char);
  size_t min_body;
  const char* what;
};

constexpr std::array<Pattern, 11> k_patterns{{
    {"AKIA", "aws-access-key-id", Severity::k_high, upper_digit, 16, "AWS access key id"},
    {"ASIA", "aws-access-key-id", Severity::k_high, upper_digit, 16, "AWS temporary access key id"},
    {"ghp_", "github-token", Severity::k_high, alnum, 36, "GitHub personal access token"},
    {"gho_", "github-token", Severity::k_high, alnum, 36, "GitHub OAuth token"},
    {"ghu_", "github-token", Severity::k_high, alnum, 36, "GitHub user token"},
    {"ghs_", "github-token", Severity::k_high, alnum, 36, "GitHub server token"},
    {"github_pat_", "github-token", Severity::k_high, token_char, 60, "GitHub fine-grained token"},
    {"xoxb-", "slack-token", Severity::k_high, token_char, 10, "Slack bot token"},
    {"xoxp-", "slack-token", Severity::k_high, token_char, 10, "Slack user token"},
    {"xoxa-", "slack-token", Severity::k_high, token_char, 10, "Slack app token"},
    {"hooks.slack.com/services/T", "slack-webhook", Severity::k_medium,
     [](char c) { return alnum(c) || c == '/'; }, 20, "Slack webhook URL"},
}};

std::string fingerprint_of(std::string_view secret) {
  return hash_bytes(secret).hex().substr(0, 16);
}

std::string preview(std::string_view secret) {
  if (secret.size() <= 8) return "…";
  return std::string(secret.substr(0, 4)) + "…" + std::string(secret.substr(secret.size() - 2));
}

Finding finding(std::string_view path, size_t line, const char* rule, Severity sev,
                std::string message, std::string_view secret) {
  return {
      "secrets", rule, sev, std::string(path), line, std::move(message), fingerprint_of(secret)};
}

// Each pattern's search resumes after the body it just read: a prefix
// found inside that body belongs to the same run (its body would end at the
// same place), and rescanning from every such prefix made a hostile line of
// repeated prefixes quadratic (a 1 MB line took minutes).
void match_patterns(std::string_view path, size_t line_no, std::string_view line,
                    std::vector<Finding>& out) {
  for (const Pattern& p : k_patterns) {
    size_t next = 0;
    for (size_t at = line.find(p.prefix); at != std::string_view::npos;
         at = line.find(p.prefix, next)) {
      next = at + 1;
      if (at > 0 && alnum(line[at - 1])) continue;
      size_t end = at + p.prefix.size();
      while (end < line.size() && p.body_char(line[end])) ++end;
      next = std::max(next, end);
      size_t body = end - at - p.prefix.size();
      if (body < p.min_body) continue;
      if (p.rule == std::string_view("aws-access-key-id") &&
          (body != 16 || (end < line.size() && alnum(line[end]))))
        continue;
      std::string_view secret = line.substr(at, end - at);
      out.push_back(finding(path, line_no, p.rule, p.severity,
                            std::string(p.what) + " " + preview(secret), secret));
    }
  }
}

bool names_a_secret(std::string_view line) {
  std::string lower(line);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const char* word :
       {"secret", "token", "passw", "api_key", "apikey", "access_key", "private_key"})
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

// `name = "value"` / `name: value` / `"name": "value"` with a random-looking value.
void match_assignment(std::string_view path, size_t line_no, std::string_view line,
                      std::vector<Finding>& out) {
  if (!names_a_secret(line)) return;
  size_t op = line.find_first_of("=:");
  if (op == std::string_view::npos) return;
  size_t start = op + 1;
  while (start < line.size() && (line[start] == ' ' || line[start] == '"' || line[start] == '\''))
    ++start;
  size_t end = start;
  while (end < line.size() && value_char(line[end])) ++end;
  std::string_view value = line.substr(start, end - start);
  if (value.size() < k_min_secret_length || entropy(value) < k_min_entropy) return;
  for (const auto& f : out)
    if (f.line == line_no) return;  // a known format already named it
  out.push_back(finding(path, line_no, "high-entropy-secret", Severity::k_medium,
                        "random-looking value assigned to a secret's name " + preview(value),
                        value));
}

}  // namespace

double entropy(std::string_view s) {
  if (s.empty()) return 0;
  std::array<size_t, 256> counts{};
  for (unsigned char c : s) ++counts[c];
  double bits = 0;
  for (size_t n : counts) {
    if (!n) continue;
    double p = static_cast<double>(n) / static_cast<double>(s.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

std::vector<Finding> scan_text(std::string_view path, std::string_view text) {
  std::vector<Finding> out;
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    if (line.find("-----BEGIN ") != std::string_view::npos &&
        line.find("PRIVATE KEY") != std::string_view::npos)
      out.push_back(
          finding(path, line_no, "private-key", Severity::k_critical, "private key block", line));
    match_patterns(path, line_no, line, out);
    match_assignment(path, line_no, line, out);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

void AllowList::add(std::string entry) {
  size_t hash = entry.find('#');
  if (hash != std::string::npos) entry.erase(hash);
  while (!entry.empty() && std::isspace(static_cast<unsigned char>(entry.back()))) entry.pop_back();
  size_t first = entry.find_first_not_of(" \t");
  if (first == std::string::npos) return;
  m_entries.push_back(entry.substr(first));
}

void AllowList::add_file_text(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    add(std::string(
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos)));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

bool AllowList::allows(const Finding& f) const {
  std::string at_line = f.file + ":" + std::to_string(f.line);
  for (const auto& e : m_entries)
    if (e == f.fingerprint || e == at_line || e == f.file || glob_match(e, f.file)) return true;
  return false;
}

Result<std::vector<std::string>> tracked_files(const std::filesystem::path& root) {
  auto listed = run_capture({"git", "ls-files", "-z"}, {}, root.string());
  if (!listed) return listed.error();
  if (listed->exit_code != 0)
    return Error("git ls-files failed in " + root.string() + ": " +
                     listed->err.substr(0, listed->err.find('\n')),
                 {}, "run strata audit inside a git repository");
  std::vector<std::string> names;
  std::string_view all = listed->out;
  for (size_t pos = 0; pos < all.size();) {
    size_t end = all.find('\0', pos);
    if (end == std::string_view::npos) end = all.size();
    if (end > pos) names.emplace_back(all.substr(pos, end - pos));
    pos = end + 1;
  }
  return names;
}

std::vector<Finding> scan_files(const std::filesystem::path& root,
                                const std::vector<std::string>& files, size_t& scanned) {
  std::vector<Finding> out;
  for (const auto& name : files) {
    std::error_code ec;
    if (std::filesystem::is_symlink(root / name, ec)) continue;
    auto size = std::filesystem::file_size(root / name, ec);
    if (ec || size > k_max_file_bytes) continue;
    auto text = read_file(root / name);
    if (!text || text->find('\0') != std::string::npos) continue;  // unreadable or binary
    ++scanned;
    auto found = scan_text(name, *text);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace strata::audit
