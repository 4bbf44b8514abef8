#pragma once
// Group commit: request threads hand their writes to one committer thread, which runs everything
// waiting in one transaction, then tells the writers it has committed.
//
//   GroupCommit commits(Database::open(path));
//   auto ticket = commits.submit({[=](Database& db) { db.run("INSERT ...", id, body); }});
//   commits.whenCommitted(ticket, [](std::exception_ptr failure) { /* answer the request */ });
//
// Why: a commit costs far more than the statements in it (the WAL frame header, the write(2), now
// and then a checkpoint that copies the WAL back into the database), and a request thread that
// commits for itself stalls every connection it serves while it does. Here the request threads
// never touch SQLite: a unit of work is a few closures appended to a vector under a mutex. While
// one transaction commits, the next units gather; the committer takes them all at once, so the
// commit is shared by as many writers as arrived during the previous one
// (https://www.sqlite.org/faq.html#q19: "Transaction speed is limited by disk drive speed...
// group them into a single transaction").
//
// Tickets: units are numbered in submission order, and a transaction holds a contiguous range of
// them, so "ticket t has committed" means every unit up to t has. A writer that updates in-memory
// state under its own lock and submits under the same lock therefore has its units committed in
// the order of its state changes. Acknowledge a change only once its ticket has committed.
//
// A failing unit (an SQLite error) rolls back the whole transaction it is in: every unit of that
// transaction is reported failed to its waiters; later transactions go on.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "awsemu/storage/database.hpp"

namespace awsemu::storage {

struct GroupCommitOptions {
  // Under load the committer waits up to this long for more units before a commit (see run() in
  // group_commit.cpp); zero commits at once.
  std::chrono::microseconds max_gather{500};
  // Checkpoints from a second connection on a thread of their own, so that a commit never waits
  // while the WAL is copied into the database and both are fsynced (tens of milliseconds on a
  // virtual disk). Needs a database file opened without exclusive locking: the WAL index must be
  // shared. Off: SQLite's automatic checkpoint, run by the committing connection.
  bool background_checkpoints = false;
  int checkpoint_frames = 1000;  // WAL frames that start a checkpoint (SQLite's default)
};

class GroupCommit {
 public:
  using Work = std::function<void(Database&)>;
  using Ticket = std::uint64_t;
  using Done = std::function<void(std::exception_ptr failure)>;  // null: committed

  // Starts the committer thread (and the checkpointer's, see GroupCommitOptions).
  explicit GroupCommit(Database database, GroupCommitOptions options = {});
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;
  ~GroupCommit();  // close()

  // Queues one unit of work (run in order, in one transaction); its ticket. An empty unit takes
  // no ticket and returns the latest one (waiting for it waits for everything submitted so far).
  Ticket submit(std::vector<Work> unit);
  Ticket submitted() const noexcept { return submitted_.load(std::memory_order_acquire); }
  bool isCommitted(Ticket ticket) const noexcept {
    return ticket <= committed_.load(std::memory_order_acquire);
  }
  // Calls `done` once the transaction holding `ticket` has ended: on the committer thread, or at
  // once on this thread when it already has. `done` must not block.
  void whenCommitted(Ticket ticket, Done done);
  // The failure of the transaction that held `ticket` (committed), or null. Only the latest failed
  // transaction is remembered.
  std::exception_ptr failure(Ticket ticket) const;
  // Blocks until `ticket` has committed; rethrows its transaction's failure.
  void wait(Ticket ticket);
  void flush() { wait(submitted()); }

  // Exclusive use of the database after everything submitted so far has committed (loading state
  // at start-up). Not for the request path.
  template <class F>
  decltype(auto) withDatabase(F&& work) {
    flush();
    return database_.withLock(std::forward<F>(work));
  }

  // The connection itself, for a store that also reads (and writes in transactions of its own)
  // through it between group transactions, without waiting for what is queued: the committer
  // holds its lock from BEGIN to COMMIT, so database().withLock(...) sees committed state only.
  Database& database() noexcept { return database_; }

  std::uint64_t transactions() const noexcept { return transactions_.load(); }
  std::uint64_t checkpoints() const noexcept { return checkpoints_.load(); }
  // Commits what is queued, stops the committer and closes the database. Idempotent.
  void close();

 private:
  struct Failure {
    Ticket first = 0, last = 0;
    std::exception_ptr error;
  };
  void run();
  void runCheckpoints();
  static int walCommitted(void* self, sqlite3* db, const char* schema, int frames);
  std::exception_ptr commit(std::vector<Work>& batch);
  void finish(Ticket first, Ticket last, std::exception_ptr error);
  std::exception_ptr failureOf(Ticket ticket) const;  // under mutex_

  Database database_;
  const GroupCommitOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable committed_changed_;
  std::vector<Work> pending_;
  Ticket taken_ = 0;          // the last ticket handed to a transaction
  Ticket wake_at_units_ = 1;  // the committer waits for this many pending units
  bool committer_waiting_ = false;
  std::multimap<Ticket, Done> waiters_;
  Failure last_failure_;
  std::atomic<Ticket> submitted_{0};
  std::atomic<Ticket> committed_{0};
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<bool> ever_failed_{false};
  bool stopping_ = false;
  std::thread thread_;

  // Background checkpoints: the committer's WAL hook asks, the checkpointer's connection runs them.
  std::optional<Database> checkpointer_db_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_wanted_;
  bool checkpoint_requested_ = false;
  bool checkpointer_stopping_ = false;
  std::atomic<std::uint64_t> checkpoints_{0};
  std::thread checkpointer_;
};

}  // namespace awsemu::storage
