#include "container/built_image.h"

#include "container/image_recipe.h"

namespace strata::container {

Result<std::string> pick_built_image(const std::vector<ImageInfo>& images,
                                     const ImageSettings& settings, const std::string& service,
                                     const std::string& tag) {
  const std::string reference = image_reference(settings, service, tag);
  const std::string repository = reference.substr(0, reference.rfind(':'));
  for (const auto& i : images) {
    if (i.repository != repository || i.tag != tag) continue;
    if (i.digest.rfind("sha256:", 0) != 0) return reference;
    return reference + "@" + i.digest;
  }
  return Error("no image of " + service + " built from its current sources (" + reference + ")",
               SourceLoc{},
               "strata image build " + service + ", or pass --image NAME@sha256:DIGEST")
      .of(ErrorKind::k_not_found);
}

}  // namespace strata::container
