// Three or four git processes per question, each with a fixed argv:
// merge-base, diff against it (--relative keeps paths relative to a
// workspace root below the git top level, and drops changes outside it),
// and ls-files for untracked files (beside the other two). Failures are diagnosed only after the
// fact, so the common path spawns nothing extra.

#include "vcs/git.h"

#include <algorithm>
#include <future>

#include "vcs/subprocess.h"

namespace strata {

namespace {

// Stable, untranslated messages; never take the index lock that a
// concurrent git command may hold (diff would otherwise refresh it).
const std::vector<std::string> k_env = {"LC_ALL=C", "GIT_OPTIONAL_LOCKS=0",
                                        "GIT_TERMINAL_PROMPT=0"};

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Result<ProcessOutput> run_git(const std::filesystem::path& root, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", root.string()});
  auto r = run_capture(args, k_env);
  if (!r)
    return Error("cannot run git: " + r.error().message, {},
                 "install git and make sure it is on PATH, or pass the changed files with --files");
  if (r->exit_code != 0 && r->err.find("not a git repository") != std::string::npos)
    return Error("not a git repository: " + root.string(), {},
                 "run strata inside a git checkout, or pass the changed files with --files");
  return r;
}

// stdout of a git command that must succeed.
Result<std::string> git_out(const std::filesystem::path& root, std::vector<std::string> args) {
  std::string what = "git " + args.front();
  auto r = run_git(root, std::move(args));
  if (!r) return r.error();
  if (r->exit_code != 0) return Error(what + " failed: " + trim(r->err));
  return std::move(r->out);
}

bool revision_exists(const std::filesystem::path& root, const std::string& rev) {
  auto r = run_git(root, {"rev-parse", "--verify", "--quiet", rev + "^{commit}"});
  return r && r->exit_code == 0;
}

Error merge_base_error(const std::filesystem::path& root, const std::string& base,
                       const std::string& head, const ProcessOutput& failed) {
  if (!revision_exists(root, base))
    return Error("unknown base revision '" + base + "'", {},
                 "fetch it (git fetch origin " + base +
                     ") or pass --base with an existing branch or commit");
  if (head.empty() && !revision_exists(root, "HEAD"))
    return Error("the repository has no commits yet", {},
                 "commit once, or pass the changed files with --files");
  if (!head.empty() && !revision_exists(root, head))
    return Error("unknown head revision '" + head + "'", {},
                 "fetch it or pass --head with an existing branch or commit");
  std::string detail = trim(failed.err);
  return Error("no common ancestor of '" + base + "' and '" + (head.empty() ? "HEAD" : head) + "'" +
                   (detail.empty() ? "" : ": " + detail),
               {}, "pass --base with a revision that shares history with the current branch");
}

void split_nul(const std::string& s, std::vector<std::string>& out) {
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find('\0', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
}

}  // namespace

Result<ChangedFiles> changed_files(const std::filesystem::path& root, const std::string& base,
                                   const std::string& head) {
  // "--end-of-options" would be cleaner, but revisions can never start
  // with '-' here: reject them so no revision is read as an option.
  for (const auto* rev : {&base, &head})
    if (!rev->empty() && rev->front() == '-')
      return Error("invalid revision '" + *rev + "'", {}, "revisions cannot start with '-'");
  // Untracked files do not depend on the revisions: list them (a walk of
  // the working tree, the slowest of the three) while the others run.
  std::future<Result<std::string>> untracked;
  if (head.empty())
    untracked = std::async(std::launch::async, [root] {
      return git_out(root, {"ls-files", "--others", "--exclude-standard", "-z"});
    });
  auto mb = run_git(root, {"merge-base", base, head.empty() ? "HEAD" : head});
  if (!mb) return mb.error();
  if (mb->exit_code != 0) return merge_base_error(root, base, head, *mb);
  std::string merge_base = trim(mb->out);

  std::vector<std::string> diff_args = {"diff",       "--name-only",   "-z",      "--no-renames",
                                        "--relative", "--no-ext-diff", merge_base};
  if (!head.empty()) diff_args.push_back(head);
  auto diff = git_out(root, diff_args);
  if (!diff) return diff.error();
  ChangedFiles out;
  split_nul(*diff, out.files);
  if (head.empty()) {
    auto listed = untracked.get();
    if (!listed) return listed.error();
    split_nul(*listed, out.files);
  }
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

Result<std::string> default_branch(const std::filesystem::path& root) {
  auto origin = run_git(root, {"symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"});
  if (!origin) return origin.error();
  std::string name = trim(origin->out);
  if (origin->exit_code == 0 && name.starts_with("origin/")) return name.substr(7);
  std::vector<std::string> candidates;
  if (auto cfg = run_git(root, {"config", "--get", "init.defaultBranch"});
      cfg && cfg->exit_code == 0)
    candidates.push_back(trim(cfg->out));
  candidates.insert(candidates.end(), {"main", "master"});
  for (const auto& c : candidates)
    if (!c.empty() && revision_exists(root, "refs/heads/" + c)) return c;
  return Error("cannot tell the repository's default branch", {},
               "set \"defaultBase\" in nx.json or strata.json, or pass --base");
}

}  // namespace strata
