#pragma once
// The port between the remote store and a cache server speaking the Bazel
// HTTP cache protocol: GET and PUT of "ac/<sha256>" and "cas/<sha256>".
// HttpTransport implements it over the network; unit tests use a fake.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata::remote {

class RemoteTransport {
 public:
  virtual ~RemoteTransport() = default;
  // The body, nullopt when the server does not have it (404), or an Error
  // when the server cannot be reached, times out or fails otherwise. A body
  // longer than `max_bytes` is cut at max_bytes + 1, so the caller sees it
  // was too long without a hostile server filling the memory.
  virtual Result<std::optional<std::string>> get(const std::string& path, uint64_t max_bytes) = 0;
  virtual Status put(const std::string& path, std::string_view body) = 0;
};

}  // namespace strata::remote
