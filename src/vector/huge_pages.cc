#include "vector/huge_pages.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace strata::vec {

namespace {

constexpr uintptr_t k_huge = uintptr_t{2} << 20;

bool enabled() {
  static const bool on = [] {
    const char* v = std::getenv("STRATA_VEC_HUGE_PAGES");
    return !v || std::strcmp(v, "0") != 0;
  }();
  return on;
}

}  // namespace

void use_huge_pages(const void* p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (!p || bytes < 2 * k_huge || !enabled()) return;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(p) + k_huge - 1) & ~(k_huge - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(p) + bytes) & ~(k_huge - 1);
  if (end <= begin) return;
  void* start = reinterpret_cast<void*>(begin);
  // Failures are harmless: the pages stay small.
  (void)madvise(start, end - begin, MADV_HUGEPAGE);
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25  // Linux 6.1; older headers lack it, older kernels refuse it
#endif
  (void)madvise(start, end - begin, MADV_COLLAPSE);
#else
  (void)p;
  (void)bytes;
#endif
}

}  // namespace strata::vec
