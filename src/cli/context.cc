// A warm start skips most of the loading: the fingerprint of the walk is
// compared with the one stored in .strata/workspace-snapshot, and when they
// match the workspace and graph are decoded from it instead of parsing every
// config file, scanning imports and resolving them. Only a load that printed
// nothing is stored, so a warm start never hides a warning. Targets that
// nx.json "plugins" infer are taken from the workspace's Nx on a full load
// only; the snapshot keeps them with the rest of the workspace.

#include "cli/context.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "cli/command.h"
#include "cli/command_support.h"
#include "config/loader.h"
#include "files/tree_listing.h"
#include "files/tree_shape.h"
#include "graph/workspace_snapshot.h"
#include "nx/plugin_targets.h"
#include "util/diagnostics.h"
#include "util/fs.h"
#include "util/profile.h"
#include "util/read_log.h"

namespace strata::cli {

namespace fs = std::filesystem;

namespace {

void add_stat(Hasher& h, std::string_view tag, const char* path) {
  struct stat st{};
  if (::stat(path, &st) != 0) {
    h.add(tag, "absent");
    return;
  }
  FileStat s = to_file_stat(st);
  h.add(tag, s.size)
      .add(tag, s.inode)
      .add(tag, static_cast<uint64_t>(s.mtime_ns))
      .add(tag, static_cast<uint64_t>(s.ctime_ns));
}

Digest full_fingerprint(const fs::path& root, const FileIndex& files) {
  Hasher h;
  h.add("snapshot", uint64_t{k_workspace_snapshot_version});
  h.add("root", root.string());
  // A rebuilt binary may load differently: its own stat is part of the key.
  add_stat(h, "binary", "/proc/self/exe");
  // Read by the graph even when ignored, so not always among the files.
  for (const char* name : {"tsconfig.base.json", "tsconfig.json"})
    add_stat(h, name, (root / name).c_str());
  // Ignored, but whether Nx and which plugins are installed decides the
  // targets Nx plugins infer; npm rewrites this lockfile on every install.
  for (const char* name : {"node_modules/nx/package.json", "node_modules/.package-lock.json"})
    add_stat(h, name, (root / name).c_str());
  h.add("files", files.fingerprint());
  return h.finish();
}

fs::path snapshot_path(const fs::path& root) { return root / ".strata" / "workspace-snapshot"; }

// What full_fingerprint covers beyond the walk's files, and the exclude
// file that shapes the walk.
constexpr const char* k_fingerprint_extras[] = {
    "/proc/self/exe",    "tsconfig.base.json",           "tsconfig.json",
    ".git/info/exclude", "node_modules/nx/package.json", "node_modules/.package-lock.json"};

// The files a tree shape of this load stamps: what the load read (Strata's
// own caches aside: they are not inputs), what decides the listing beyond
// the directories (the walk's watched paths: ignore files read, symlinks
// left out), and the fingerprint's extras. Relative to the root where they
// are under it.
std::vector<std::string> shape_files(const fs::path& root, const FileIndex& files,
                                     const std::vector<std::string>& reads) {
  const std::string prefix = root.string() + "/";
  std::vector<std::string> out(std::begin(k_fingerprint_extras), std::end(k_fingerprint_extras));
  for (const auto& path : reads) {
    std::string rel = path.starts_with(prefix) ? path.substr(prefix.size()) : path;
    if (rel == ".strata" || rel.starts_with(".strata/")) continue;
    out.push_back(std::move(rel));
  }
  out.insert(out.end(), files.watched().begin(), files.watched().end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Records the tree shape of a load that read no sources and asked Nx
// nothing, so a warm `strata graph` can skip the walk; any other load
// removes an old shape, which would stand for a fingerprint that is gone.
// A shape whose paths are too fresh to stamp (the first run creates
// .strata/ in the root) is stored unstamped, never holding, until a later
// walk that finds the same fingerprint stamps it (refresh_tree_shape).
void record_tree_shape(const Context& ctx, const ReadLog& reads, bool asked_nx) {
  const fs::path& root = ctx.workspace.root;
  if (reads.everything() || asked_nx || ctx.files.dirs().empty()) {
    remove_tree_shape(root);
    return;
  }
  TreeShape shape{
      ctx.fingerprint, ctx.files.dirs(), shape_files(root, ctx.files, reads.paths()), {}};
  (void)record_stamps(root, shape, ctx.files.scan_start_ns());
  save_tree_shape(root, shape);
}

// Whether the root configuration lists Nx plugins (a non-empty "plugins").
bool lists_nx_plugins(const fs::path& root) {
  std::error_code ec;
  fs::path config = fs::exists(root / "strata.json", ec) ? root / "strata.json" : root / "nx.json";
  auto text = read_file(config);
  if (!text) return false;
  auto j = nlohmann::json::parse(*text, nullptr, false, true);
  return j.is_object() && j.contains("plugins") && j["plugins"].is_array() && !j["plugins"].empty();
}

// The targets Nx plugins infer, from the workspace's Nx; nullopt when
// there are no plugins or no Nx, or (after a warning) when Nx failed.
std::optional<InferredTargets> plugin_targets(const fs::path& root, Diagnostics& diags) {
  if (!lists_nx_plugins(root)) return std::nullopt;
  auto nx = find_nx(root);
  if (!nx) return std::nullopt;
  ProfilePhase phase("nx plugin targets");
  std::string problem;
  auto targets = infer_nx_targets(root, *nx, &problem);
  SourceLoc where{fs::exists(root / "strata.json") ? "strata.json" : "nx.json"};
  if (!targets) {
    diags.warn(Error("cannot take the targets Nx plugins infer from Nx " + nx->version + ": " +
                         targets.error().message,
                     where, "run `nx graph` to see Nx's error"));
    return std::nullopt;
  }
  // A partial graph still holds every target Nx could infer; the warning
  // keeps it out of the snapshot, so the next command asks Nx again.
  if (!problem.empty())
    diags.warn(Error("Nx " + nx->version + " inferred only some targets: " + problem, where,
                     "run `nx graph` to see which plugins failed"));
  return std::move(*targets);
}

}  // namespace

std::optional<fs::path> workspace_root() {
  auto root = find_workspace_root(start_dir());
  if (!root) {
    print_error(root.error());
    return std::nullopt;
  }
  return *root;
}

std::optional<ScannedWorkspace> scan_workspace() {
  auto root = workspace_root();
  if (!root) return std::nullopt;
  return scan_workspace(*root);
}

// The files of `root`: stat'ed again from the last walk's listing while
// that still holds (files/tree_listing.h), else walked, and the walk's
// listing kept for next time.
Result<FileIndex> index_files(const fs::path& root) {
  ProfilePhase check("  tree listing check");
  auto listing = load_tree_listing(root);
  bool holds = listing && listing_holds(root, *listing);
  check.stop();
  if (holds) {
    ProfilePhase restat("  restat");
    auto files = FileIndex::restat(root, std::move(listing->files), std::move(listing->dirs),
                                   std::move(listing->watched));
    if (files) {
      profile_count("tree listing reused", 1);
      return std::move(*files);
    }
  }
  // A first run in a checkout creates .strata/ in the root, which moves the
  // root's stat: a listing recorded before that would never hold.
  std::error_code ec;
  const bool has_state = fs::is_directory(root / ".strata", ec);
  auto files = FileIndex::scan(root);
  if (!files) return files;
  if (!has_state) return files;
  if (auto listing = listing_of(root, *files)) save_tree_listing(root, *listing);
  return files;
}

std::optional<ScannedWorkspace> scan_workspace(const fs::path& root) {
  ProfilePhase walk("tree walk");
  auto files = index_files(root);
  walk.stop();
  if (!files) {
    print_error(files.error());
    return std::nullopt;
  }
  ProfilePhase fingerprint("fingerprint");
  ScannedWorkspace out{root, std::move(*files), {}, false};
  out.fingerprint = full_fingerprint(out.root, out.files);
  out.reusable = !out.files.has_racy_files();
  return out;
}

std::unique_ptr<Context> load_context(ScannedWorkspace scanned) {
  auto ctx = std::make_unique<Context>();
  ctx->workspace.root = scanned.root;
  ctx->files = std::move(scanned.files);
  ctx->fingerprint = scanned.fingerprint;
  ProfilePhase snapshot("workspace snapshot load");
  auto bytes = read_file(snapshot_path(scanned.root));
  if (bytes && decode_workspace_snapshot(*bytes, scanned.fingerprint, ctx->workspace, ctx->graph)) {
    ctx->files.assign_owners(ctx->workspace.projects);
    ctx->reusable = scanned.reusable;
    profile_count("workspace snapshot used", 1);
    return ctx;
  }
  ctx->workspace = Workspace{};
  ctx->graph = ProjectGraph{};
  snapshot.stop();

  ReadLog reads;
  Diagnostics diags;
  auto inferred = plugin_targets(scanned.root, diags);
  ProfilePhase config("config load");
  auto ws = load_workspace(scanned.root, ctx->files, diags, inferred ? &*inferred : nullptr);
  config.stop();
  diags.print();
  if (!ws) {
    if (!diags.has_errors()) print_error(ws.error());
    return nullptr;
  }
  ctx->workspace = std::move(*ws);
  ProfilePhase owners("assign owners");
  ctx->files.assign_owners(ctx->workspace.projects);
  owners.stop();
  Diagnostics graph_diags;
  ProfilePhase graph_phase("project graph");
  auto graph = build_project_graph(ctx->workspace, ctx->files, graph_diags);
  graph_phase.stop();
  graph_diags.print();
  if (!graph) {
    if (!graph_diags.has_errors()) print_error(graph.error());
    return nullptr;
  }
  ctx->graph = std::move(*graph);
  // The snapshot mirrors the workspace's configuration, `options.env`
  // values included, as the config files and Nx's own workspace data hold
  // them; what leaves the workspace's configuration (explain, run records,
  // cache entries) carries only their digests.
  ctx->reusable = scanned.reusable && diags.items().empty() && graph_diags.items().empty();
  if (ctx->reusable) {
    ProfilePhase save("workspace snapshot save");
    // An accelerator: failing to store it only costs the next start time.
    (void)write_atomic(snapshot_path(scanned.root),
                       encode_workspace_snapshot(ctx->fingerprint, ctx->workspace, ctx->graph),
                       Durability::k_checksummed);
  }
  record_tree_shape(*ctx, reads, inferred.has_value());
  return ctx;
}

std::optional<Digest> unchanged_fingerprint(const fs::path& root) {
  ProfilePhase phase("tree shape check");
  auto shape = load_tree_shape(root);
  if (!shape || !shape_holds(root, *shape)) return std::nullopt;
  return shape->fingerprint;
}

void refresh_tree_shape(const ScannedWorkspace& scanned) {
  if (!scanned.reusable) return;
  auto shape = load_tree_shape(scanned.root);
  if (!shape || shape->fingerprint != scanned.fingerprint) return;
  // The same fingerprint means the same inputs and so the same reads; only
  // directories' stats moved (an ignored build output appeared in one).
  shape->dirs = scanned.files.dirs();
  if (record_stamps(scanned.root, *shape, scanned.files.scan_start_ns()))
    save_tree_shape(scanned.root, *shape);
}

std::unique_ptr<Context> load_context() {
  auto scanned = scan_workspace();
  if (!scanned) return nullptr;
  return load_context(std::move(*scanned));
}

}  // namespace strata::cli
