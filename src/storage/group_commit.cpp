#include "awsemu/storage/group_commit.hpp"

#include <pthread.h>

#include "awsemu/storage/transaction.hpp"
#include "sqlite_error.hpp"

namespace awsemu::storage {

GroupCommit::GroupCommit(Database database, GroupCommitOptions options)
    : database_(std::move(database)), options_(options) {
  if (options_.background_checkpoints) {
    DatabaseOptions second;
    second.statement_cache_capacity = 4;
    // A checkpoint syncs as its own connection says: as the writer's (OFF for temporary state).
    second.durable = database_.statement("PRAGMA synchronous").scalar<int>().value_or(2) != 0;
    checkpointer_db_.emplace(Database::open(database_.path(), second));
    // Replaces SQLite's automatic checkpoint, which is a WAL hook too.
    sqlite3_wal_hook(database_.handle(), &GroupCommit::walCommitted, this);
    checkpointer_ = std::thread([this] { runCheckpoints(); });
    pthread_setname_np(checkpointer_.native_handle(), "checkpoint");
  }
  thread_ = std::thread([this] { run(); });
  // Named for top -H, perf and gdb (at most 15 characters).
  pthread_setname_np(thread_.native_handle(), "group-commit");
}

GroupCommit::~GroupCommit() { close(); }

GroupCommit::Ticket GroupCommit::submit(std::vector<Work> unit) {
  std::lock_guard lock(mutex_);
  // After close() nothing would ever commit it, and its writer would wait for ever.
  if (stopping_) detail::throwError(SQLITE_MISUSE, "the database is closed", "group commit");
  if (unit.empty()) return submitted_.load();
  if (pending_.empty()) {
    pending_ = std::move(unit);
  } else {
    pending_.insert(pending_.end(), std::make_move_iterator(unit.begin()),
                    std::make_move_iterator(unit.end()));
  }
  Ticket ticket = submitted_.load() + 1;
  submitted_.store(ticket, std::memory_order_release);
  // One wake-up per transaction: only the unit that completes what the committer waits for.
  if (committer_waiting_ && ticket - taken_ >= wake_at_units_) {
    committer_waiting_ = false;
    work_ready_.notify_one();
  }
  return ticket;
}

// Gathering, as PostgreSQL's commit_delay does under load: when the last transaction carried
// several units, several writers are active, and most of them will submit again within a commit's
// time. Waiting (at most max_gather_) until as many units are pending as the last transaction held
// makes transactions larger and wake-ups fewer; a lone writer (last transaction: one unit) never
// waits. The target follows the load: a gather that times out lowers it to what arrived.
void GroupCommit::run() {
  std::vector<Work> batch;
  Ticket last_units = 0;
  while (true) {
    Ticket first, last;
    {
      std::unique_lock lock(mutex_);
      auto pending = [&] { return submitted_.load() - taken_; };
      wake_at_units_ = 1;
      committer_waiting_ = true;
      work_ready_.wait(lock, [&] { return pending() > 0 || stopping_; });
      if (pending() == 0) return;  // stopping, and everything is committed
      if (last_units > 1 && pending() < last_units && !stopping_ &&
          options_.max_gather.count() > 0) {
        wake_at_units_ = last_units;
        committer_waiting_ = true;
        work_ready_.wait_for(lock, options_.max_gather,
                             [&] { return pending() >= last_units || stopping_; });
      }
      committer_waiting_ = false;
      batch.swap(pending_);
      first = taken_ + 1;
      last = taken_ = submitted_.load();
    }
    last_units = last - first + 1;
    auto error = commit(batch);
    batch.clear();
    finish(first, last, error);
  }
}

std::exception_ptr GroupCommit::commit(std::vector<Work>& batch) {
  try {
    auto held = database_.lock();
    Transaction transaction(*held);
    for (auto& work : batch) work(*held);
    transaction.commit();
    ++transactions_;
    return nullptr;
  } catch (...) {
    return std::current_exception();
  }
}

void GroupCommit::finish(Ticket first, Ticket last, std::exception_ptr error) {
  std::vector<Done> ready;
  {
    std::lock_guard lock(mutex_);
    if (error) {
      last_failure_ = {first, last, error};
      ever_failed_ = true;
    }
    committed_.store(last, std::memory_order_release);
    auto end = waiters_.upper_bound(last);
    for (auto it = waiters_.begin(); it != end; ++it) ready.push_back(std::move(it->second));
    waiters_.erase(waiters_.begin(), end);
  }
  committed_changed_.notify_all();
  for (auto& done : ready) done(error);
}

std::exception_ptr GroupCommit::failureOf(Ticket ticket) const {
  const auto& f = last_failure_;
  return f.error && ticket >= f.first && ticket <= f.last ? f.error : nullptr;
}

std::exception_ptr GroupCommit::failure(Ticket ticket) const {
  if (!ever_failed_.load()) return nullptr;
  std::lock_guard lock(mutex_);
  return failureOf(ticket);
}

void GroupCommit::whenCommitted(Ticket ticket, Done done) {
  std::exception_ptr error;
  {
    std::lock_guard lock(mutex_);
    if (!isCommitted(ticket)) {
      waiters_.emplace(ticket, std::move(done));
      return;
    }
    error = failureOf(ticket);
  }
  done(error);
}

void GroupCommit::wait(Ticket ticket) {
  std::unique_lock lock(mutex_);
  committed_changed_.wait(lock, [&] { return isCommitted(ticket); });
  if (auto error = failureOf(ticket)) std::rethrow_exception(error);
}

// Runs on the committer thread after each commit, with the WAL's size in frames.
int GroupCommit::walCommitted(void* self, sqlite3*, const char*, int frames) {
  auto* commits = static_cast<GroupCommit*>(self);
  if (frames >= commits->options_.checkpoint_frames) {
    std::lock_guard lock(commits->checkpoint_mutex_);
    if (!commits->checkpoint_requested_) {
      commits->checkpoint_requested_ = true;
      commits->checkpoint_wanted_.notify_one();
    }
  }
  return SQLITE_OK;
}

// PASSIVE: copies what has committed without waiting for (or blocking) the writer; the next
// transaction after a complete checkpoint starts the WAL over (https://www.sqlite.org/wal.html).
void GroupCommit::runCheckpoints() {
  while (true) {
    {
      std::unique_lock lock(checkpoint_mutex_);
      checkpoint_wanted_.wait(lock,
                              [&] { return checkpoint_requested_ || checkpointer_stopping_; });
      if (checkpointer_stopping_) return;
      checkpoint_requested_ = false;
    }
    int code = checkpointer_db_->withLock([](Database& db) {
      return sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                       nullptr);
    });
    // SQLITE_BUSY: another checkpoint is running; the next commit asks again.
    if (code == SQLITE_OK) ++checkpoints_;
  }
}

void GroupCommit::close() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    committer_waiting_ = false;
  }
  work_ready_.notify_one();
  if (thread_.joinable()) thread_.join();
  if (checkpointer_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mutex_);
      checkpointer_stopping_ = true;
    }
    checkpoint_wanted_.notify_one();
    checkpointer_.join();
    checkpointer_db_->close();
  }
  database_.close();  // checkpoints what is left (database.cpp)
}

}  // namespace awsemu::storage
