// Snapshots are streamed straight to a temporary file (an index of 60,000
// vectors of 784 floats is ~200 MB, too big to build in memory first),
// hashed on the way, and renamed into place. The file is a sealed binary
// file (util/byte_codec.h): its header, holding the payload's length and
// XXH3-128, is written last, over a placeholder, once both are known.
// Reading checks the checksum in one pass before FAISS parses anything.

#include "vector/index_snapshot.h"

#include <faiss/Index.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xxhash.h>

#include <cstdio>
#include <cstring>

#include "util/byte_codec.h"

namespace strata::vec {

namespace {

constexpr BinaryFormat k_format{"STRVECIX", k_snapshot_version};
// Version 2 lacks the codes; everything else is the same.
constexpr uint32_t k_codeless_version = 2;
// The payload's fixed start: dimension, last seq, slot count.
constexpr size_t k_prefix_size = 4 + 8 + 8;

// XXH3-128 over bytes given piecewise: the checksum hash_bytes() computes.
class PayloadHash {
 public:
  PayloadHash() : m_state(XXH3_createState()) { XXH3_128bits_reset(m_state); }
  ~PayloadHash() { XXH3_freeState(m_state); }
  PayloadHash(const PayloadHash&) = delete;
  PayloadHash& operator=(const PayloadHash&) = delete;
  void update(const void* p, size_t n) { XXH3_128bits_update(m_state, p, n); }
  Digest digest() const {
    XXH128_hash_t h = XXH3_128bits_digest(m_state);
    return {h.high64, h.low64};
  }

 private:
  XXH3_state_t* m_state;
};

// A FAISS writer that appends to a FILE, hashing and counting every byte.
struct HashingWriter : faiss::IOWriter {
  FILE* f;
  PayloadHash hash;
  uint64_t length = 0;
  bool failed = false;

  explicit HashingWriter(FILE* file) : f(file) {}
  size_t operator()(const void* ptr, size_t size, size_t nitems) override {
    hash.update(ptr, size * nitems);
    length += size * nitems;
    size_t n = std::fwrite(ptr, size, nitems, f);
    if (n != nitems) failed = true;
    return n;
  }
  void bytes(std::string_view s) { (*this)(s.data(), 1, s.size()); }
};

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

Error io_error(const std::filesystem::path& file, const std::string& what) {
  return Error(fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno)));
}

Error snapshot_error(const std::filesystem::path& file, const std::string& what) {
  return Error(fmt::format("{}: {}", file.string(), what)).of(ErrorKind::k_corruption);
}

// Reads and checks the header, then hashes the payload; leaves `f` at the
// payload's start. Returns the file's version.
Result<uint32_t> check_sealed(FILE* f, const std::filesystem::path& file) {
  std::string header(sealed_header_size(false), '\0');
  size_t got = std::fread(header.data(), 1, header.size(), f);
  SealedHeader h = read_sealed_header(k_format, std::string_view(header).substr(0, got));
  if (h.status == Unsealed::k_other_version && h.version == k_codeless_version)
    h = read_sealed_header(BinaryFormat{k_format.magic, k_codeless_version},
                           std::string_view(header).substr(0, got));
  switch (h.status) {
    case Unsealed::k_ok:
      break;
    case Unsealed::k_other_version:
      return snapshot_error(file, fmt::format("snapshot version {} is not supported (expected {})",
                                              h.version, k_snapshot_version));
    case Unsealed::k_other_format:
      return snapshot_error(file, "not a Strata index snapshot");
    default:
      return snapshot_error(file, "snapshot is truncated");
  }
  std::error_code ec;
  uintmax_t size = std::filesystem::file_size(file, ec);
  if (ec || size != header.size() + h.length)
    return snapshot_error(file, ec || size < header.size() + h.length
                                    ? "snapshot is truncated"
                                    : "snapshot is longer than its header says");
  PayloadHash hash;
  std::vector<char> buf(1 << 20);
  for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), f)) > 0;) hash.update(buf.data(), n);
  if (hash.digest() != h.sum) return snapshot_error(file, "snapshot checksum mismatch");
  if (std::fseek(f, static_cast<long>(header.size()), SEEK_SET) != 0)
    return io_error(file, "cannot seek");
  return h.version;
}

}  // namespace

Status write_snapshot(const std::filesystem::path& file, int dim, int64_t last_seq,
                      const std::vector<int64_t>& slot_seqs, const QuantizedCodes& codes,
                      const faiss::Index& index) {
  std::filesystem::path tmp = file.string() + fmt::format(".tmp.{}", getpid());
  File f(std::fopen(tmp.c_str(), "wb"));
  if (!f) return io_error(tmp, "cannot create");
  std::string placeholder(sealed_header_size(false), '\0');
  bool ok = std::fwrite(placeholder.data(), 1, placeholder.size(), f.get()) == placeholder.size();
  HashingWriter w(f.get());
  ByteWriter prefix;
  prefix.u32(static_cast<uint32_t>(dim));
  prefix.i64(last_seq);
  prefix.u64(slot_seqs.size());
  for (int64_t seq : slot_seqs) prefix.i64(seq);
  w.bytes(prefix.out());
  codes.write([&](const void* p, size_t n) { w(p, 1, n); });
  std::string faiss_error;
  try {
    faiss::write_index(&index, &w);
  } catch (const faiss::FaissException& e) {
    faiss_error = e.what();
  }
  std::string header = sealed_header(k_format, w.length, w.hash.digest());
  ok = ok && faiss_error.empty() && !w.failed && std::fseek(f.get(), 0, SEEK_SET) == 0 &&
       std::fwrite(header.data(), 1, header.size(), f.get()) == header.size();
  ok = std::fflush(f.get()) == 0 && ok;
  f.reset();
  if (!ok) {
    std::filesystem::remove(tmp);
    return Error(fmt::format("{}: cannot write snapshot{}", tmp.string(),
                             faiss_error.empty() ? "" : ": " + faiss_error));
  }
  if (std::rename(tmp.c_str(), file.c_str()) != 0)
    return io_error(file, "cannot rename snapshot into place");
  return ok_status();
}

Result<Snapshot> read_snapshot(const std::filesystem::path& file, int dim) {
  File f(std::fopen(file.c_str(), "rb"));
  if (!f) return io_error(file, "cannot open");
  auto version = check_sealed(f.get(), file);
  if (!version) return version.error();
  std::string head(k_prefix_size, '\0');
  if (std::fread(head.data(), 1, head.size(), f.get()) != head.size())
    return snapshot_error(file, "snapshot is truncated");
  ByteReader r(head);
  uint32_t stored_dim = r.u32();
  Snapshot s;
  s.last_seq = r.i64();
  uint64_t slots = r.u64();
  if (static_cast<int>(stored_dim) != dim)
    return snapshot_error(file, "snapshot header does not match the collection");
  // The count comes from the file: it must fit in the file before it sizes
  // an allocation.
  std::error_code ec;
  uintmax_t file_size = std::filesystem::file_size(file, ec);
  if (ec || slots > file_size / sizeof(int64_t))
    return snapshot_error(file, "snapshot is truncated");
  std::string table(slots * sizeof(int64_t), '\0');
  if (std::fread(table.data(), 1, table.size(), f.get()) != table.size())
    return snapshot_error(file, "snapshot is truncated");
  ByteReader seqs(table);
  s.slot_seqs.resize(slots);
  for (auto& seq : s.slot_seqs) seq = seqs.i64();
  if (*version != k_codeless_version) {
    auto codes =
        QuantizedCodes::read([&](void* p, size_t n) { return std::fread(p, 1, n, f.get()) == n; },
                             stored_dim, file_size);
    if (!codes) return snapshot_error(file, codes.error().message);
    if (codes->rows() != slots)
      return snapshot_error(file, "snapshot codes and slot table disagree");
    s.codes = std::move(*codes);
  }
  try {
    s.index.reset(faiss::read_index(f.get()));
  } catch (const faiss::FaissException& e) {
    return snapshot_error(file, fmt::format("cannot read the index: {}", e.what()));
  }
  if (static_cast<uint64_t>(s.index->ntotal) != slots)
    return snapshot_error(file, "snapshot index and slot table disagree");
  return s;
}

}  // namespace strata::vec
