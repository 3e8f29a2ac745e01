#pragma once
// Hands an object over to be freed when the process ends, that is, never:
// the kernel takes the memory back at once. A one-shot command's loaded
// workspace (thousands of strings, maps and JSON values) costs more to
// take apart than the rest of a fully cached run's bookkeeping (5 M
// instructions at 300 projects), and nothing needs it after the command.
// The objects stay reachable from a static list, so leak checkers are
// quiet. Not for objects made in a loop (watch mode): they would pile up.

#include <memory>
#include <mutex>
#include <vector>

namespace strata {

template <typename T>
void keep_until_exit(std::unique_ptr<T> object) {
  static auto* mutex = new std::mutex;
  static auto* kept = new std::vector<std::shared_ptr<void>>;
  std::lock_guard lock(*mutex);
  kept->push_back(std::shared_ptr<void>(std::move(object)));
}

}  // namespace strata
