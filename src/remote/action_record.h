#pragma once
// What the remote cache holds under /ac/<key> for one task: a few lines of
// text naming the task, its local hash and the SHA-256 and size of the
// /cas/ blob that holds its entry, signed with HMAC-SHA256. Specified in
// docs/formats/remote-cache.md.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/hash.h"
#include "util/result.h"

namespace strata::remote {

inline constexpr uint32_t k_action_record_version = 1;

struct ActionRecord {
  std::string task_id;
  std::string hash;          // the local task hash, 32 hex digits
  std::string entry_sha256;  // of the /cas/ blob: the local entry file's bytes
  uint64_t entry_size = 0;
  std::string signature;  // HMAC-SHA256 hex, or "" when unsigned
};

// The /ac/ key of a local task hash: SHA-256 of a versioned, tagged form of
// it, so a change of this format moves every key.
std::string action_key(const Digest& hash);
// The bytes the signature covers: every line before the signature line.
std::string signed_part(const ActionRecord& record);
// Serialises `record`, signing it when `key` is not empty.
std::string encode_action_record(ActionRecord record, std::string_view key);
// Parses strictly: any other layout, version or field form is an Error.
Result<ActionRecord> decode_action_record(std::string_view text);
// True when `record` carries a signature that `key` produced.
bool signature_valid(const ActionRecord& record, std::string_view key);

}  // namespace strata::remote
