#pragma once
// The seed's ServiceScaler port: a workload's replica count through the
// scale subresource, the way an autoscaler or `kubectl scale` changes it.

#include <string>

#include "util/result.h"

namespace strata::cluster {

struct Scale {
  int desired = 0;  // spec.replicas
  int current = 0;  // status.replicas
};

class ServiceScaler {
 public:
  virtual ~ServiceScaler() = default;
  virtual Result<Scale> get_scale(const std::string& namespace_, const std::string& deployment) = 0;
  // Sets spec.replicas; the scale as the server answers it.
  virtual Result<Scale> set_scale(const std::string& namespace_, const std::string& deployment,
                                  int replicas) = 0;
};

}  // namespace strata::cluster
