#pragma once
// Mutexes and scoped locks that clang's thread-safety analysis understands
// (libstdc++'s std::mutex and std::lock_guard carry no annotations). They
// are thin wrappers: the same std::mutex / std::shared_mutex underneath,
// the same behaviour, so a member written GUARDED_BY(m_mutex) is checked at
// compile time and nothing changes at run time.

#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "util/thread_annotations.h"

namespace strata {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { m_mutex.lock(); }
  void unlock() RELEASE() { m_mutex.unlock(); }

 private:
  friend class UniqueLock;
  std::mutex m_mutex;
};

// A reader-writer mutex: exclusive for writers, shared for readers.
class CAPABILITY("mutex") SharedMutex {
 public:
  void lock() ACQUIRE() { m_mutex.lock(); }
  void unlock() RELEASE() { m_mutex.unlock(); }
  void lock_shared() ACQUIRE_SHARED() { m_mutex.lock_shared(); }
  void unlock_shared() RELEASE_SHARED() { m_mutex.unlock_shared(); }

 private:
  std::shared_mutex m_mutex;
};

// Holds a Mutex for its scope, like std::lock_guard.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& m) ACQUIRE(m) : m_mutex(m) { m.lock(); }
  ~MutexLock() RELEASE() { m_mutex.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& m_mutex;
};

// Holds a Mutex for its scope but may let go of it in between (unlock(),
// lock()) and wait on a condition variable, like std::unique_lock.
class SCOPED_CAPABILITY UniqueLock {
 public:
  explicit UniqueLock(Mutex& m) ACQUIRE(m) : m_lock(m.m_mutex) {}
  ~UniqueLock() RELEASE() {}
  UniqueLock(const UniqueLock&) = delete;
  UniqueLock& operator=(const UniqueLock&) = delete;

  void lock() ACQUIRE() { m_lock.lock(); }
  void unlock() RELEASE() { m_lock.unlock(); }
  // Releases the mutex while blocked, holds it again on return. Callers loop
  // on their condition around it, so the analysis sees the guarded reads.
  void wait(std::condition_variable& cv) { cv.wait(m_lock); }

 private:
  std::unique_lock<std::mutex> m_lock;
};

// Holds a SharedMutex exclusively for its scope.
class SCOPED_CAPABILITY WriteLock {
 public:
  explicit WriteLock(SharedMutex& m) ACQUIRE(m) : m_mutex(m) { m.lock(); }
  ~WriteLock() RELEASE() { m_mutex.unlock(); }
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  SharedMutex& m_mutex;
};

// Holds a SharedMutex shared for its scope.
class SCOPED_CAPABILITY ReadLock {
 public:
  explicit ReadLock(SharedMutex& m) ACQUIRE_SHARED(m) : m_mutex(m) { m.lock_shared(); }
  ~ReadLock() RELEASE() { m_mutex.unlock_shared(); }
  ReadLock(const ReadLock&) = delete;
  ReadLock& operator=(const ReadLock&) = delete;

 private:
  SharedMutex& m_mutex;
};

}  // namespace strata
