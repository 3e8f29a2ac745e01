#include "http/access.h"

#include <sys/stat.h>

#include "util/fs.h"

namespace strata::http {

namespace {

bool same(std::string_view want, std::string_view given) {
  unsigned char diff = given.size() == want.size() ? 0 : 1;
  for (size_t i = 0; i < want.size(); ++i)
    diff |= static_cast<unsigned char>(want[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (true) {
    pos = line.find_first_not_of(" \t\r", pos);
    if (pos == std::string_view::npos) return out;
    size_t end = line.find_first_of(" \t\r", pos);
    out.push_back(
        line.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) return out;
    pos = end;
  }
}

}  // namespace

std::string_view to_string(Role r) {
  switch (r) {
    case Role::k_reader:
      return "reader";
    case Role::k_writer:
      return "writer";
    case Role::k_admin:
      return "admin";
  }
  return "reader";
}

std::optional<Role> parse_role(std::string_view s) {
  if (s == "reader") return Role::k_reader;
  if (s == "writer") return Role::k_writer;
  if (s == "admin") return Role::k_admin;
  return std::nullopt;
}

Result<std::vector<TokenGrant>> parse_token_grants(std::string_view text, const std::string& file) {
  std::vector<TokenGrant> grants;
  size_t line_no = 0;
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto w = words(line);
    if (w.empty()) continue;
    SourceLoc where{file, static_cast<int>(line_no), 1};
    if (w.size() != 3)
      return Error("expected NAME ROLE TOKEN", where,
                   "one token a line, for example: ci writer <token>");
    auto role = parse_role(w[1]);
    if (!role)
      return Error("unknown role '" + std::string(w[1]) + "'", where,
                   "use reader, writer or admin");
    for (const auto& g : grants)
      if (g.name == w[0]) return Error("token name '" + g.name + "' appears twice", where);
    grants.push_back({std::string(w[0]), *role, std::string(w[2])});
  }
  if (grants.empty()) return Error("no tokens", {file, 0, 0}, "add lines NAME ROLE TOKEN");
  return grants;
}

Result<std::vector<TokenGrant>> load_token_grants(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077))
    return Error("tokens file is readable by other users", {path, 0, 0}, "chmod 600 " + path);
  auto text = read_file(path);
  if (!text) return text.error();
  return parse_token_grants(*text, path);
}

const TokenGrant* find_grant(const std::vector<TokenGrant>& grants, std::string_view given) {
  const TokenGrant* found = nullptr;
  for (const auto& g : grants)
    if (same(g.token, given) && !found) found = &g;
  return found;
}

}  // namespace strata::http
