#include "vector/distance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace strata::vec {
namespace {

std::vector<float> random_vector(size_t d, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-3.0f, 3.0f);
  std::vector<float> v(d);
  for (float& x : v) x = u(rng);
  return v;
}

// Wide kernels sum in another order than the scalar loop: they agree to a
// few float roundings of the sum of the terms' magnitudes.
void expect_close(float got, float want, double magnitude, const std::string& what) {
  EXPECT_NEAR(got, want, 1e-5 * magnitude + 1e-6) << what;
}

TEST(Distance, EverySupportedKernelMatchesTheScalarOneIncludingTails) {
  const DistanceKernels& scalar = all_kernels().front();
  ASSERT_STREQ(scalar.name, "scalar");
  std::mt19937 rng(11);
  for (const auto& k : all_kernels()) {
    if (!kernels_supported(k)) continue;
    for (size_t d : {1u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 33u, 63u, 100u, 784u, 785u, 1023u}) {
      for (int trial = 0; trial < 20; ++trial) {
        auto a = random_vector(d, rng), b = random_vector(d, rng);
        double l2_mag = 0, dot_mag = 0;
        for (size_t i = 0; i < d; ++i) {
          l2_mag += (a[i] - b[i]) * (a[i] - b[i]);
          dot_mag += std::fabs(a[i] * b[i]);
        }
        std::string what = std::string(k.name) + " d=" + std::to_string(d);
        expect_close(k.l2_squared(a.data(), b.data(), d), scalar.l2_squared(a.data(), b.data(), d),
                     l2_mag, what);
        expect_close(k.dot_product(a.data(), b.data(), d),
                     scalar.dot_product(a.data(), b.data(), d), dot_mag, what);
      }
    }
  }
}

TEST(Distance, KernelsReadNothingPastTheLastElement) {
  // A vector at the very end of its allocation: a masked or scalar tail
  // must not read past it (ASan builds catch an overread here).
  std::mt19937 rng(3);
  for (const auto& k : all_kernels()) {
    if (!kernels_supported(k)) continue;
    for (size_t d : {5u, 21u, 47u}) {
      auto a = random_vector(d, rng), b = random_vector(d, rng);
      EXPECT_GE(k.l2_squared(a.data(), b.data(), d), 0.0f) << k.name;
      EXPECT_FLOAT_EQ(k.l2_squared(a.data(), a.data(), d), 0.0f) << k.name;
    }
  }
}

TEST(Distance, EveryCodeKernelIsExactIncludingTailsAndTheLargestTerms) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> byte(0, 255);
  for (const auto& k : all_kernels()) {
    if (!kernels_supported(k)) continue;
    for (size_t d : {1u, 15u, 16u, 17u, 31u, 32u, 33u, 63u, 64u, 65u, 100u, 784u, 785u, 4096u}) {
      // Each code at the end of its own allocation: a tail must not read past it.
      std::vector<uint8_t> a(d), b(d), zeros(d, 0), full(d, 255);
      for (size_t i = 0; i < d; ++i) a[i] = static_cast<uint8_t>(byte(rng));
      for (size_t i = 0; i < d; ++i) b[i] = static_cast<uint8_t>(byte(rng));
      uint64_t want = 0;
      for (size_t i = 0; i < d; ++i) want += static_cast<uint64_t>((a[i] - b[i]) * (a[i] - b[i]));
      std::string what = std::string(k.name) + " d=" + std::to_string(d);
      EXPECT_EQ(k.l2_squared_u8(a.data(), b.data(), d), want) << what;
      EXPECT_EQ(k.l2_squared_u8(b.data(), a.data(), d), want) << what;
      EXPECT_EQ(k.l2_squared_u8(zeros.data(), full.data(), d), 65025u * d) << what;
      EXPECT_EQ(k.l2_squared_u8(a.data(), a.data(), d), 0u) << what;
    }
    EXPECT_EQ(k.l2_squared_u8(nullptr, nullptr, 0), 0u) << k.name;
  }
}

TEST(Distance, ZeroLengthIsZero) {
  for (const auto& k : all_kernels()) {
    if (!kernels_supported(k)) continue;
    EXPECT_EQ(k.l2_squared(nullptr, nullptr, 0), 0.0f) << k.name;
    EXPECT_EQ(k.dot_product(nullptr, nullptr, 0), 0.0f) << k.name;
  }
}

TEST(Distance, TheActiveKernelIsTheWidestTheCpuSupports) {
  if (std::getenv("STRATA_VEC_KERNEL")) GTEST_SKIP() << "STRATA_VEC_KERNEL forces a kernel";
  const DistanceKernels* widest = nullptr;
  for (const auto& k : all_kernels())
    if (kernels_supported(k)) widest = &k;
  ASSERT_NE(widest, nullptr);
  EXPECT_STREQ(active_kernels().name, widest->name);
}

}  // namespace
}  // namespace strata::vec
