// Fuzzes the manifest reader: libyaml's document API turned into JSON with
// positions (aliases, nesting and node counts bounded), then the policy
// over every document, as `strata check manifests` runs it on a team's files.

#include "fuzz/fuzz_input.h"
#include "kube/policy.h"
#include "kube/yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto docs = strata::kube::parse_yaml(strata::fuzz::as_view(data, size), "m.yaml");
  if (!docs) return 0;
  for (const auto& d : *docs) {
    strata::kube::Locate locate = [&](const std::string& p) {
      auto it = d.positions.find(p);
      return it == d.positions.end() ? strata::TextPos{} : it->second;
    };
    strata::kube::check_object(d.value, "m.yaml", locate);
    strata::kube::to_yaml(d.value);
  }
  return 0;
}
