#pragma once
// The seed's LogAggregator port: the logs of every pod of a workload as
// one stream, each line prefixed with its pod, optionally followed.

#include <functional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace strata::cluster {

struct LogOptions {
  std::string label_selector;  // the workload's pods
  bool follow = false;
  int tail_lines = -1;  // -1: everything the node kept
};

// One line of one pod (without its newline).
using LogSink = std::function<void(std::string_view pod, std::string_view line)>;

class LogAggregator {
 public:
  virtual ~LogAggregator() = default;
  // Calls `sink` for each line, from several threads one at a time, until
  // every pod's log ended (or, following, until the process stops).
  virtual Status logs(const std::string& namespace_, const LogOptions& options,
                      const LogSink& sink) = 0;
};

}  // namespace strata::cluster
