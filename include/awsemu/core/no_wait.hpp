#pragma once
// Trying blocking work on an I/O thread first. Some handlers (S3's small GETs, HEADs and the
// preparation of small PUTs) nearly always find what they need at once: a free database lock,
// rows in SQLite's cache, bytes kept in the row. The gateway runs them first on the I/O thread
// that took the request, inside a NoWaitScope; anything that would have to wait there -- a lock
// another thread holds (storage::Database::lock), a database not open yet, a data file to open
// or read -- throws WouldBlock instead, and the work runs again from the start on the blocking
// pool. So the common case costs no thread hop, and an I/O thread still never waits.
//
// Work tried this way must throw WouldBlock before its first side effect (a queued write, an
// event): what ran before the throw runs again.
//
// WouldBlock is no std::exception on purpose: handlers that turn std::exception into an AWS
// error (or a log line) let it through.

namespace awsemu {

struct WouldBlock {};

// Marks the current thread as one that must not wait, for the scope's lifetime (nestable).
class NoWaitScope {
 public:
  NoWaitScope() noexcept;
  ~NoWaitScope();
  NoWaitScope(const NoWaitScope&) = delete;
  NoWaitScope& operator=(const NoWaitScope&) = delete;

 private:
  bool previous_;
};

// True inside a NoWaitScope on this thread.
bool mustNotWait() noexcept;

// For code that is about to wait (open or read a file, start a process): WouldBlock inside a
// NoWaitScope, nothing otherwise.
inline void throwIfMustNotWait() {
  if (mustNotWait()) throw WouldBlock{};
}

}  // namespace awsemu
