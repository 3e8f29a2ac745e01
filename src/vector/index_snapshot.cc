// Snapshots are streamed straight to a temporary file (an index of 60,000
// vectors of 784 floats is ~200 MB, too big to build in memory first), hashed
// on the way, and renamed into place. Reading checks the checksum in one
// pass before FAISS parses anything.

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

namespace strata::vec {

namespace {

constexpr char k_magic[8] = {'S', 'T', 'R', 'V', 'E', 'C', 'I', 'X'};

// A FAISS writer that appends to a FILE and hashes every byte it writes.
struct HashingWriter : faiss::IOWriter {
  FILE* f;
  XXH3_state_t* state;
  bool failed = false;

  HashingWriter(FILE* file, XXH3_state_t* s) : f(file), state(s) {}
  size_t operator()(const void* ptr, size_t size, size_t nitems) override {
    XXH3_64bits_update(state, ptr, size * nitems);
    size_t n = std::fwrite(ptr, size, nitems, f);
    if (n != nitems) failed = true;
    return n;
  }
  template <typename T>
  void put(const T& v) {
    (*this)(&v, sizeof v, 1);
  }
};

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<FILE, FileCloser>;

Error io_error(const std::filesystem::path& file, const std::string& what) {
  return Error(fmt::format("{}: {}: {}", file.string(), what, std::strerror(errno)));
}

Status hash_matches(FILE* f, const std::filesystem::path& file) {
  if (std::fseek(f, 0, SEEK_END) != 0) return io_error(file, "cannot seek");
  long size = std::ftell(f);
  if (size < static_cast<long>(sizeof k_magic + 8))
    return Error(fmt::format("{}: snapshot is truncated", file.string()));
  std::rewind(f);
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  std::vector<char> buf(1 << 20);
  long left = size - 8;
  while (left > 0) {
    size_t n = std::fread(buf.data(), 1, std::min<long>(left, static_cast<long>(buf.size())), f);
    if (n == 0) break;
    XXH3_64bits_update(state, buf.data(), n);
    left -= static_cast<long>(n);
  }
  uint64_t want = 0;
  bool read_ok = left == 0 && std::fread(&want, sizeof want, 1, f) == 1;
  uint64_t got = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  if (!read_ok || got != want)
    return Error(fmt::format("{}: snapshot checksum mismatch", file.string()));
  std::rewind(f);
  return ok_status();
}

template <typename T>
bool get(FILE* f, T& v) {
  return std::fread(&v, sizeof v, 1, f) == 1;
}

}  // namespace

Status write_snapshot(const std::filesystem::path& file, int dim, int64_t last_seq,
                      const std::vector<int64_t>& slot_seqs, const faiss::Index& index) {
  std::filesystem::path tmp = file.string() + fmt::format(".tmp.{}", getpid());
  File f(std::fopen(tmp.c_str(), "wb"));
  if (!f) return io_error(tmp, "cannot create");
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  HashingWriter w(f.get(), state);
  w(k_magic, 1, sizeof k_magic);
  w.put(k_snapshot_version);
  w.put(static_cast<uint32_t>(dim));
  w.put(last_seq);
  w.put(static_cast<uint64_t>(slot_seqs.size()));
  w(slot_seqs.data(), sizeof(int64_t), slot_seqs.size());
  std::string faiss_error;
  try {
    faiss::write_index(&index, &w);
  } catch (const faiss::FaissException& e) {
    faiss_error = e.what();
  }
  uint64_t sum = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  bool ok = faiss_error.empty() && !w.failed && std::fwrite(&sum, sizeof sum, 1, f.get()) == 1;
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
  if (auto st = hash_matches(f.get(), file); !st) return st.error();
  char magic[sizeof k_magic];
  uint32_t version = 0, stored_dim = 0;
  uint64_t slots = 0;
  Snapshot s;
  if (std::fread(magic, 1, sizeof magic, f.get()) != sizeof magic ||
      std::memcmp(magic, k_magic, sizeof magic) != 0)
    return Error(fmt::format("{}: not a Strata index snapshot", file.string()));
  if (!get(f.get(), version) || version != k_snapshot_version)
    return Error(fmt::format("{}: snapshot version {} is not supported (expected {})",
                             file.string(), version, k_snapshot_version));
  if (!get(f.get(), stored_dim) || static_cast<int>(stored_dim) != dim ||
      !get(f.get(), s.last_seq) || !get(f.get(), slots))
    return Error(fmt::format("{}: snapshot header does not match the collection", file.string()));
  // The count comes from the file: it must fit in the file before it sizes
  // an allocation.
  std::error_code ec;
  uintmax_t file_size = std::filesystem::file_size(file, ec);
  if (ec || slots > file_size / sizeof(int64_t))
    return Error(fmt::format("{}: snapshot is truncated", file.string()));
  s.slot_seqs.resize(slots);
  if (std::fread(s.slot_seqs.data(), sizeof(int64_t), slots, f.get()) != slots)
    return Error(fmt::format("{}: snapshot is truncated", file.string()));
  try {
    s.index.reset(faiss::read_index(f.get()));
  } catch (const faiss::FaissException& e) {
    return Error(fmt::format("{}: cannot read the index: {}", file.string(), e.what()));
  }
  if (static_cast<uint64_t>(s.index->ntotal) != slots)
    return Error(fmt::format("{}: snapshot index and slot table disagree", file.string()));
  return s;
}

}  // namespace strata::vec
