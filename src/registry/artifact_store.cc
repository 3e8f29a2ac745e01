// A put writes into a temporary sibling and renames it into place, so a
// reader never sees half a directory and two writers of the same digest
// both succeed (the loser's rename fails on the existing directory and its
// copy is removed).

#include "registry/artifact_store.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "util/fs.h"

namespace strata::registry {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", out[i]);
    hex += buf;
  }
  return hex;
}

namespace {

Result<std::vector<std::string>> files_below(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error(dir.string() + " is not a directory", {},
                 "export the model first: strata run MODEL:export")
        .of(ErrorKind::k_not_found);
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file()) {
      std::string rel = fs::relative(it->path(), dir).generic_string();
      if (rel != k_manifest_name) out.push_back(rel);
    }
  if (ec) return Error(dir.string() + ": " + ec.message()).of(ErrorKind::k_io);
  std::sort(out.begin(), out.end());
  return out;
}

void make_read_only(const fs::path& dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (it->is_regular_file())
      fs::permissions(it->path(),
                      fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read, ec);
}

std::string digest_hex(const std::string& digest) {
  return digest.starts_with("sha256:") ? digest.substr(7) : digest;
}

}  // namespace

Result<std::string> artifact_manifest(const fs::path& dir) {
  auto files = files_below(dir);
  if (!files) return files.error();
  std::string manifest = "strata-artifacts 1\n";
  for (const auto& rel : *files) {
    // A line per file: a newline in a name could forge further lines, and
    // two different directories would then share one manifest and address.
    if (rel.find_first_of("\n\r") != std::string::npos)
      return Error("a file name holds a line break: " + (dir / rel).string(), {},
                   "rename the file; registered artefacts are listed one per line");
    auto bytes = read_file(dir / rel);
    if (!bytes) return bytes.error();
    manifest += sha256_hex(*bytes) + " " + std::to_string(bytes->size()) + " " + rel + "\n";
  }
  return manifest;
}

fs::path ArtifactStore::path_of(const std::string& digest) const {
  return m_dir / "sha256" / digest_hex(digest);
}

Result<StoredArtifacts> ArtifactStore::put(const fs::path& source) const {
  auto manifest = artifact_manifest(source);
  if (!manifest) return manifest.error();
  std::string digest = "sha256:" + sha256_hex(*manifest);
  fs::path dest = path_of(digest);
  std::error_code ec;
  if (fs::exists(dest / k_manifest_name, ec)) return StoredArtifacts{digest, dest};
  fs::create_directories(dest.parent_path(), ec);
  fs::path tmp = dest.parent_path() /
                 (".tmp-" + std::to_string(::getpid()) + "-" + digest_hex(digest).substr(0, 12));
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  fs::copy(source, tmp, fs::copy_options::recursive, ec);
  if (ec) return Error("copying " + source.string() + ": " + ec.message()).of(ErrorKind::k_io);
  fs::remove(tmp / k_manifest_name, ec);
  if (auto st = write_atomic(tmp / k_manifest_name, *manifest); !st) return st.error();
  make_read_only(tmp);
  fs::rename(tmp, dest, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    if (!fs::exists(dest / k_manifest_name, ignored))
      return Error("storing artefacts in " + dest.string() + ": " + ec.message())
          .of(ErrorKind::k_io);
  }
  return StoredArtifacts{digest, dest};
}

Status ArtifactStore::verify(const std::string& digest) const {
  fs::path dir = path_of(digest);
  auto recorded = read_file(dir / k_manifest_name);
  if (!recorded)
    return Error("artefacts " + digest + " are missing from " + dir.string())
        .of(ErrorKind::k_not_found);
  auto now = artifact_manifest(dir);
  if (!now) return now.error();
  if (*now != *recorded || "sha256:" + sha256_hex(*recorded) != digest)
    return Error("artefacts " + digest + " in " + dir.string() +
                     " changed after they were registered",
                 {}, "registered artefacts are immutable: register the new files as a new version")
        .of(ErrorKind::k_corruption);
  return ok_status();
}

}  // namespace strata::registry
