#pragma once
// Backs large, randomly read buffers of the index (the float vectors, their
// 8-bit codes, the graph's neighbour lists) with 2 MB pages where the
// kernel allows it. A search reads one row of 3 KB here and another there:
// with 4 KB pages nearly every row costs a TLB miss and a page walk, which
// showed as the scan's largest stall. Linux only (MADV_HUGEPAGE, and
// MADV_COLLAPSE from 6.1 to collapse pages already filled); elsewhere, or
// when the kernel refuses, nothing changes but the speed.
// STRATA_VEC_HUGE_PAGES=0 turns it off (to measure the difference).

#include <cstddef>

namespace strata::vec {

// Asks for huge pages over the whole 2 MB-aligned part of [p, p + bytes).
// Collapsing copies the pages once (tens of ms for 200 MB); buffers below
// 4 MB are left alone.
void use_huge_pages(const void* p, size_t bytes);

}  // namespace strata::vec
