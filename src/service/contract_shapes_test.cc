// The contract read from api layers of every shape, and its fingerprint: a
// digest of everything the generated code depends on, so it changes with
// whatever changes an emitted byte (a literal of a union, the C++ spelling
// of an integer) and with nothing else (a DTO's line).

#include <gtest/gtest.h>

#include "service/contract.h"
#include "service/cpp_emitter.h"
#include "service/emitter_test_support.h"
#include "service/typescript_emitter.h"

namespace strata::service {
namespace {

using K = TypeRef::Kind;

TEST(ContractShapes, ThePythonShapesAreReadAsWritten) {
  Contract c = service_test::py_shapes_contract();
  ASSERT_EQ(c.dtos.size(), 3u);
  EXPECT_EQ(c.not_found, "OrderItemsNotFoundError");
  const Dto& item = c.dtos[0];
  ASSERT_EQ(item.fields.size(), 6u);
  EXPECT_EQ(item.fields[4].type.kind, K::k_optional);
  EXPECT_EQ(item.fields[5].type.kind, K::k_tuple);
  EXPECT_EQ(item.fields[5].default_text, "()");
  EXPECT_TRUE(c.dtos[2].fields.empty());
  ASSERT_EQ(c.methods.size(), 6u);
  EXPECT_TRUE(c.methods[0].params.empty());
  EXPECT_EQ(c.methods[1].params.size(), 4u);
  EXPECT_EQ(c.methods[4].returns.kind, K::k_none);
  EXPECT_TRUE(unserialisable_types(c).empty());
}

TEST(ContractShapes, TheFingerprintIgnoresWhereTheDeclarationsSit) {
  Contract a = service_test::py_shapes_contract();
  Contract b = a;
  b.dtos[0].line += 10;
  b.methods[0].line += 3;
  EXPECT_EQ(contract_fingerprint(a), contract_fingerprint(b));
}

TEST(ContractShapes, ALiteralAddedToAUnionChangesTheFingerprintAsItChangesTheCodec) {
  std::string dto = service_test::k_ts_shapes_dto;
  std::string wider = dto;
  wider.replace(wider.find("\"open\" | \"closed\""), 17, "\"open\" | \"closed\" | \"void\"");
  Contract a = service_test::ts_shapes_contract(dto, service_test::k_ts_shapes_port);
  Contract b = service_test::ts_shapes_contract(wider, service_test::k_ts_shapes_port);
  ASSERT_TRUE(ts_codec_module(a, ts_names(a, "@ws")) != ts_codec_module(b, ts_names(b, "@ws")));
  EXPECT_NE(contract_fingerprint(a), contract_fingerprint(b));
}

TEST(ContractShapes, AnIntegersCppSpellingChangesTheFingerprintAsItChangesTheCodec) {
  std::string port = service_test::k_cpp_shapes_port;
  std::string wider = port;
  wider.replace(wider.find("int quantity"), 12, "long long quantity");
  Contract a = service_test::cpp_shapes_contract(service_test::k_cpp_shapes_dto, port);
  Contract b = service_test::cpp_shapes_contract(service_test::k_cpp_shapes_dto, wider);
  ASSERT_TRUE(cpp_codec_source(a, cpp_service_unit(a)) != cpp_codec_source(b, cpp_service_unit(b)));
  EXPECT_NE(contract_fingerprint(a), contract_fingerprint(b));
}

}  // namespace
}  // namespace strata::service
