#pragma once
// Committed secrets: known key formats (AWS access key ids, GitHub tokens,
// Slack tokens and webhooks, private key blocks) and high-entropy values
// assigned to names like key, secret, token or password. Only files git
// tracks are read; an allow-list drops accepted findings.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "audit/finding.h"
#include "util/result.h"

namespace strata::audit {

// The findings in one file's text (`path` only labels them).
std::vector<Finding> scan_text(std::string_view path, std::string_view text);

// Shannon entropy in bits per character.
double entropy(std::string_view s);

// Entries, one a line in .strata/audit-allow (or strata.json
// "audit": {"allow": [...]}): a finding's fingerprint, "PATH:LINE", or a
// path glob ("tests/fixtures/**"). '#' starts a comment.
class AllowList {
 public:
  void add(std::string entry);
  void add_file_text(std::string_view text);
  bool allows(const Finding& f) const;

 private:
  std::vector<std::string> m_entries;
};

// The files git tracks in the repository at `root`, relative to it.
Result<std::vector<std::string>> tracked_files(const std::filesystem::path& root);

// Scans `files` under `root`, skipping symlinks, binary files and files
// over 2 MB; `scanned` counts the files read.
std::vector<Finding> scan_files(const std::filesystem::path& root,
                                const std::vector<std::string>& files, size_t& scanned);

}  // namespace strata::audit
