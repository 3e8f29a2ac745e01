#pragma once
// ServiceArchitecture: where each bounded context runs, and moving it. A
// split records the context as a service in topology.json and writes what
// the new topology derives (its service project, the monolith's composition
// root); a merge records it back and removes them. Both are one transaction
// (service/transaction.h) between layout(old) and layout(new)
// (service/service_layout.h), so they never touch business code, undo each
// other byte for byte, and do nothing when there is nothing to change.

#include <filesystem>
#include <string>
#include <vector>

#include "boundary/rules.h"
#include "config/topology.h"
#include "files/file_index.h"
#include "gen/domain_context.h"
#include "model/workspace.h"
#include "service/contract_change.h"
#include "service/gate.h"
#include "service/service_layout.h"
#include "util/result.h"

namespace strata::service {

struct SplitRequest {
  std::string context;
  std::optional<Transport> transport;  // unset: http, or what it already has
  int port = 0;                        // 0: what it already has, else derived from the name
  int replicas = 0;                    // 0: what it already has, else 1
  bool check_only = false;             // run the gate, change nothing
  bool dry_run = false;                // say what would change, change nothing
};

struct Change {
  std::string context;
  ServiceConfig placement;
  std::vector<std::string> written;   // files created or rewritten
  std::vector<std::string> removed;   // files or folders removed
  std::vector<GateProblem> problems;  // the gate's reasons to refuse
  // What the regenerated service changes for clients built against the
  // contract it had (reported, not refused: they are redeployed together).
  std::vector<BreakingChange> breaking;
  bool refused() const { return !problems.empty(); }
  bool changed() const { return !written.empty() || !removed.empty(); }
};

struct ServiceStatus {
  std::string name;  // the service project, "NAME-service"
  ServiceConfig config;
  std::string health;             // "healthy", "unreachable", "unhealthy"
  bool generated_current = true;  // the generated files match the topology and the contract
};

class ServiceArchitecture {
 public:
  ServiceArchitecture(const Workspace& ws, const FileIndex& files, BoundaryRules rules)
      : m_ws(ws), m_files(files), m_rules(std::move(rules)) {}

  Result<Change> split_service(const SplitRequest& request) const;
  Result<Change> merge_service(const std::string& context, bool dry_run = false) const;
  Result<std::vector<ServiceStatus>> list_services(bool probe_health = true) const;
  Result<ServiceStatus> get_service_status(const std::string& context,
                                           bool probe_health = true) const;

  // The contracts of every context that can run as a service (Python, with
  // api, application and infrastructure layers).
  Contracts contracts() const;

 private:
  Result<Change> move(const Topology& from, const Topology& to, Change change, bool dry_run) const;
  Result<std::string> check_context(const std::string& context) const;
  // Every context the topology places is one of the workspace's (but
  // `leaving`, which a merge may take out of the topology).
  Status check_placed(const Topology& t, const std::string& leaving = "") const;
  ServiceStatus status_of(const ServiceConfig& cfg, const Layout& layout, bool probe) const;

  const Workspace& m_ws;
  const FileIndex& m_files;
  BoundaryRules m_rules;
};

// The port a context gets when none is asked for: derived from its name, so
// splitting independent contexts in either order gives the same ports. A
// grpc service takes the next port too (gRPC listens there), so neither may
// be taken.
int default_port(const std::string& context, const Topology& t,
                 Transport transport = Transport::k_http);

}  // namespace strata::service

namespace strata::service {

// DomainContext's port onto the architecture: extract_to_service and
// merge_from_service end up here.
class ArchitecturePlacement final : public gen::ServicePlacement {
 public:
  explicit ArchitecturePlacement(const ServiceArchitecture& arch) : m_arch(arch) {}
  Status split(const std::string& context, Transport transport) override;
  Status merge(const std::string& context) override;

 private:
  const ServiceArchitecture& m_arch;
};

}  // namespace strata::service
