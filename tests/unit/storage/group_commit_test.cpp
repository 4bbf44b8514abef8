// GroupCommit: units commit in submission order, several per transaction under load; a ticket
// reports committed only once its transaction has; a failing unit fails its transaction's
// waiters and no others; close() commits what is queued.
#include "awsemu/storage/group_commit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#include "awsemu/storage/storage_error.hpp"

namespace awsemu::storage {
namespace {

Database withTable(Database db) {
  db.exec("CREATE TABLE t(x INTEGER PRIMARY KEY)");
  return db;
}

GroupCommit::Work insert(int x) {
  return [x](Database& db) { db.run("INSERT INTO t VALUES(?)", x); };
}

int count(GroupCommit& commits) {
  return commits.withDatabase(
      [](Database& db) { return db.statement("SELECT count(*) FROM t").scalar<int>().value(); });
}

TEST(GroupCommitTest, TicketsCountUnitsAndCommitInOrder) {
  GroupCommit commits(withTable(Database::openInMemory()));
  auto first = commits.submit({insert(1), insert(2)});
  auto second = commits.submit({insert(3)});
  EXPECT_EQ(first, 1u);
  EXPECT_EQ(second, 2u);
  EXPECT_EQ(commits.submit({}), 2u);  // an empty unit waits for what came before
  commits.wait(second);
  EXPECT_TRUE(commits.isCommitted(first));
  EXPECT_EQ(count(commits), 3);
}

TEST(GroupCommitTest, WhenCommittedRunsAfterTheCommitOrAtOnce) {
  GroupCommit commits(withTable(Database::openInMemory()));
  std::atomic<int> seen{-1};
  std::atomic<bool> called{false};
  auto ticket = commits.submit({insert(7)});
  commits.whenCommitted(ticket, [&](std::exception_ptr failure) {
    EXPECT_FALSE(failure);
    // The row is there: the callback runs only after COMMIT.
    seen = commits.isCommitted(ticket) ? 1 : 0;
    called = true;
  });
  commits.flush();
  while (!called) std::this_thread::yield();
  EXPECT_EQ(seen, 1);
  bool at_once = false;
  commits.whenCommitted(ticket, [&](std::exception_ptr) { at_once = true; });
  EXPECT_TRUE(at_once);
}

// The committer takes everything waiting at once: many writers share few transactions.
TEST(GroupCommitTest, ConcurrentWritersShareTransactions) {
  GroupCommit commits(withTable(Database::openInMemory()));
  constexpr int kThreads = 8, kEach = 500;
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) commits.wait(commits.submit({insert(t * kEach + i)}));
    });
  for (auto& w : writers) w.join();
  EXPECT_EQ(count(commits), kThreads * kEach);
  EXPECT_EQ(commits.submitted(), static_cast<GroupCommit::Ticket>(kThreads * kEach));
  EXPECT_LT(commits.transactions(), static_cast<std::uint64_t>(kThreads * kEach));
}

TEST(GroupCommitTest, AFailingUnitFailsItsTransactionOnly) {
  GroupCommit commits(withTable(Database::openInMemory()), {.max_gather = {}});
  commits.wait(commits.submit({insert(1)}));
  // A unit that holds its transaction open until the next two are queued, so they share one.
  std::atomic<bool> entered{false}, release{false};
  auto gate = commits.submit({[&](Database&) {
    entered = true;
    while (!release) std::this_thread::yield();
  }});
  while (!entered) std::this_thread::yield();
  auto good = commits.submit({insert(2)});
  auto duplicate = commits.submit({insert(1)});  // PRIMARY KEY violation
  release = true;
  EXPECT_THROW(commits.wait(duplicate), StorageError);
  EXPECT_THROW(commits.wait(good), StorageError);  // same transaction: rolled back too
  EXPECT_TRUE(commits.failure(good));
  EXPECT_NO_THROW(commits.wait(gate));
  EXPECT_FALSE(commits.failure(gate));
  auto after = commits.submit({insert(3)});
  EXPECT_NO_THROW(commits.wait(after));
  EXPECT_EQ(count(commits), 2);  // 1 and 3
}

// A second connection checkpoints while the committer goes on committing; nothing is lost.
TEST(GroupCommitTest, BackgroundCheckpointsKeepTheWalShort) {
  auto path = std::filesystem::temp_directory_path() /
              ("group_commit_checkpoint_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  GroupCommitOptions options;
  options.background_checkpoints = true;
  options.checkpoint_frames = 10;
  {
    GroupCommit commits(withTable(Database::open(path)), options);
    for (int i = 0; i < 2000; ++i)
      commits.submit({[i](Database& db) {
        db.run("INSERT INTO t VALUES(?)", i);
        db.run("INSERT INTO t VALUES(?)", 100000 + i);
      }});
    commits.flush();
    for (int i = 0; i < 200 && commits.checkpoints() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GT(commits.checkpoints(), 0u);
    EXPECT_EQ(count(commits), 4000);
  }
  auto db = Database::open(path);
  EXPECT_EQ(db.statement("SELECT count(*) FROM t").scalar<int>().value(), 4000);
  db.close();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

TEST(GroupCommitTest, CloseCommitsWhatIsQueuedAndRefusesMore) {
  auto path = std::filesystem::temp_directory_path() /
              ("group_commit_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  {
    GroupCommit commits(withTable(Database::open(path)));
    for (int i = 0; i < 100; ++i) commits.submit({insert(i)});
    commits.close();
    EXPECT_THROW(commits.submit({insert(1000)}), StorageError);
  }
  auto db = Database::open(path);
  EXPECT_EQ(db.statement("SELECT count(*) FROM t").scalar<int>().value(), 100);
  db.close();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

}  // namespace
}  // namespace awsemu::storage
