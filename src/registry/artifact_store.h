#pragma once
// Registered artefacts, content-addressed: a model's exported directory is
// copied to STORE/sha256/<hex>/ where <hex> is the SHA-256 of its manifest
// (every file's SHA-256, size and path, sorted), its files made read-only.
// The same directory registered twice is stored once; a changed byte is a
// new address, so a registered version's files never change, and verify()
// finds any that did. Format: docs/formats/model-registry.md.

#include <filesystem>
#include <string>

#include "util/result.h"

namespace strata::registry {

inline constexpr const char* k_manifest_name = ".strata-artifacts";

struct StoredArtifacts {
  std::string digest;  // "sha256:<hex>"
  std::filesystem::path path;
};

class ArtifactStore {
 public:
  explicit ArtifactStore(std::filesystem::path dir) : m_dir(std::move(dir)) {}

  // Copies `source` (a directory) in, unless its digest is stored already.
  Result<StoredArtifacts> put(const std::filesystem::path& source) const;
  // Re-hashes a stored directory against its digest and manifest.
  Status verify(const std::string& digest) const;
  std::filesystem::path path_of(const std::string& digest) const;

 private:
  std::filesystem::path m_dir;
};

// The manifest text of a directory ("strata-artifacts 1" then one
// "<sha256> <size> <path>" line per file, sorted), skipping the manifest.
Result<std::string> artifact_manifest(const std::filesystem::path& dir);
std::string sha256_hex(std::string_view bytes);

}  // namespace strata::registry
