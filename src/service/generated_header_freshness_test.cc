// The freshness headers of the generated files: the hash a header carries
// changes when a byte of one of the inputs it names changes and not
// otherwise, names its inputs in a stable order, and tells a stale file
// from a current one for every language's generated project.

#include <gtest/gtest.h>

#include <algorithm>

#include "service/emitter_test_support.h"
#include "service/generated_header.h"
#include "service/service_layout.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

const std::string k_dtos = "contexts/order_items/api/dtos.py";
const std::string k_port = "contexts/order_items/api/port.py";

Topology split_order_items(Transport transport = Transport::k_http) {
  Topology t;
  ServiceConfig s;
  s.context = "order_items";
  s.mode = ServiceMode::k_service;
  s.transport = transport;
  s.port = 8100;
  t.services["order_items"] = s;
  return t;
}

// A workspace holding the api layer the shapes contract is read from.
struct Workspace {
  testutil::TempDir dir{"strata-fresh"};
  Workspace() {
    dir.write(k_dtos, service_test::k_py_shapes_dtos);
    dir.write(k_port, service_test::k_py_shapes_port);
  }
  Layout layout(Transport transport = Transport::k_http) const {
    Topology t = split_order_items(transport);
    return derive_layout(dir.root(), t, format_topology(t),
                         {{"order_items", service_test::py_shapes_contract()}});
  }
};

std::string hash_of(const std::string& text) {
  auto h = parse_generated_header(text);
  return h ? h->hash : "";
}

TEST(GeneratedHeaderFreshness, TheHashIsOverEveryInputInTheOrderNamed) {
  testutil::TempDir d("strata-fresh");
  d.write("a", "one");
  d.write("b", "two");
  std::string ab = inputs_hash(d.root(), {"a", "b"});
  EXPECT_EQ(ab, sha256_hex("a\n3\noneb\n3\ntwo"));
  EXPECT_NE(ab, inputs_hash(d.root(), {"b", "a"}));
  EXPECT_NE(ab, inputs_hash(d.root(), {"a"}));
  EXPECT_EQ(ab, inputs_hash(d.root(), {"a", "b"}));
}

TEST(GeneratedHeaderFreshness, AnyByteChangedChangesTheHashAndRestoringItRestoresIt) {
  testutil::TempDir d("strata-fresh");
  d.write("in.py", "x = 1\n");
  std::string before = inputs_hash(d.root(), {"in.py"});
  d.write("in.py", "x = 1 \n");
  std::string spaced = inputs_hash(d.root(), {"in.py"});
  EXPECT_NE(before, spaced) << "whitespace is a byte too";
  d.write("in.py", "x = 1\n");
  EXPECT_EQ(before, inputs_hash(d.root(), {"in.py"}));
}

TEST(GeneratedHeaderFreshness, TheLengthKeepsAMovedByteFromHashingTheSame) {
  // Without the lengths, "ab" + "c" and "a" + "bc" would hash alike.
  testutil::TempDir d("strata-fresh");
  d.write("x", "ab");
  d.write("y", "c");
  std::string first = inputs_hash(d.root(), {"x", "y"});
  d.write("x", "a");
  d.write("y", "bc");
  EXPECT_NE(first, inputs_hash(d.root(), {"x", "y"}));
}

TEST(GeneratedHeaderFreshness, AMissingInputHashesAsEmptyAndTheOverlayWins) {
  testutil::TempDir d("strata-fresh");
  EXPECT_EQ(inputs_hash(d.root(), {"gone"}), sha256_hex("gone\n0\n"));
  d.write("f", "on disk");
  EXPECT_EQ(inputs_hash(d.root(), {"f"}, {{"f", "about to be written"}}),
            sha256_hex("f\n19\nabout to be written"));
}

TEST(GeneratedHeaderFreshness, AHeaderWithoutItsPartsIsNoHeader) {
  EXPECT_FALSE(parse_generated_header("// strata:generated v1 from=a inputs=x\n"));
  EXPECT_FALSE(parse_generated_header("// strata:generated v1 inputs=x\n"));
  EXPECT_FALSE(parse_generated_header(""));
  auto h = parse_generated_header("// strata:generated v1 inputs=x from=\nbody");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->inputs.empty());
  EXPECT_FALSE(generated_file_is_current("/nonexistent", "no header at all\n"));
}

TEST(GeneratedHeaderFreshness, EachLanguagesCommentOpensTheHeader) {
  EXPECT_EQ(generated_header("//", "h", {"a"}), "// strata:generated v1 inputs=h from=a\n");
  EXPECT_EQ(generated_header("#", "h", {}), "# strata:generated v1 inputs=h from=\n");
}

TEST(GeneratedHeaderFreshness, ChangingTheDtosChangesTheHashOfEveryFileNamingThem) {
  Workspace w;
  Layout before = w.layout();
  w.dir.write(k_dtos, std::string(service_test::k_py_shapes_dtos) + "\n# a comment\n");
  Layout after = w.layout();
  ASSERT_EQ(before.files.size(), after.files.size());
  int named = 0;
  for (const auto& [path, text] : before.files) {
    auto h = parse_generated_header(text);
    if (!h) continue;
    bool names_dtos = std::find(h->inputs.begin(), h->inputs.end(), k_dtos) != h->inputs.end();
    named += names_dtos;
    if (names_dtos)
      EXPECT_NE(hash_of(text), hash_of(after.files.at(path))) << path;
    else
      EXPECT_EQ(text, after.files.at(path)) << path;
  }
  EXPECT_GT(named, 10);
}

TEST(GeneratedHeaderFreshness, RewritingTheSameBytesChangesNothing) {
  Workspace w;
  Layout before = w.layout();
  w.dir.write(k_port, service_test::k_py_shapes_port);
  EXPECT_EQ(before.files, w.layout().files);
}

TEST(GeneratedHeaderFreshness, EveryGeneratedFileIsCurrentUntilAnInputChanges) {
  Workspace w;
  for (Transport t : {Transport::k_http, Transport::k_grpc, Transport::k_kafka}) {
    Layout l = w.layout(t);
    // The topology is an input too: write the one the layout was made for.
    w.dir.write(std::string(k_topology_file), format_topology(split_order_items(t)));
    for (const auto& [path, text] : l.files)
      if (parse_generated_header(text)) {
        EXPECT_TRUE(generated_file_is_current(w.dir.root(), text)) << path;
      }
  }
  Layout l = w.layout();
  const std::string& contract =
      l.files.at("contexts/order_items/service/src/order_items_service/contract.py");
  w.dir.write(k_port, std::string(service_test::k_py_shapes_port) + "\n");
  EXPECT_FALSE(generated_file_is_current(w.dir.root(), contract));
}

TEST(GeneratedHeaderFreshness, TheServiceNamesItsApiLayerAndTheMonolithTheTopologyToo) {
  Workspace w;
  Layout l = w.layout();
  auto service = parse_generated_header(
      l.files.at("contexts/order_items/service/src/order_items_service/contract.py"));
  ASSERT_TRUE(service);
  EXPECT_EQ(service->inputs, (std::vector<std::string>{k_dtos, k_port}));
  auto monolith =
      parse_generated_header(l.files.at("apps/monolith-python/src/strata_monolith/composition.py"));
  ASSERT_TRUE(monolith);
  EXPECT_EQ(monolith->inputs.front(), std::string(k_topology_file));
  EXPECT_FALSE(
      l.files.count("contexts/order_items/service/src/order_items_service/order_items.proto"))
      << "over http there is no .proto";
}

TEST(GeneratedHeaderFreshness, AGrpcProtoCarriesTheSlashCommentHeader) {
  Workspace w;
  Layout l = w.layout(Transport::k_grpc);
  auto it = l.files.find("contexts/order_items/service/src/order_items_service/order_items.proto");
  ASSERT_NE(it, l.files.end());
  EXPECT_TRUE(it->second.starts_with("// strata:generated v1 inputs="));
}

}  // namespace
}  // namespace strata::service
