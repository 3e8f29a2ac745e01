// A record is one header line, "strata-run <version> <checksum>", and a JSON
// body. The checksum (XXH3-128 of the body) catches torn or edited files;
// JSON keeps the body readable for someone debugging a cache miss by hand.

#include "cache/run_record.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>

#include "util/diagnostics.h"
#include "util/fs.h"

namespace strata {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view k_signature = "strata-run";

nlohmann::json input_json(const HashInput& in) {
  return nlohmann::json::array({input_kind_name(in.kind), in.name, in.digest.hex(), in.value});
}

Result<HashInput> parse_input(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 4 || !j[0].is_string() || !j[1].is_string() ||
      !j[2].is_string() || !j[3].is_string())
    return Error("malformed input");
  auto kind = parse_input_kind(j[0].get<std::string>());
  HashInput in;
  if (!kind || !Digest::from_hex(j[2].get<std::string>(), in.digest))
    return Error("malformed input");
  in.kind = *kind;
  in.name = j[1].get<std::string>();
  in.value = j[3].get<std::string>();
  return in;
}

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string encode_run_record(const RunRecord& r) {
  nlohmann::json inputs = nlohmann::json::array();
  for (const auto& in : r.hash.inputs) inputs.push_back(input_json(in));
  nlohmann::json body = {
      {"task", r.task_id}, {"time", r.time_ms}, {"hash", r.hash.digest.hex()}, {"inputs", inputs}};
  std::string text = body.dump();
  return std::string(k_signature) + " " + std::to_string(k_run_record_version) + " " +
         hash_bytes(text).hex() + "\n" + text;
}

Result<RunRecord> decode_run_record(std::string_view text) {
  size_t nl = text.find('\n');
  std::string_view header = text.substr(0, nl);
  std::string expect = std::string(k_signature) + " " + std::to_string(k_run_record_version) + " ";
  if (nl == std::string_view::npos || !header.starts_with(expect))
    return Error(header.starts_with(k_signature) ? "run record of another format version"
                                                 : "not a run record");
  std::string_view body = text.substr(nl + 1);
  if (header.substr(expect.size()) != hash_bytes(body).hex())
    return Error("run record checksum mismatch");
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.value("task", nlohmann::json()).is_string() ||
      !j.value("inputs", nlohmann::json()).is_array() ||
      !j.value("hash", nlohmann::json()).is_string())
    return Error("malformed run record");
  RunRecord r;
  r.task_id = j["task"].get<std::string>();
  r.time_ms = j.value("time", int64_t{0});
  if (!Digest::from_hex(j["hash"].get<std::string>(), r.hash.digest))
    return Error("malformed run record");
  for (const auto& in : j["inputs"]) {
    auto parsed = parse_input(in);
    if (!parsed) return parsed.error();
    r.hash.inputs.push_back(std::move(*parsed));
  }
  return r;
}

RunRecords::RunRecords(const fs::path& cache_dir) : m_dir(cache_dir / k_run_records_dir) {}

// A string, not a std::filesystem::path: holds() asks once per task of a
// cached run, and a path splits itself into components on every append.
std::string RunRecords::path_for(const std::string& task_id) const {
  return m_dir.native() + '/' + hash_bytes(task_id).hex();
}

Status RunRecords::save(const std::string& task_id, const TaskHash& hash) {
  return write_atomic(path_for(task_id), encode_run_record(RunRecord{task_id, now_ms(), hash}),
                      Durability::k_checksummed);
}

bool RunRecords::holds(const std::string& task_id, const Digest& hash) const {
  int fd = ::open(path_for(task_id).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::string text;
  char buf[16384];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
    // A short read of a regular file is its end; saves the read that
    // returns 0. A file still growing fails the checksum below.
    if (static_cast<size_t>(n) < sizeof buf) break;
  }
  ::close(fd);
  size_t nl = text.find('\n');
  std::string expect = std::string(k_signature) + " " + std::to_string(k_run_record_version) + " ";
  if (nl == std::string::npos || text.compare(0, expect.size(), expect) != 0) return false;
  std::string_view body = std::string_view(text).substr(nl + 1);
  if (std::string_view(text).substr(expect.size(), nl - expect.size()) != hash_bytes(body).hex())
    return false;
  // The body is nlohmann's dump() of an object, whose keys come sorted:
  // "hash" is first, then "inputs", then "task".
  std::string head = "{\"hash\":\"" + hash.hex() + "\",";
  if (!body.starts_with(head)) return false;
  std::string task = nlohmann::json(task_id).dump();
  return body.find(",\"task\":" + task + ",") != std::string_view::npos;
}

std::optional<RunRecord> RunRecords::load(const std::string& task_id) const {
  fs::path path = path_for(task_id);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::nullopt;
  auto text = read_file(path);
  if (!text) return std::nullopt;
  auto r = decode_run_record(*text);
  if (r && r->task_id != task_id) r = Error("record belongs to another task");
  if (!r) {
    print_warning(Error("ignoring run record: " + r.error().message, SourceLoc{path.string()}));
    return std::nullopt;
  }
  return std::move(*r);
}

}  // namespace strata
