#include "serve/python_worker.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace strata::serve {
namespace {

namespace fs = std::filesystem;

TEST(WorkerFrameTest, HeaderRoundTrips) {
  std::string wire = encode_frame({FrameKind::k_response, "{}", "abc"});
  ASSERT_EQ(wire.size(), k_frame_header_size + 5);
  auto h = decode_frame_header(std::string_view(wire).substr(0, k_frame_header_size), 1 << 20);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->kind, FrameKind::k_response);
  EXPECT_EQ(h->head_size, 2u);
  EXPECT_EQ(h->data_size, 3u);
}

TEST(WorkerFrameTest, RefusesOtherMagicVersionsAndSizes) {
  std::string wire = encode_frame({FrameKind::k_response, "{}", ""}).substr(0, k_frame_header_size);
  std::string bad_magic = wire;
  bad_magic[0] = 'X';
  EXPECT_FALSE(decode_frame_header(bad_magic, 1 << 20));
  std::string bad_version = wire;
  bad_version[4] = 9;
  EXPECT_FALSE(decode_frame_header(bad_version, 1 << 20));
  EXPECT_FALSE(decode_frame_header(wire, 1));  // head larger than allowed
  EXPECT_FALSE(decode_frame_header(wire.substr(0, 10), 1 << 20));
}

TEST(WorkerFrameTest, ResponseOutputsMustFitTheData) {
  Frame f{FrameKind::k_response,
          R"({"outputs":[{"name":"y","datatype":"FP32","shape":[1],"size":8}]})", "1234"};
  EXPECT_FALSE(response_outputs(f));
  f.data = "12345678";
  auto out = response_outputs(f);
  ASSERT_TRUE(out);
  EXPECT_EQ((*out)[0].name, "y");
  Frame e{FrameKind::k_error, R"({"error":"boom"})", ""};
  EXPECT_NE(response_outputs(e).error().message.find("boom"), std::string::npos);
}

// A real worker on Debian's python3 with numpy (skipped where it is absent).
class PythonWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import numpy' 2>/dev/null") != 0)
      GTEST_SKIP() << "no python3 with numpy";
    m_dir = fs::temp_directory_path() / ("strata-worker-" + std::to_string(::getpid()));
    fs::create_directories(m_dir);
    std::ofstream(m_dir / "model.py") << "import os\n"
                                         "def predict(inputs):\n"
                                         "    x = inputs['x']\n"
                                         "    if x[0] < 0: os._exit(1)\n"
                                         "    print('noise on stdout must not break the frames')\n"
                                         "    return {'y': x * 2}\n";
    m_manifest.name = "m";
    m_manifest.file = "model.py";
    m_manifest.python_function = "predict";
    m_manifest.outputs = {{"y", DataType::k_fp32, {-1}}};
  }
  void TearDown() override { fs::remove_all(m_dir); }
  static Tensor x(float v) {
    Tensor t{"x", DataType::k_fp32, {1}, std::string(4, '\0')};
    std::memcpy(t.data.data(), &v, 4);
    return t;
  }
  static float value(const Tensor& t) {
    float f;
    std::memcpy(&f, t.data.data(), 4);
    return f;
  }
  fs::path m_dir;
  Manifest m_manifest;
};

TEST_F(PythonWorkerTest, RunsThePredictFunction) {
  PythonWorker worker("/usr/bin/python3", m_manifest, m_dir.string(), std::chrono::seconds(30));
  ASSERT_TRUE(worker.start());
  auto out = worker.infer({x(21)});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(value((*out)[0]), 42.0f);
}

TEST_F(PythonWorkerTest, ACrashedWorkerIsRestarted) {
  PythonWorker worker("/usr/bin/python3", m_manifest, m_dir.string(), std::chrono::seconds(30));
  ASSERT_TRUE(worker.start());
  int first = worker.pid();
  EXPECT_FALSE(worker.infer({x(-1)}));
  auto out = worker.infer({x(1)});
  ASSERT_TRUE(out) << out.error().message;
  EXPECT_EQ(value((*out)[0]), 2.0f);
  EXPECT_EQ(worker.restarts(), 1);
  EXPECT_NE(worker.pid(), first);
}

TEST_F(PythonWorkerTest, AModelThatDoesNotLoadIsAnError) {
  m_manifest.python_function = "missing";
  PythonWorker worker("/usr/bin/python3", m_manifest, m_dir.string(), std::chrono::seconds(30));
  auto st = worker.start();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("did not start"), std::string::npos);
}

}  // namespace
}  // namespace strata::serve
