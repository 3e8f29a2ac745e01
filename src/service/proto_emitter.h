#pragma once
// The .proto of a context's contract, for the grpc transport: a message per
// DTO, a call and a result message per method of the port, and one service
// with the port's methods. Field numbers are a function of the field's name
// alone (a hash, see proto_field_number), so adding, removing or reordering
// fields never renumbers the others: a client built from an older contract
// still reads every field both sides know. docs/commands/split.md has the
// mapping of contract types to proto types.

#include <cstdint>
#include <string>
#include <vector>

#include "service/contract.h"

namespace strata::service {

// `syntax = "proto3"`, package strata.CONTEXT, messages in DTO order, then
// one <Method>Call and <Method>Result per method, then the service.
std::string proto_file(const Contract& c);

// The stable number of field `name` in a message: FNV-1a of the name into
// [1, 2^18), skipping protobuf's reserved 19000-19999. `taken` holds the
// numbers already given in the same message: a collision probes upwards.
int proto_field_number(const std::string& name, const std::vector<int>& taken = {});

// "strata.billing.BillingService": the full name gRPC calls carry.
std::string proto_service_name(const Contract& c);
// "open" -> "Open", the rpc's name; "OpenCall" / "OpenResult", its messages.
std::string proto_rpc_name(const std::string& method);

// The places where the contract uses a type protobuf cannot carry as it is
// (a list of lists, an optional list, a list of optionals), each with the
// file and line of its DTO or method: where "BillingService.open: parameter
// tags", type "list[list[str]]". Also a DTO named like a message the .proto
// makes for a method (GetResult beside a method `get`): protoc refuses two
// messages of one name.
std::vector<Unserialisable> proto_unmappable(const Contract& c);

}  // namespace strata::service
