// Image names made from project names must be valid references: a name
// component starts and ends with a letter or digit (OCI distribution spec),
// so whatever a project is called, the builder accepts the tag.

#include <gtest/gtest.h>

#include "container/image_recipe.h"

namespace strata::container {
namespace {

TEST(ImageName, AScopeWithoutASlashIsDroppedNotTurnedIntoADash) {
  // "@acme" used to become "-acme", which no builder accepts.
  EXPECT_EQ(image_name("@acme"), "acme");
}

TEST(ImageName, SeparatorsAtEitherEndAreTrimmed) {
  EXPECT_EQ(image_name("My Service!"), "my-service");
  EXPECT_EQ(image_name("_private"), "private");
  EXPECT_EQ(image_name("-x-"), "x");
  EXPECT_EQ(image_name(".hidden.svc"), "hidden.svc");
}

TEST(ImageName, InnerSeparatorsAndDigitsAreKept) {
  EXPECT_EQ(image_name("billing_v2.api-service"), "billing_v2.api-service");
  EXPECT_EQ(image_name("@acme/Orders2"), "orders2");
  EXPECT_EQ(image_name("a/b"), "a-b");  // a slash would make a path of it
}

TEST(ImageName, TheReferenceJoinsRepositoryNameAndTag) {
  ImageSettings s = default_image_settings();
  s.repository = "registry.example.com:5000/team";
  EXPECT_EQ(image_reference(s, "@acme/Billing", "0123abcd"),
            "registry.example.com:5000/team/billing:0123abcd");
}

}  // namespace
}  // namespace strata::container
