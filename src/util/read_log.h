#pragma once
// Which files a computation read. The project graph of a workspace that
// reads no sources depends only on its configuration files and on which
// files exist, so a warm `strata graph` can check that by stat'ing those
// files and the directories instead of walking every file
// (files/tree_shape.h). read_file reports to the active log; the import
// scan, which reads sources its own way, marks the log as "everything".
//
// One log is active per process at a time; reports come from any thread.

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace strata {

class ReadLog {
 public:
  // Becomes the active log until destroyed.
  ReadLog();
  ~ReadLog();
  ReadLog(const ReadLog&) = delete;
  ReadLog& operator=(const ReadLog&) = delete;

  // Records `path` in the active log; nothing without one.
  static void note(const std::filesystem::path& path);
  // Records that the computation depends on the content of files it did not
  // name one by one (source files): no short list of reads describes it.
  static void note_everything();

  // Every path noted, sorted and unique.
  std::vector<std::string> paths() const;
  bool everything() const;

 private:
  mutable std::mutex m_mutex;
  std::vector<std::string> m_paths;
  bool m_everything = false;
  ReadLog* m_previous = nullptr;
};

}  // namespace strata
