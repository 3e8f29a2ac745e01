// Images are built in Docker's format (--format docker for podman and
// buildah): the OCI image format has no HEALTHCHECK, and podman drops it
// with a warning. The id comes back through --iidfile, which all three
// write, rather than from parsing progress output.

#include "container/cli_builder.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <nlohmann/json.hpp>

#include "util/fs.h"

namespace strata::container {

namespace {

using json = nlohmann::json;

std::string program(BuilderTool t) {
  switch (t) {
    case BuilderTool::k_podman:
      return "podman";
    case BuilderTool::k_buildah:
      return "buildah";
    case BuilderTool::k_docker:
      return "docker";
  }
  return "podman";
}

const json* field(const json& obj, const char* upper, const char* lower) {
  if (obj.contains(upper)) return &obj[upper];
  if (obj.contains(lower)) return &obj[lower];
  return nullptr;
}

std::string iso_time(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "localhost/strata/billing-service:abc" -> repository and tag.
void split_name(const std::string& name, ImageInfo& info) {
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    info.repository = name.substr(0, colon);
    info.tag = name.substr(colon + 1);
  } else {
    info.repository = name;
  }
  info.service = info.repository.substr(info.repository.rfind('/') + 1);
}

// Docker's "2024-05-01 10:00:00 +0000 UTC" as ISO 8601.
std::string docker_time(const std::string& s) {
  if (s.size() < 19) return s;
  return s.substr(0, 10) + "T" + s.substr(11, 8) + "Z";
}

std::string strip_sha(std::string id) {
  if (id.rfind("sha256:", 0) == 0) id = id.substr(7);
  return id;
}

}  // namespace

std::string CliBuilder::name() const { return program(m_tool); }

std::vector<std::string> CliBuilder::build_argv(const BuildRequest& r,
                                                const std::string& iidfile) const {
  std::vector<std::string> argv = {program(m_tool), "build"};
  if (m_tool != BuilderTool::k_docker) argv.insert(argv.end(), {"--format", "docker"});
  argv.insert(argv.end(), {"--file", r.dockerfile.string(), "--iidfile", iidfile});
  for (const auto& t : r.tags) argv.insert(argv.end(), {"--tag", t});
  for (const auto& [k, v] : r.labels) argv.insert(argv.end(), {"--label", k + "=" + v});
  argv.push_back(r.context.string());
  return argv;
}

Result<std::string> CliBuilder::build(const BuildRequest& request) {
  std::filesystem::path iidfile = request.context.parent_path() / "image-id";
  std::error_code ec;
  std::filesystem::remove(iidfile, ec);
  auto rc = m_runner.stream(build_argv(request, iidfile.string()));
  if (!rc) return rc.error();
  if (*rc != 0)
    return Error(name() + " build failed with exit code " + std::to_string(*rc),
                 SourceLoc{request.dockerfile.string()});
  auto id = read_file(iidfile);
  if (!id) return Error(name() + " build wrote no image id to " + iidfile.string());
  std::string text = *id;
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return strip_sha(text);
}

Result<std::vector<ImageInfo>> CliBuilder::list(const std::string& label) {
  std::vector<std::string> argv = {program(m_tool), "images", "--filter", "label=" + label};
  if (m_tool == BuilderTool::k_podman) argv.insert(argv.end(), {"--format", "json"});
  if (m_tool == BuilderTool::k_buildah) argv.push_back("--json");
  if (m_tool == BuilderTool::k_docker) argv.insert(argv.end(), {"--format", "{{json .}}"});
  auto out = m_runner.capture(argv);
  if (!out) return out.error();
  if (out->exit_code != 0) {
    std::string err = out->err.substr(0, out->err.find('\n'));
    return Error(name() + " images failed: " + err).of(ErrorKind::k_unavailable);
  }
  return m_tool == BuilderTool::k_docker ? parse_docker_images(out->out)
                                         : parse_podman_images(out->out);
}

Result<bool> CliBuilder::exists(const std::string& reference) {
  std::vector<std::string> argv = {program(m_tool), "image",   "inspect",
                                   "--format",      "{{.Id}}", reference};
  if (m_tool == BuilderTool::k_buildah)
    argv = {"buildah", "inspect", "--type", "image", "--format", "{{.FromImageID}}", reference};
  auto out = m_runner.capture(argv);
  if (!out) return out.error();
  return out->exit_code == 0;
}

Result<std::vector<ImageInfo>> parse_podman_images(const std::string& json_text) {
  json doc = json::parse(json_text.empty() ? "[]" : json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_array()) return Error("cannot read the builder's image list");
  std::vector<ImageInfo> out;
  for (const auto& img : doc) {
    ImageInfo base;
    if (const json* id = field(img, "Id", "id"); id && id->is_string())
      base.id = strip_sha(id->get<std::string>());
    if (const json* d = field(img, "Digest", "digest"); d && d->is_string())
      base.digest = d->get<std::string>();
    if (const json* s = field(img, "Size", "size"))
      base.size = s->is_number() ? s->get<int64_t>()
                                 : (s->is_string() ? parse_human_size(s->get<std::string>()) : 0);
    if (const json* c = field(img, "Created", "created"); c && c->is_number())
      base.created = iso_time(c->get<int64_t>());
    std::string labelled;  // the service project's own name, when podman lists labels
    if (const json* l = field(img, "Labels", "labels"); l && l->is_object())
      if (l->contains(k_service_label) && (*l)[k_service_label].is_string())
        labelled = (*l)[k_service_label].get<std::string>();
    const json* names = field(img, "Names", "names");
    if (!names || !names->is_array()) continue;
    for (const auto& n : *names) {
      if (!n.is_string()) continue;
      ImageInfo info = base;
      split_name(n.get<std::string>(), info);
      if (!labelled.empty()) info.service = labelled;
      out.push_back(std::move(info));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const ImageInfo& a, const ImageInfo& b) { return a.created > b.created; });
  return out;
}

Result<std::vector<ImageInfo>> parse_docker_images(const std::string& json_lines) {
  std::vector<ImageInfo> out;
  size_t start = 0;
  while (start < json_lines.size()) {
    size_t nl = json_lines.find('\n', start);
    if (nl == std::string::npos) nl = json_lines.size();
    std::string line = json_lines.substr(start, nl - start);
    start = nl + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json img = json::parse(line, nullptr, false);
    if (img.is_discarded() || !img.is_object())
      return Error("cannot read the builder's image list");
    ImageInfo info;
    split_name(img.value("Repository", "") + ":" + img.value("Tag", ""), info);
    info.id = strip_sha(img.value("ID", ""));
    std::string digest = img.value("Digest", "");
    info.digest = digest == "<none>" ? "" : digest;
    info.size = parse_human_size(img.value("Size", ""));
    info.created = docker_time(img.value("CreatedAt", ""));
    out.push_back(std::move(info));
  }
  return out;
}

int64_t parse_human_size(const std::string& text) {
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) return 0;
  double value = std::strtod(text.substr(0, i).c_str(), nullptr);
  std::string unit;
  for (char c : text.substr(i))
    if (!std::isspace(static_cast<unsigned char>(c)))
      unit += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double scale = 1;
  if (unit == "kb" || unit == "kib") scale = 1e3;
  if (unit == "mb" || unit == "mib") scale = 1e6;
  if (unit == "gb" || unit == "gib") scale = 1e9;
  return static_cast<int64_t>(std::llround(value * scale));
}

Result<std::unique_ptr<ContainerBuilder>> find_builder(const std::string& preferred,
                                                       ToolRunner& runner) {
  std::vector<BuilderTool> order = {BuilderTool::k_podman, BuilderTool::k_buildah,
                                    BuilderTool::k_docker};
  for (BuilderTool t : order) {
    if (!preferred.empty() && program(t) != preferred) continue;
    if (runner.available(program(t)))
      return std::unique_ptr<ContainerBuilder>(std::make_unique<CliBuilder>(t, runner));
  }
  if (!preferred.empty())
    return Error("the container builder '" + preferred +
                     "' (strata.json images.builder) is not on PATH",
                 SourceLoc{},
                 "install it (Debian: apt-get install " + preferred +
                     "), or remove images.builder to use any builder found")
        .of(ErrorKind::k_unavailable);
  return Error("no container builder found: podman, buildah or docker is needed on PATH",
               SourceLoc{},
               "install podman and buildah (Debian: apt-get install podman buildah runc), "
               "or docker")
      .of(ErrorKind::k_unavailable);
}

}  // namespace strata::container
