#pragma once
// PythonWorker: one persistent Python process running a model's predict
// function, spoken to over its stdin and stdout with the framing of
// docs/formats/python-worker.md (a magic, a version, a kind, then a JSON
// head and raw tensors). A worker that dies or breaks the framing is
// killed and started again for the next request.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "serve/manifest.h"
#include "serve/tensor.h"
#include "util/result.h"

namespace strata::serve {

inline constexpr uint16_t k_worker_protocol_version = 1;

enum class FrameKind : uint16_t { k_request = 1, k_response = 2, k_ready = 3, k_error = 4 };

struct Frame {
  FrameKind kind = FrameKind::k_request;
  std::string head;  // JSON
  std::string data;  // raw tensors, in the order the head lists them
};

// The 24-byte frame header followed by head and data.
std::string encode_frame(const Frame& f);
// Parses a 24-byte header: the kind and the two lengths; an error for a
// wrong magic or version, or lengths past `max_bytes`.
struct FrameHeader {
  FrameKind kind;
  uint64_t head_size;
  uint64_t data_size;
};
Result<FrameHeader> decode_frame_header(std::string_view header, uint64_t max_bytes);
inline constexpr size_t k_frame_header_size = 24;

// The request frame for `inputs`, and the outputs of a response frame.
Frame request_frame(const std::vector<Tensor>& inputs);
Result<std::vector<Tensor>> response_outputs(const Frame& f);

// The worker program (python_worker_main.cc), run with `python -c`.
extern const char* const k_python_worker_program;

class PythonWorker {
 public:
  PythonWorker(std::string python, Manifest manifest, std::string directory,
               std::chrono::seconds timeout)
      : m_python(std::move(python)),
        m_manifest(std::move(manifest)),
        m_dir(std::move(directory)),
        m_timeout(timeout) {}
  ~PythonWorker();
  PythonWorker(const PythonWorker&) = delete;
  PythonWorker& operator=(const PythonWorker&) = delete;

  // Starts the process and waits for its ready frame (the model loaded).
  Status start();
  // Runs one request; restarts a worker that died since the last one.
  Result<std::vector<Tensor>> infer(const std::vector<Tensor>& inputs);
  int restarts() const { return m_restarts; }
  int pid() const { return m_pid; }

 private:
  Result<Frame> read_frame();
  Status write_all(std::string_view data);
  void kill_worker();
  bool alive();

  std::string m_python;
  Manifest m_manifest;
  std::string m_dir;
  std::chrono::seconds m_timeout;
  int m_pid = -1;
  int m_to = -1;    // its stdin
  int m_from = -1;  // its stdout
  int m_restarts = 0;
};

}  // namespace strata::serve
