#include "cli/image_audit.h"

#include "files/file_index.h"
#include "service/generated_header.h"
#include "util/fs.h"

namespace strata::cli {

std::vector<container::PolicyFinding> check_dockerfiles(const std::filesystem::path& root,
                                                        const std::vector<std::string>& files,
                                                        size_t& checked) {
  std::vector<container::PolicyFinding> out;
  for (const auto& f : files) {
    if (!container::is_dockerfile_name(std::filesystem::path(f).filename().string())) continue;
    auto text = read_file(root / f);
    if (!text) continue;
    ++checked;
    for (auto& finding : container::check_dockerfile(*text, f)) out.push_back(std::move(finding));
    // A rendered Dockerfile a team committed names its inputs in its header.
    if (service::parse_generated_header(*text) && !service::generated_file_is_current(root, *text))
      out.push_back({f, 1, 1, "generated-stale",
                     "generated from inputs that changed since (its header's hash differs)",
                     "render it again: strata image build, then copy "
                     ".strata/images/NAME/context/Dockerfile"});
  }
  return out;
}

Result<std::vector<container::PolicyFinding>> check_workspace_dockerfiles(
    const std::filesystem::path& root, size_t& checked) {
  auto index = FileIndex::scan(root);
  if (!index) return index.error();
  return check_dockerfiles(root, index->files(), checked);
}

void audit_dockerfiles(const std::filesystem::path& root, const std::vector<std::string>& tracked,
                       audit::Report& report) {
  audit::SourceStatus status{"dockerfile", true, "", 0};
  for (auto& f : check_dockerfiles(root, tracked, status.scanned))
    report.findings.push_back(audit::Finding{"dockerfile", f.rule, audit::Severity::k_high, f.file,
                                             static_cast<size_t>(f.line), f.message, ""});
  report.sources.push_back(status);
}

}  // namespace strata::cli
