// Layout: the header of util/byte_codec.h (magic "STRSHAPE", version, no
// key), then the fingerprint, the directories, the files and the stamps'
// digest. Stats are taken relative to one descriptor of the root, so each
// costs the lookup of its own components only, on two threads once there
// are enough of them to pay for the second.

#include "files/tree_shape.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "files/stat_cache.h"
#include "util/byte_codec.h"
#include "util/fs.h"
#include "util/thread_pool.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

constexpr BinaryFormat k_format{"STRSHAPE", k_tree_shape_version};
constexpr size_t k_parallel_from = 512;

fs::path file_of(const fs::path& root) { return root / ".strata" / "tree-shape"; }

struct Stamp {
  bool present = false;
  FileStat stat;
};

void stamp_range(int root_fd, const std::vector<std::string>& paths, size_t begin, size_t end,
                 Stamp* out) {
  for (size_t i = begin; i < end; ++i) {
    struct stat st{};
    if (::fstatat(root_fd, paths[i].c_str(), &st, 0) != 0) continue;
    out[i].present = true;
    out[i].stat = to_file_stat(st);
  }
}

std::vector<Stamp> stamp_all(int root_fd, const std::vector<std::string>& paths) {
  std::vector<Stamp> out(paths.size());
  if (paths.size() < k_parallel_from) {
    stamp_range(root_fd, paths, 0, paths.size(), out.data());
    return out;
  }
  const size_t half = paths.size() / 2;
  parallel_for(
      2,
      [&](size_t part) {
        stamp_range(root_fd, paths, part ? half : 0, part ? paths.size() : half, out.data());
      },
      2);
  return out;
}

void add_stamps(Hasher& h, int root_fd, const std::vector<std::string>& paths, int64_t& newest) {
  std::vector<Stamp> stamps = stamp_all(root_fd, paths);
  h.add("paths", uint64_t{paths.size()});
  for (size_t i = 0; i < paths.size(); ++i) {
    const Stamp& s = stamps[i];
    h.add("path", paths[i]);
    if (!s.present) {
      h.add("absent", uint64_t{0});
      continue;
    }
    h.add("size", s.stat.size)
        .add("inode", s.stat.inode)
        .add("mtime", static_cast<uint64_t>(s.stat.mtime_ns))
        .add("ctime", static_cast<uint64_t>(s.stat.ctime_ns));
    newest = std::max({newest, s.stat.mtime_ns, s.stat.ctime_ns});
  }
}

}  // namespace

Digest stamp_paths(const fs::path& root, const std::vector<std::string>& dirs,
                   const std::vector<std::string>& files, int64_t* newest_ns) {
  int root_fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  Hasher h;
  int64_t newest = 0;
  if (root_fd < 0) {
    h.add("root", "absent");
  } else {
    add_stamps(h, root_fd, dirs, newest);
    add_stamps(h, root_fd, files, newest);
    ::close(root_fd);
  }
  if (newest_ns) *newest_ns = newest;
  return h.finish();
}

bool changed_since(const fs::path& root, const std::string& path, int64_t walk_start_ns) {
  struct stat st{};
  fs::path p = path.starts_with('/') ? fs::path(path) : root / path;
  if (::stat(p.c_str(), &st) != 0) return false;
  FileStat s = to_file_stat(st);
  return std::max(s.mtime_ns, s.ctime_ns) + k_racy_window_ns > walk_start_ns;
}

bool record_stamps(const fs::path& root, TreeShape& shape, int64_t walk_start_ns) {
  // The root is the directory most likely to have just changed (a first
  // run creates .strata/ in it): one stat spares stamping the rest.
  if (!shape.dirs.empty() && changed_since(root, ".", walk_start_ns)) return false;
  int64_t newest = 0;
  Digest stamps = stamp_paths(root, shape.dirs, shape.files, &newest);
  if (newest + k_racy_window_ns > walk_start_ns) return false;
  shape.stamps = stamps;
  return true;
}

bool shape_holds(const fs::path& root, const TreeShape& shape) {
  return !shape.stamps.empty() && stamp_paths(root, shape.dirs, shape.files) == shape.stamps;
}

std::string encode_tree_shape(const TreeShape& shape) {
  ByteWriter w;
  w.digest(shape.fingerprint);
  w.strings(shape.dirs);
  w.strings(shape.files);
  w.digest(shape.stamps);
  return seal_file(k_format, w.out());
}

std::optional<TreeShape> decode_tree_shape(std::string_view bytes) {
  auto sealed = unseal_file(k_format, bytes);
  if (!sealed) return std::nullopt;
  ByteReader r(sealed.payload);
  TreeShape shape;
  shape.fingerprint = r.digest();
  shape.dirs = r.strings();
  shape.files = r.strings();
  shape.stamps = r.digest();
  if (!r.done()) return std::nullopt;
  return shape;
}

std::optional<TreeShape> load_tree_shape(const fs::path& root) {
  auto bytes = read_file(file_of(root));
  if (!bytes) return std::nullopt;
  return decode_tree_shape(*bytes);
}

void save_tree_shape(const fs::path& root, const TreeShape& shape) {
  (void)write_atomic(file_of(root), encode_tree_shape(shape), Durability::k_checksummed);
}

void remove_tree_shape(const fs::path& root) {
  std::error_code ec;
  fs::remove(file_of(root), ec);
}

}  // namespace strata
