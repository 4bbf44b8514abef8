#pragma once
// One SQLite connection (RAII): WAL journal, synchronous=NORMAL, foreign keys on, a busy timeout
// and a per-connection prepared-statement cache. A service owns one Database per database file.
//
// Threads. A Database is one connection guarded by one mutex, and the caller takes that mutex:
//
//   db.withLock([&](Database& d) {  // or: auto locked = db.lock(); locked->statement(...)
//     Transaction tx(d);
//     d.statement("INSERT INTO messages(queue, body) VALUES(?, ?)").bindAll(queue, body).run();
//     tx.commit();
//   });
//
// Every use of the Database, its Statements and Transactions happens while one thread holds that
// lock, and a Statement or Transaction never leaves the scope that held it. The lock is held for a
// handler's few statements only, never across a co_await or a network wait. Why one connection and
// not a pool: in WAL mode SQLite serialises writers on a file anyway, and a write that commits
// without an fsync (see synchronous=NORMAL in database.cpp) takes a few microseconds, so one mutex
// sustains well over 25,000 small writes per second (see the storage tests) with no cross-
// connection SQLITE_BUSY handling. A service that needs long read-only scans next to writes can
// open a second, read-only Database on the same file later; nothing here prevents that.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

#include "awsemu/storage/statement.hpp"

struct sqlite3;

namespace awsemu::storage {

struct DatabaseOptions {
  // How long a statement waits for a lock held by another connection (another process on the same
  // file) before failing with SQLITE_BUSY.
  std::chrono::milliseconds busy_timeout{5000};
  // Distinct SQL texts kept prepared; beyond this, statements are prepared per use. Services use a
  // fixed set of SQL, so this bounds only SQL built at run time.
  std::size_t statement_cache_capacity = 256;
  // false for databases in a temporary directory (PERSISTENCE off): they are deleted at exit, so
  // nothing is gained by syncing them (synchronous=OFF), and start-up skips a handful of fsyncs.
  bool durable = true;
  // Keep the file locked for the connection's lifetime (one process owns the file; no other
  // process can read it while it is open). Saves the per-transaction file locking.
  bool exclusive = false;
};

class Database {
 public:
  // Opens (creating if missing) the database file at `path`. Throws StorageError.
  static Database open(const std::filesystem::path& path, const DatabaseOptions& options = {});
  // A private in-memory database (tests; PERSISTENCE off without files).
  static Database openInMemory(const DatabaseOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();  // close()

  // Checkpoints the WAL into the database file and closes. Idempotent; never throws.
  void close() noexcept;
  bool isOpen() const noexcept;

  // Runs one or more SQL statements without results (DDL, PRAGMA, BEGIN...). Throws StorageError.
  void exec(std::string_view sql);
  // A prepared statement for `sql`, from the cache when it is there and not already in use.
  Statement statement(std::string_view sql);
  // statement(sql).bindAll(args...).run(): returns the number of rows changed.
  template <class... Args>
  int run(std::string_view sql, const Args&... args) {
    return statement(sql).bindAll(args...).run();
  }

  std::int64_t lastInsertRowId() const;
  int changes() const;         // rows changed by the last INSERT/UPDATE/DELETE
  bool inTransaction() const;  // false in autocommit mode
  std::size_t cachedStatementCount() const;
  const std::filesystem::path& path() const;  // empty for an in-memory database
  sqlite3* handle() const;                    // for SQLite features not wrapped here

  // ---- locking (see the top of this file)
  // --------------------------------------------------------
  class Lock {
   public:
    Database& operator*() const { return *database_; }
    Database* operator->() const { return database_; }

   private:
    friend class Database;
    Lock(Database& database, std::unique_lock<std::mutex> held)
        : database_(&database), lock_(std::move(held)) {}
    Database* database_;
    std::unique_lock<std::mutex> lock_;
  };
  // Inside a NoWaitScope (core/no_wait.hpp) it does not wait: WouldBlock when another thread
  // holds the lock.
  Lock lock();
  template <class F>
  decltype(auto) withLock(F&& work) {
    Lock held = lock();
    return std::forward<F>(work)(*this);
  }

 private:
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl) noexcept;
  static Database openWith(const std::filesystem::path& path, bool in_memory,
                           const DatabaseOptions& options);
  void configure(bool in_memory, const DatabaseOptions& options);
  Impl& impl() const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace awsemu::storage
