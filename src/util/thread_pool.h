#pragma once
// The one bounded pool for data-parallel loops over independent items.

#include <cstddef>
#include <functional>

namespace strata {

// Threads to use by default: the machine's cores.
size_t default_parallelism();

// Calls fn(i) for every i in [0, n) on up to `threads` threads (0: all
// cores), in chunks taken from a shared counter; returns when all are done.
// An exception thrown by fn stops the loop early and is rethrown here, on
// the caller, after every thread has finished.
void parallel_for(size_t n, const std::function<void(size_t)>& fn, size_t threads = 0);

}  // namespace strata
