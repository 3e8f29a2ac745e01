// Layout: the header of util/byte_codec.h (magic "STRLIST\n", version, no
// key), then the directories, the watched paths, the files (each a list of
// strings) and the stamps' digest.

#include "files/tree_listing.h"

#include <algorithm>

#include "files/stat_cache.h"
#include "files/tree_shape.h"
#include "util/byte_codec.h"
#include "util/fs.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

constexpr BinaryFormat k_format{"STRLIST\n", k_tree_listing_version};

fs::path file_of(const fs::path& root) { return root / ".strata" / "tree-listing"; }

// The watched paths and the exclude file, which decides the listing too.
std::vector<std::string> with_exclude(const std::vector<std::string>& watched) {
  std::vector<std::string> out = watched;
  out.push_back(".git/info/exclude");
  return out;
}

// A path a walk could have listed: "." for the root, or plain below it.
bool inside_root(std::string_view path) { return path == "." || plain_relative(path); }

bool all_inside_root(const std::vector<std::string>& paths) {
  return std::all_of(paths.begin(), paths.end(), [](const auto& p) { return inside_root(p); });
}

}  // namespace

std::optional<TreeListing> listing_of(const fs::path& root, const FileIndex& index) {
  return listing_of(root, index, index.scan_start_ns());
}

std::optional<TreeListing> listing_of(const fs::path& root, const FileIndex& index,
                                      int64_t walk_start_ns) {
  if (index.dirs().empty()) return std::nullopt;
  if (changed_since(root, ".", walk_start_ns)) return std::nullopt;
  int64_t newest = 0;
  Digest stamps = stamp_paths(root, index.dirs(), with_exclude(index.watched()), &newest);
  if (newest + k_racy_window_ns > walk_start_ns) return std::nullopt;
  return TreeListing{index.dirs(), index.watched(), index.files(), stamps};
}

bool listing_holds(const fs::path& root, const TreeListing& listing) {
  return !listing.stamps.empty() &&
         stamp_paths(root, listing.dirs, with_exclude(listing.watched)) == listing.stamps;
}

std::string encode_tree_listing(const TreeListing& listing) {
  ByteWriter w;
  w.strings(listing.dirs);
  w.strings(listing.watched);
  w.strings(listing.files);
  w.digest(listing.stamps);
  return seal_file(k_format, w.out());
}

std::optional<TreeListing> decode_tree_listing(std::string_view bytes) {
  auto sealed = unseal_file(k_format, bytes);
  if (!sealed) return std::nullopt;
  ByteReader r(sealed.payload);
  TreeListing listing;
  listing.dirs = r.strings();
  listing.watched = r.strings();
  listing.files = r.strings();
  listing.stamps = r.digest();
  if (!r.done()) return std::nullopt;
  // Only a cache: a listing naming a path outside the root is not trusted.
  if (!all_inside_root(listing.dirs) || !all_inside_root(listing.watched) ||
      !all_inside_root(listing.files))
    return std::nullopt;
  return listing;
}

std::optional<TreeListing> load_tree_listing(const fs::path& root) {
  auto bytes = read_file(file_of(root));
  if (!bytes) return std::nullopt;
  return decode_tree_listing(*bytes);
}

void save_tree_listing(const fs::path& root, const TreeListing& listing) {
  (void)write_atomic(file_of(root), encode_tree_listing(listing), Durability::k_checksummed);
}

}  // namespace strata
