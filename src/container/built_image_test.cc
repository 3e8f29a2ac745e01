#include "container/built_image.h"

#include <gtest/gtest.h>

namespace strata::container {
namespace {

ImageInfo image(std::string repository, std::string tag, std::string digest) {
  ImageInfo i;
  i.repository = std::move(repository);
  i.tag = std::move(tag);
  i.digest = std::move(digest);
  return i;
}

TEST(BuiltImage, NamesTheImageOfTheCurrentRecipeByDigest) {
  ImageSettings s = default_image_settings();
  std::vector<ImageInfo> images = {
      image("localhost/strata/billing-service", "0ld0ld0ld0ld0ld0", "sha256:aaaa"),
      image("localhost/strata/billing-service", "1234abcd1234abcd", "sha256:bbbb"),
      image("localhost/strata/shipping-service", "1234abcd1234abcd", "sha256:cccc")};
  auto r = pick_built_image(images, s, "billing-service", "1234abcd1234abcd");
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_EQ(*r, "localhost/strata/billing-service:1234abcd1234abcd@sha256:bbbb");
}

TEST(BuiltImage, AnNpmScopedServiceIsFoundByItsImageName) {
  ImageSettings s = default_image_settings();
  auto r = pick_built_image({image("localhost/strata/hello-service", "ff", "sha256:dd")}, s,
                            "@acme/hello-service", "ff");
  ASSERT_TRUE(r) << r.error().str();
  EXPECT_EQ(*r, "localhost/strata/hello-service:ff@sha256:dd");
}

TEST(BuiltImage, WithoutADigestTheTagAloneIsGiven) {
  ImageSettings s = default_image_settings();
  auto r = pick_built_image({image("localhost/strata/billing-service", "ff", "")}, s,
                            "billing-service", "ff");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "localhost/strata/billing-service:ff");
}

TEST(BuiltImage, AnImageOfOlderSourcesOrAnotherRepositoryIsNotDeployed) {
  ImageSettings s = default_image_settings();
  s.repository = "registry.example/team";
  std::vector<ImageInfo> images = {
      image("localhost/strata/billing-service", "ff", "sha256:aa"),
      image("registry.example/team/billing-service", "ee", "sha256:bb")};
  auto r = pick_built_image(images, s, "billing-service", "ff");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::k_not_found);
  EXPECT_NE(r.error().message.find("registry.example/team/billing-service:ff"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().hint,
            "strata image build billing-service, or pass --image NAME@sha256:DIGEST");
}

}  // namespace
}  // namespace strata::container
