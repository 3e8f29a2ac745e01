// Fuzzes the `strata up` state file reader (.strata/up/state,
// src/supervise/up_state.cc), which `ps` and `down` read from disk: the raw
// file, or (odd first byte) the bytes as a JSON body behind a valid header
// with its checksum. A state that parses must format to text that parses
// to the same state.

#include <cstdlib>

#include "fuzz/fuzz_input.h"
#include "supervise/up_state.h"
#include "util/hash.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  std::string text;
  if (!strata::fuzz::take_framed(input)) {
    text = input;
  } else {
    std::string body(input);
    text = std::string(strata::k_up_state_signature) + " " +
           std::to_string(strata::k_up_state_version) + " " + strata::hash_bytes(body).hex() +
           "\n" + body;
  }
  auto state = strata::parse_up_state(text, "state");
  if (!state) return 0;
  auto again = strata::parse_up_state(strata::format_up_state(*state), "state");
  if (!again || !(*again == *state)) std::abort();
  return 0;
}
