#include "awsemu/storage/group_commit.hpp"

#include "awsemu/storage/transaction.hpp"
#include "sqlite_error.hpp"

namespace awsemu::storage {

GroupCommit::GroupCommit(Database database, std::chrono::microseconds max_gather)
    : database_(std::move(database)), max_gather_(max_gather) {
  thread_ = std::thread([this] { run(); });
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
      if (last_units > 1 && pending() < last_units && !stopping_ && max_gather_.count() > 0) {
        wake_at_units_ = last_units;
        committer_waiting_ = true;
        work_ready_.wait_for(lock, max_gather_,
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

void GroupCommit::close() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    committer_waiting_ = false;
  }
  work_ready_.notify_one();
  if (thread_.joinable()) thread_.join();
  database_.close();
}

}  // namespace awsemu::storage
