// The record is line-oriented text rather than JSON so that what is signed
// is exactly the bytes on the wire: there is no second, canonical form to
// get wrong, and a reader verifies the very lines it then trusts.

#include "remote/action_record.h"

#include <charconv>
#include <vector>

#include "remote/sha256.h"

namespace strata::remote {

namespace {

constexpr std::string_view k_magic = "strata-remote-cache";
constexpr std::string_view k_unsigned = "none";

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) return {};  // every line ends with \n
    lines.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// Splits "<label> <value>"; false when the line has another label.
bool field(std::string_view line, std::string_view label, std::string_view& value) {
  if (line.size() <= label.size() + 1 || !line.starts_with(label) || line[label.size()] != ' ')
    return false;
  value = line.substr(label.size() + 1);
  return true;
}

bool is_hex32(std::string_view s) {
  Digest d;
  return Digest::from_hex(s, d) && d.hex() == s;
}

}  // namespace

std::string action_key(const Digest& hash) {
  return sha256_hex(std::string(k_magic) + " " + std::to_string(k_action_record_version) + " " +
                    hash.hex());
}

std::string signed_part(const ActionRecord& r) {
  return std::string(k_magic) + " " + std::to_string(k_action_record_version) + "\n" + "task " +
         r.task_id + "\n" + "hash " + r.hash + "\n" + "entry " + r.entry_sha256 + " " +
         std::to_string(r.entry_size) + "\n";
}

std::string encode_action_record(ActionRecord record, std::string_view key) {
  std::string body = signed_part(record);
  record.signature = key.empty() ? std::string() : hmac_sha256_hex(key, body);
  return body + "signature " +
         (record.signature.empty() ? std::string(k_unsigned) : "hmac-sha256 " + record.signature) +
         "\n";
}

Result<ActionRecord> decode_action_record(std::string_view text) {
  auto lines = split_lines(text);
  std::string header = std::string(k_magic) + " ";
  if (lines.size() != 5 || !lines[0].starts_with(header)) return Error("not a remote cache record");
  if (lines[0] != header + std::to_string(k_action_record_version))
    return Error("remote cache record version " + std::string(lines[0].substr(header.size())) +
                 " (expected " + std::to_string(k_action_record_version) + ")");
  ActionRecord r;
  std::string_view task, hash, entry, signature;
  if (!field(lines[1], "task", task) || !field(lines[2], "hash", hash) ||
      !field(lines[3], "entry", entry) || !field(lines[4], "signature", signature))
    return Error("malformed remote cache record");
  size_t space = entry.find(' ');
  std::string_view sha = entry.substr(0, space),
                   size = space == entry.npos ? "" : entry.substr(space + 1);
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), r.entry_size);
  if (!is_hex32(hash) || !is_sha256_hex(sha) || ec != std::errc() ||
      end != size.data() + size.size() || size.empty())
    return Error("malformed remote cache record");
  r.task_id = task;
  r.hash = hash;
  r.entry_sha256 = sha;
  std::string_view sig;
  if (field(signature, "hmac-sha256", sig) && is_sha256_hex(sig))
    r.signature = sig;
  else if (signature != k_unsigned)
    return Error("malformed remote cache record signature");
  // Re-encoding must give the same bytes: no second spelling of a record
  // (leading zeros, spaces) can carry a signature made for another.
  if (signed_part(r) != text.substr(0, text.size() - lines[4].size() - 1))
    return Error("malformed remote cache record");
  return r;
}

bool signature_valid(const ActionRecord& record, std::string_view key) {
  if (key.empty() || record.signature.empty()) return false;
  return equal_constant_time(record.signature, hmac_sha256_hex(key, signed_part(record)));
}

}  // namespace strata::remote
