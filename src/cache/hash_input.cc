#include "cache/hash_input.h"

#include <algorithm>
#include <iterator>

namespace strata {

namespace {
// Indexed by InputKind; these names are part of the hash encoding.
constexpr const char* k_kind_names[] = {"format",
                                        "platform",
                                        "executor",
                                        "command",
                                        "cwd",
                                        "options",
                                        "configuration",
                                        "args",
                                        "outputs",
                                        "env",
                                        "runtime",
                                        "file",
                                        "dependency-inputs",
                                        "external",
                                        "dependent-output",
                                        "global",
                                        "task"};
static_assert(std::size(k_kind_names) == static_cast<size_t>(InputKind::k_task) + 1);
}  // namespace

const char* input_kind_name(InputKind kind) { return k_kind_names[static_cast<size_t>(kind)]; }

std::optional<InputKind> parse_input_kind(std::string_view name) {
  for (size_t i = 0; i < std::size(k_kind_names); ++i)
    if (name == k_kind_names[i]) return static_cast<InputKind>(i);
  return std::nullopt;
}

Digest value_digest(InputKind kind, std::string_view value) {
  // kind byte, then the value: the kind keeps equal values of different
  // kinds apart; the value is the rest of the buffer, so needs no length.
  std::string buf;
  buf.reserve(value.size() + 1);
  buf.push_back(static_cast<char>(kind));
  buf.append(value);
  return hash_bytes(buf);
}

namespace {

bool key_less(const HashInput& a, const HashInput& b) {
  return a.kind != b.kind ? a.kind < b.kind : a.name < b.name;
}

template <typename T>
void put_le(std::string& out, T v) {
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xff);
  out.append(bytes, sizeof(T));
}

}  // namespace

void normalise_inputs(std::vector<HashInput>& inputs) {
  // The hasher emits inputs almost in order; skip the sort when it did.
  if (!std::is_sorted(inputs.begin(), inputs.end(), key_less))
    std::stable_sort(inputs.begin(), inputs.end(), key_less);
  auto same_key = [](const HashInput& a, const HashInput& b) {
    return a.kind == b.kind && a.name == b.name;
  };
  inputs.erase(std::unique(inputs.begin(), inputs.end(), same_key), inputs.end());
}

Digest combine_inputs(const std::vector<HashInput>& inputs) {
  // One buffer, hashed once: the framing below is fixed-width or
  // length-prefixed throughout, so it is as unambiguous as Hasher fields and
  // much cheaper for thousands of inputs.
  std::string buf;
  buf.reserve(32 + inputs.size() * 64);
  buf.append("strata-task-hash");
  put_le<uint64_t>(buf, k_task_hash_version);
  put_le<uint64_t>(buf, inputs.size());
  for (const auto& in : inputs) {
    buf.push_back(static_cast<char>(in.kind));
    put_le<uint32_t>(buf, static_cast<uint32_t>(in.name.size()));
    buf.append(in.name);
    put_le<uint64_t>(buf, in.digest.hi);
    put_le<uint64_t>(buf, in.digest.lo);
  }
  return hash_bytes(buf);
}

}  // namespace strata
