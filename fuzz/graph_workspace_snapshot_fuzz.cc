// Fuzzes the workspace snapshot decoder (.strata/workspace-snapshot,
// src/graph/workspace_snapshot.cc): the raw file, or (odd first byte) the
// bytes as a payload behind a valid header for a fixed fingerprint, which
// reaches the decoding of every workspace and graph struct, CBOR included.
// A snapshot that decodes must encode to one that decodes again.

#include <cstdlib>

#include "fuzz/fuzz_input.h"
#include "graph/workspace_snapshot.h"

namespace {

const strata::Digest k_fingerprint{0x0123456789abcdef, 0xfedcba9876543210};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input = strata::fuzz::as_view(data, size);
  std::string bytes;
  if (!strata::fuzz::take_framed(input)) {
    bytes = input;
  } else {
    bytes = "STRWSNP\n";
    strata::fuzz::put_le(bytes, strata::k_workspace_snapshot_version, 4);
    strata::fuzz::put_le(bytes, k_fingerprint.hi, 8);
    strata::fuzz::put_le(bytes, k_fingerprint.lo, 8);
    strata::fuzz::put_le(bytes, input.size(), 8);
    strata::Digest sum = strata::hash_bytes(input);
    strata::fuzz::put_le(bytes, sum.hi, 8);
    strata::fuzz::put_le(bytes, sum.lo, 8);
    bytes.append(input);
  }
  strata::Workspace ws;
  strata::ProjectGraph graph;
  if (!strata::decode_workspace_snapshot(bytes, k_fingerprint, ws, graph)) return 0;
  std::string again = strata::encode_workspace_snapshot(k_fingerprint, ws, graph);
  strata::Workspace ws2;
  strata::ProjectGraph graph2;
  if (!strata::decode_workspace_snapshot(again, k_fingerprint, ws2, graph2)) std::abort();
  if (ws2.projects.size() != ws.projects.size() || graph2.nodes != graph.nodes) std::abort();
  return 0;
}
