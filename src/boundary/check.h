#pragma once
// `strata check boundaries` below the command line: scan and resolve the
// imports, judge each one against the rules, find project and context
// cycles, and return every violation, sorted by file and line.

#include <string>
#include <vector>

#include "boundary/rules.h"
#include "boundary/violation.h"
#include "files/file_index.h"
#include "graph/source_scan.h"
#include "model/workspace.h"
#include "util/diagnostics.h"

namespace strata {

struct BoundaryCheckOptions {
  // Only this project's own imports, read without the shared scan cache:
  // what a cached per-project lint target needs. Cycles and transitive
  // tag constraints need the whole workspace and are left to a full run.
  std::string project;
};

struct BoundaryReport {
  std::vector<Violation> violations;  // sorted by file, line, rule
  size_t files = 0;                   // source files checked
  size_t imports = 0;                 // imports that leave their project
  ScanStats scan;
};

// Problems in the workspace itself (unknown implicit dependencies, bad
// tsconfig paths) go to `diags`; an unknown --project is an error.
Result<BoundaryReport> check_boundaries(const Workspace& ws, const FileIndex& files,
                                        const BoundaryRules& rules,
                                        const BoundaryCheckOptions& opts, Diagnostics& diags);

}  // namespace strata
