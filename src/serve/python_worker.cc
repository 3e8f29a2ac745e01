// A worker is spawned without a shell (posix_spawnp) with two pipes; every
// read and write has the request timeout as its deadline, so a hung model
// costs one request and a restart, not a stuck instance thread. A worker
// whose strata dies sees its stdin close and exits.

#include "serve/python_worker.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <nlohmann/json.hpp>

#include "util/json_limits.h"

extern char** environ;

namespace strata::serve {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
constexpr char k_magic[4] = {'S', 'T', 'P', 'W'};
constexpr uint64_t k_max_frame = uint64_t{1} << 32;

template <typename T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

int remaining_ms(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

bool read_exact(int fd, char* buf, size_t n, Clock::time_point deadline) {
  while (n > 0) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0) return false;
    ssize_t got = ::read(fd, buf, n);
    if (got <= 0) return false;
    buf += got;
    n -= static_cast<size_t>(got);
  }
  return true;
}

}  // namespace

std::string encode_frame(const Frame& f) {
  std::string out(k_magic, 4);
  put(out, k_worker_protocol_version);
  put(out, static_cast<uint16_t>(f.kind));
  put(out, static_cast<uint64_t>(f.head.size()));
  put(out, static_cast<uint64_t>(f.data.size()));
  return out + f.head + f.data;
}

Result<FrameHeader> decode_frame_header(std::string_view h, uint64_t max_bytes) {
  if (h.size() != k_frame_header_size || h.substr(0, 4) != std::string_view(k_magic, 4))
    return Error("the Python worker sent something other than a frame").of(ErrorKind::k_internal);
  uint16_t version, kind;
  FrameHeader out{};
  std::memcpy(&version, h.data() + 4, 2);
  std::memcpy(&kind, h.data() + 6, 2);
  std::memcpy(&out.head_size, h.data() + 8, 8);
  std::memcpy(&out.data_size, h.data() + 16, 8);
  if (version != k_worker_protocol_version)
    return Error(fmt::format("the Python worker speaks framing version {}, not {}", version,
                             k_worker_protocol_version))
        .of(ErrorKind::k_internal);
  if (kind < 1 || kind > 4 || out.head_size > max_bytes || out.data_size > max_bytes)
    return Error("the Python worker sent a malformed frame").of(ErrorKind::k_internal);
  out.kind = static_cast<FrameKind>(kind);
  return out;
}

Frame request_frame(const std::vector<Tensor>& inputs) {
  Frame f;
  json head = {{"inputs", json::array()}};
  for (const auto& t : inputs) {
    head["inputs"].push_back({{"name", t.name},
                              {"datatype", datatype_name(t.datatype)},
                              {"shape", t.shape},
                              {"size", t.data.size()}});
    f.data += t.data;
  }
  f.head = head.dump();
  return f;
}

Result<std::vector<Tensor>> response_outputs(const Frame& f) {
  json head;
  if (parse_json_bounded(f.head, false, head) || !head.is_object())
    return Error("the Python worker's answer is not JSON").of(ErrorKind::k_internal);
  if (f.kind == FrameKind::k_error)
    return Error(fmt::format("the model's function failed: {}",
                             head.value("error", std::string("unknown error"))))
        .of(ErrorKind::k_internal);
  std::vector<Tensor> out;
  size_t at = 0;
  for (const auto& o : head.value("outputs", json::array())) {
    Tensor t;
    t.name = o.value("name", "");
    auto dt = parse_datatype(o.value("datatype", ""));
    uint64_t size = o.value("size", uint64_t{0});
    if (!dt || !o.contains("shape") || size > f.data.size() - at)
      return Error("the Python worker's outputs do not match its data").of(ErrorKind::k_internal);
    t.datatype = *dt;
    for (const auto& d : o["shape"]) t.shape.push_back(d.get<int64_t>());
    t.data = f.data.substr(at, size);
    at += size;
    out.push_back(std::move(t));
  }
  return out;
}

PythonWorker::~PythonWorker() { kill_worker(); }

void PythonWorker::kill_worker() {
  if (m_to >= 0) ::close(m_to);
  if (m_from >= 0) ::close(m_from);
  m_to = m_from = -1;
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
  }
  m_pid = -1;
}

bool PythonWorker::alive() { return m_pid > 0 && ::waitpid(m_pid, nullptr, WNOHANG) == 0; }

Status PythonWorker::start() {
  kill_worker();
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return Error("cannot create a pipe").of(ErrorKind::k_io);
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return Error("cannot create a pipe").of(ErrorKind::k_io);
  }
  json specs = json::array();
  for (const auto& o : m_manifest.outputs)
    specs.push_back({{"name", o.name}, {"datatype", datatype_name(o.datatype)}});
  std::string file = (std::filesystem::path(m_dir) / m_manifest.file).string(),
              spec_text = specs.dump();
  std::vector<char*> argv = {m_python.data(),
                             const_cast<char*>("-c"),
                             const_cast<char*>(k_python_worker_program),
                             file.data(),
                             m_manifest.python_function.data(),
                             spec_text.data(),
                             nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  int rc = posix_spawnp(&m_pid, m_python.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  m_to = in[1];
  m_from = out[0];
  if (rc != 0) {
    m_pid = -1;
    kill_worker();
    return Error(
               fmt::format("cannot start the Python worker '{}': {}", m_python, std::strerror(rc)),
               {}, "pass the interpreter that has the model's packages with --python")
        .of(ErrorKind::k_unavailable);
  }
  auto ready = read_frame();
  if (!ready || ready->kind != FrameKind::k_ready) {
    std::string why = !ready ? ready.error().message : response_outputs(*ready).error().message;
    kill_worker();
    return Error(fmt::format("the Python worker for model '{}' did not start: {}", m_manifest.name,
                             why),
                 {file})
        .of(ErrorKind::k_unavailable);
  }
  return ok_status();
}

Result<Frame> PythonWorker::read_frame() {
  auto deadline = Clock::now() + m_timeout;
  char header[k_frame_header_size];
  if (!read_exact(m_from, header, sizeof header, deadline))
    return Error("the Python worker exited or did not answer in time").of(ErrorKind::k_unavailable);
  auto h = decode_frame_header(std::string_view(header, sizeof header), k_max_frame);
  if (!h) return h.error();
  Frame f;
  f.kind = h->kind;
  f.head.resize(h->head_size);
  f.data.resize(h->data_size);
  if (!read_exact(m_from, f.head.data(), f.head.size(), deadline) ||
      !read_exact(m_from, f.data.data(), f.data.size(), deadline))
    return Error("the Python worker's answer was cut short").of(ErrorKind::k_unavailable);
  return f;
}

Status PythonWorker::write_all(std::string_view data) {
  auto deadline = Clock::now() + m_timeout;
  while (!data.empty()) {
    pollfd p{m_to, POLLOUT, 0};
    if (::poll(&p, 1, remaining_ms(deadline)) <= 0)
      return Error("the Python worker does not read").of(ErrorKind::k_unavailable);
    ssize_t put = ::write(m_to, data.data(), data.size());
    if (put <= 0) return Error("the Python worker exited").of(ErrorKind::k_unavailable);
    data.remove_prefix(static_cast<size_t>(put));
  }
  return ok_status();
}

Result<std::vector<Tensor>> PythonWorker::infer(const std::vector<Tensor>& inputs) {
  if (!alive()) {
    ++m_restarts;
    if (auto st = start(); !st) return st.error();
  }
  Result<Frame> answer = Error("not sent");
  if (auto st = write_all(encode_frame(request_frame(inputs))); !st)
    answer = st.error();
  else
    answer = read_frame();
  if (!answer) {
    // Whatever state the worker is in, it cannot be trusted with the next
    // request: the next infer() starts a fresh one.
    kill_worker();
    return Error(fmt::format("model '{}': {}", m_manifest.name, answer.error().message))
        .of(ErrorKind::k_internal);
  }
  auto outputs = response_outputs(*answer);
  if (!outputs) return outputs.error();
  return outputs;
}

}  // namespace strata::serve
