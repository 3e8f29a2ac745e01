#include "service/generated_header.h"

#include <openssl/evp.h>

#include "util/fs.h"

namespace strata::service {

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  static const char* k_hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 15];
  }
  return out;
}

std::string inputs_hash(const std::filesystem::path& root, const std::vector<std::string>& inputs,
                        const std::map<std::string, std::string>& overlay) {
  std::string all;
  for (const auto& p : inputs) {
    std::string text;
    if (auto it = overlay.find(p); it != overlay.end()) {
      text = it->second;
    } else if (auto bytes = read_file(root / p)) {
      text = *bytes;
    }
    all += p + "\n" + std::to_string(text.size()) + "\n" + text;
  }
  return sha256_hex(all);
}

std::string generated_header(std::string_view comment, const std::string& hash,
                             const std::vector<std::string>& inputs) {
  std::string from;
  for (const auto& p : inputs) from += (from.empty() ? "" : ",") + p;
  return std::string(comment) + " " + std::string(k_generated_marker) + " inputs=" + hash +
         " from=" + from + "\n";
}

std::optional<ParsedHeader> parse_generated_header(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  size_t at = line.find(k_generated_marker);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(at + k_generated_marker.size());
  size_t h = rest.find(" inputs=");
  size_t f = rest.find(" from=");
  if (h == std::string_view::npos || f == std::string_view::npos || f < h) return std::nullopt;
  ParsedHeader out;
  out.hash = std::string(rest.substr(h + 8, f - h - 8));
  std::string_view from = rest.substr(f + 6);
  while (!from.empty()) {
    size_t comma = from.find(',');
    out.inputs.emplace_back(from.substr(0, comma));
    if (comma == std::string_view::npos) break;
    from.remove_prefix(comma + 1);
  }
  return out;
}

bool generated_file_is_current(const std::filesystem::path& root, std::string_view text) {
  auto h = parse_generated_header(text);
  return h && h->hash == inputs_hash(root, h->inputs);
}

}  // namespace strata::service
