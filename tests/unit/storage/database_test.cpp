// Connection set-up, persistence across reopen and crashes, clean close, and the locking design.
#include "awsemu/storage/database.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <thread>
#include <vector>

#include "awsemu/core/no_wait.hpp"
#include "awsemu/storage/storage_error.hpp"
#include "awsemu/storage/storage_location.hpp"
#include "awsemu/storage/transaction.hpp"

namespace awsemu::storage {
namespace {

class DatabaseFileTest : public ::testing::Test {
 protected:
  StorageLocation location{false, {}};
  std::filesystem::path path = location.databasePath("test");
};

TEST_F(DatabaseFileTest, OpensWithWalNormalSyncForeignKeysAndBusyTimeout) {
  Database db = Database::open(path);
  EXPECT_TRUE(db.isOpen());
  EXPECT_EQ(db.path(), path);
  EXPECT_EQ(db.statement("PRAGMA journal_mode").scalar<std::string>(), "wal");
  EXPECT_EQ(db.statement("PRAGMA synchronous").scalar<int>(), 1);  // NORMAL
  EXPECT_EQ(db.statement("PRAGMA foreign_keys").scalar<int>(), 1);
  EXPECT_EQ(db.statement("PRAGMA busy_timeout").scalar<int>(), 5000);
}

TEST_F(DatabaseFileTest, DataSurvivesCloseAndReopen) {
  {
    Database db = Database::open(path);
    db.exec("CREATE TABLE kv(k TEXT PRIMARY KEY, v BLOB)");
    db.run("INSERT INTO kv VALUES(?, ?)", "key", Blob{"value"});
  }
  Database db = Database::open(path);
  auto row = db.statement("SELECT v FROM kv WHERE k = ?").bindAll("key");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.columnBlob(0), "value");
}

TEST_F(DatabaseFileTest, CloseCheckpointsTheWal) {
  Database db = Database::open(path);
  db.exec("CREATE TABLE t(x)");
  for (int i = 0; i < 100; ++i) db.run("INSERT INTO t VALUES(?)", i);
  auto wal = std::filesystem::path(path.string() + "-wal");
  ASSERT_TRUE(std::filesystem::exists(wal));
  EXPECT_GT(std::filesystem::file_size(wal), 0u);
  db.close();
  EXPECT_FALSE(db.isOpen());
  db.close();  // idempotent
  // The last connection's close folds the WAL in and removes it.
  EXPECT_FALSE(std::filesystem::exists(wal) && std::filesystem::file_size(wal) > 0);
  EXPECT_THROW(db.exec("SELECT 1"), StorageError);
}

// What synchronous=NORMAL promises: a process killed right after its commits loses none of them.
TEST_F(DatabaseFileTest, CommittedRowsSurviveKillDashNine) {
  {
    Database db = Database::open(path);
    db.exec("CREATE TABLE t(x)");
  }
  pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    Database db = Database::open(path);
    for (int i = 0; i < 1000; ++i) db.run("INSERT INTO t VALUES(?)", i);
    raise(SIGKILL);  // no close, no checkpoint, no destructors
    _exit(1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  Database db = Database::open(path);
  EXPECT_EQ(db.statement("SELECT count(*) FROM t").scalar<int>(), 1000);
  EXPECT_EQ(db.statement("PRAGMA integrity_check").scalar<std::string>(), "ok");
}

TEST_F(DatabaseFileTest, OpenFailureIsAStorageError) {
  EXPECT_THROW(Database::open(path.parent_path() / "missing-dir" / "x.db"), StorageError);
}

TEST(DatabaseTest, InMemoryDatabasesArePrivate) {
  Database a = Database::openInMemory();
  Database b = Database::openInMemory();
  a.exec("CREATE TABLE t(x)");
  EXPECT_NO_THROW(b.exec("CREATE TABLE t(x)"));
  EXPECT_TRUE(a.path().empty());
}

TEST(DatabaseTest, MoveTransfersTheConnection) {
  Database a = Database::openInMemory();
  a.exec("CREATE TABLE t(x)");
  Database b = std::move(a);
  EXPECT_FALSE(a.isOpen());
  EXPECT_NO_THROW(b.run("INSERT INTO t VALUES(1)"));
  a = std::move(b);
  EXPECT_EQ(a.statement("SELECT count(*) FROM t").scalar<int>(), 1);
}

TEST(DatabaseTest, WithLockReturnsTheWorkResult) {
  Database db = Database::openInMemory();
  int value =
      db.withLock([](Database& d) { return d.statement("SELECT 41 + 1").scalar<int>().value(); });
  EXPECT_EQ(value, 42);
  auto held = db.lock();
  EXPECT_EQ(held->statement("SELECT 1").scalar<int>(), 1);
}

// core/no_wait.hpp: an I/O thread trying work first takes a free lock, and is told to go to the
// blocking pool (WouldBlock) instead of waiting for a lock another thread keeps.
TEST(DatabaseTest, InsideANoWaitScopeAHeldLockThrowsWouldBlockInsteadOfWaiting) {
  Database db = Database::openInMemory();
  {
    NoWaitScope no_wait;
    EXPECT_EQ(db.withLock([](Database& d) { return d.statement("SELECT 7").scalar<int>(); }), 7);
  }
  std::promise<void> locked, release;
  std::thread holder([&] {
    auto held = db.lock();
    locked.set_value();
    release.get_future().wait();
  });
  locked.get_future().wait();
  bool would_block = false;
  const auto started = std::chrono::steady_clock::now();
  try {
    NoWaitScope no_wait;
    db.withLock([](Database&) {});
  } catch (const WouldBlock&) {
    would_block = true;
  }
  EXPECT_TRUE(would_block);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
  EXPECT_FALSE(mustNotWait());  // the scope ended with the throw
  release.set_value();
  holder.join();
  EXPECT_EQ(db.withLock([](Database& d) { return d.statement("SELECT 8").scalar<int>(); }), 8);
}

// The documented design: one connection, one mutex, every thread goes through withLock/lock.
TEST_F(DatabaseFileTest, FourThreadsWriteThroughTheLock) {
  Database db = Database::open(path);
  db.exec("CREATE TABLE events(thread INTEGER, seq INTEGER, body TEXT, PRIMARY KEY(thread, seq))");
  constexpr int kThreads = 4, kWritesPerThread = 5000;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&db, t] {
      for (int seq = 0; seq < kWritesPerThread; ++seq) {
        db.withLock([&](Database& d) {
          if (seq % 10 == 0) {  // some writes are multi-statement transactions
            Transaction tx(d);
            d.run("INSERT INTO events VALUES(?, ?, ?)", t, seq, "in a transaction");
            tx.commit();
          } else {
            d.run("INSERT INTO events VALUES(?, ?, ?)", t, seq, "a small message body");
          }
        });
      }
    });
  }
  for (auto& thread : threads) thread.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[          ] %d writes in %.3f s: %.0f writes/s\n", kThreads * kWritesPerThread,
              seconds, kThreads * kWritesPerThread / seconds);
  EXPECT_EQ(db.statement("SELECT count(*) FROM events").scalar<int>(), kThreads * kWritesPerThread);
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(db.statement("SELECT max(seq) FROM events WHERE thread = ?").bindAll(t).scalar<int>(),
              kWritesPerThread - 1);
}

}  // namespace
}  // namespace awsemu::storage
