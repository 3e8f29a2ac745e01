// Naming objects and their REST paths: which fields a reference needs,
// which kinds are cluster-scoped, and how query values are escaped.

#include "cluster/resource.h"

#include <gtest/gtest.h>

namespace strata::cluster {
namespace {

using nlohmann::json;

json object(const std::string& api_version, const std::string& kind, const std::string& name,
            const std::string& ns = "") {
  json o = {{"apiVersion", api_version}, {"kind", kind}, {"metadata", {{"name", name}}}};
  if (!ns.empty()) o["metadata"]["namespace"] = ns;
  return o;
}

TEST(ObjectRef, ReadsEveryFieldAndNamesItTheWayKubectlDoes) {
  auto r = ref_of(object("apps/v1", "Deployment", "orders", "prod"), "shop");
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_EQ(*r, (ObjectRef{"apps/v1", "Deployment", "prod", "orders"}));
  EXPECT_EQ(r->str(), "Deployment/orders");
}

TEST(ObjectRef, ANamespacedObjectWithoutANamespaceGetsTheDefault) {
  auto r = ref_of(object("v1", "ConfigMap", "settings"), "shop");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->namespace_, "shop");
}

TEST(ObjectRef, AnUnknownKindIsTakenAsNamespaced) {
  // Custom resources are mostly namespaced; discovery corrects the rest.
  auto r = ref_of(object("example.com/v1", "Widget", "w"), "shop");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->namespace_, "shop");
}

TEST(ObjectRef, AClusterScopedKindKeepsNoNamespace) {
  auto r = ref_of(object("v1", "Node", "n1"), "shop");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->namespace_, "");
}

TEST(ObjectRef, MissingFieldsAreNamedInTheError) {
  auto no_kind = ref_of(json{{"apiVersion", "v1"}, {"metadata", {{"name", "x"}}}}, "shop");
  ASSERT_FALSE(no_kind);
  EXPECT_NE(no_kind.error().message.find("apiVersion or kind"), std::string::npos);
  EXPECT_NE(no_kind.error().message.find("'x'"), std::string::npos);
  auto no_name = ref_of(json{{"apiVersion", "v1"}, {"kind", "Service"}}, "shop");
  ASSERT_FALSE(no_name);
  EXPECT_NE(no_name.error().message.find("Service without metadata.name"), std::string::npos);
  EXPECT_FALSE(ref_of(json::array(), "shop"));
  // A name that is not a string is as good as none.
  EXPECT_FALSE(
      ref_of(json{{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", {{"name", 7}}}}, "shop"));
}

TEST(KnownResource, MatchesTheGroupNotOnlyTheKind) {
  auto d = known_resource("apps/v1", "Deployment");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->plural, "deployments");
  EXPECT_TRUE(d->namespaced);
  EXPECT_FALSE(known_resource("v1", "Deployment"));  // core has no Deployment
  EXPECT_FALSE(known_resource("apps/v1", "Pod"));
  auto ns = known_resource("v1", "Namespace");
  ASSERT_TRUE(ns);
  EXPECT_FALSE(ns->namespaced);
  auto ing = known_resource("networking.k8s.io/v1", "Ingress");
  ASSERT_TRUE(ing);
  EXPECT_EQ(ing->plural, "ingresses");
}

TEST(ResourcePath, CoreAndNamedGroupsAndCollections) {
  EXPECT_EQ(group_version_path("v1"), "/api/v1");
  EXPECT_EQ(group_version_path("apps/v1"), "/apis/apps/v1");
  EXPECT_EQ(resource_path("apps/v1", {"deployments", true}, "shop"),
            "/apis/apps/v1/namespaces/shop/deployments");
  EXPECT_EQ(resource_path("v1", {"pods", true}, "shop", "p-1"), "/api/v1/namespaces/shop/pods/p-1");
  EXPECT_EQ(resource_path("v1", {"nodes", false}, "ignored"), "/api/v1/nodes");
}

TEST(QueryEscape, KeepsUnreservedCharactersAndEncodesTheRest) {
  EXPECT_EQ(query_escape("app-name_1.x~"), "app-name_1.x~");
  EXPECT_EQ(query_escape("app=orders,tier!=db"), "app%3Dorders%2Ctier%21%3Ddb");
  EXPECT_EQ(query_escape("a b/c"), "a%20b%2Fc");
  EXPECT_EQ(query_escape("\xC3\xA9"), "%C3%A9");  // bytes, upper-case hex
  EXPECT_EQ(query_escape(""), "");
}

}  // namespace
}  // namespace strata::cluster
