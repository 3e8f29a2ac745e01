#pragma once
// The kustomize tree Strata keeps beside each split service (and the
// monolith, while anything is split): a base rendered from the context's
// own settings and one overlay per environment holding exactly what that
// environment changes, as JSON patches computed from the rendered objects.
// `kubectl apply -k <dir>/overlays/production` therefore gives the same
// objects as render_service(..., "production"). Every file is generated
// (the generated-file header names topology.json and its hash); they live
// inside the generated service's folder, so `strata merge` removes them with
// it. Layout: docs/kubernetes.md.

#include <filesystem>
#include <map>
#include <string>

#include "config/topology.h"
#include "util/result.h"

namespace strata::kube {

// Where a context's tree lives, relative to the root:
// "contexts/NAME/service/k8s", or "apps/monolith-python/k8s".
std::string kustomize_dir(const std::string& context);

// The files of one context's tree, path relative to the root -> text.
Result<std::map<std::string, std::string>> kustomize_files(const std::filesystem::path& root,
                                                           const Topology& topology,
                                                           const std::string& context);

// What writing the trees changed, relative to the root.
struct KustomizeChange {
  std::vector<std::string> written;
  std::vector<std::string> removed;
};

// Writes the tree of every split service whose generated folder exists,
// and the monolith's while its folder exists, each file atomically and only
// when its bytes change; files in a tree that the topology no longer
// derives are removed.
Result<KustomizeChange> write_kustomize(const std::filesystem::path& root,
                                        const Topology& topology);

}  // namespace strata::kube
