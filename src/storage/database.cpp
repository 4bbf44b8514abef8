#include "awsemu/storage/database.hpp"

#include <sqlite3.h>

#include <string>

#include "awsemu/core/no_wait.hpp"
#include "awsemu/storage/storage_error.hpp"
#include "sqlite_error.hpp"
#include "statement_cache.hpp"

namespace awsemu::storage {

struct Database::Impl {
  sqlite3* db = nullptr;
  std::filesystem::path path;
  std::shared_ptr<detail::StatementCache> cache = std::make_shared<detail::StatementCache>();
  std::mutex mutex;
};

Database::Database(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Database::Database(Database&& other) noexcept = default;

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

Database::~Database() { close(); }

Database Database::open(const std::filesystem::path& path, const DatabaseOptions& options) {
  return openWith(path, false, options);
}

Database Database::openInMemory(const DatabaseOptions& options) {
  return openWith(":memory:", true, options);
}

Database Database::openWith(const std::filesystem::path& path, bool in_memory,
                            const DatabaseOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->cache->capacity = options.statement_cache_capacity;
  if (!in_memory) impl->path = path;
  int code =
      sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  Database database(std::move(impl));  // from here on, a failure closes the handle
  if (code != SQLITE_OK) {
    std::string message =
        database.impl_->db ? sqlite3_errmsg(database.impl_->db) : sqlite3_errstr(code);
    detail::throwError(code, message, "open " + path.string());
  }
  sqlite3_extended_result_codes(database.impl_->db, 1);
  sqlite3_busy_timeout(database.impl_->db, static_cast<int>(options.busy_timeout.count()));
  database.configure(in_memory, options);
  return database;
}

void Database::configure(bool in_memory, const DatabaseOptions& options) {
  const bool durable = options.durable;
  if (!durable) exec("PRAGMA synchronous=OFF");  // before the WAL switch, which syncs otherwise
  // Exclusive locking, set before WAL is entered: the file lock is taken once and kept, so a
  // transaction costs no fcntl() calls and the WAL index lives in heap memory instead of a
  // shared -shm file (https://www.sqlite.org/pragma.html#pragma_locking_mode).
  if (options.exclusive) exec("PRAGMA locking_mode=EXCLUSIVE");
  // WAL: readers never block the writer and a commit is one sequential append to the -wal file
  // (https://www.sqlite.org/wal.html).
  auto mode = statement("PRAGMA journal_mode=WAL").scalar<std::string>();
  if (!in_memory && mode != "wal")
    detail::throwError(SQLITE_ERROR, "WAL journal mode unavailable (got " + mode.value_or("") + ")",
                       "open " + impl().path.string());
  // synchronous=NORMAL in WAL mode: a commit is written to the -wal file (the OS page cache) but
  // not fsynced; the WAL is fsynced at checkpoints. The page cache belongs to the kernel, so a
  // process crash or kill -9 loses no committed transaction: the next open replays the WAL. Only a
  // power loss or OS crash can drop the last few commits, and even then the database stays
  // consistent (https://www.sqlite.org/pragma.html#pragma_synchronous). FULL would fsync every
  // commit and cap writes at the disk's flush rate.
  if (durable) exec("PRAGMA synchronous=NORMAL");
  // Off by default in SQLite for backwards compatibility; schemas here rely on ON DELETE CASCADE.
  exec("PRAGMA foreign_keys=ON");
}

void Database::close() noexcept {
  if (!impl_ || !impl_->db) return;
  impl_->cache.reset();  // finalizes idle statements; lent ones finalize themselves later
  // Fold the WAL back into the database file so a closed database is one self-contained file.
  // Best effort: a reader in another process may keep part of it; nothing is lost either way.
  if (!impl_->path.empty())
    sqlite3_exec(impl_->db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  // close_v2 defers the close until statements still lent out are finalized.
  sqlite3_close_v2(impl_->db);
  impl_->db = nullptr;
}

bool Database::isOpen() const noexcept { return impl_ && impl_->db; }

Database::Impl& Database::impl() const {
  if (!impl_ || !impl_->db) detail::throwError(SQLITE_MISUSE, "the database is closed", "storage");
  return *impl_;
}

void Database::exec(std::string_view sql) {
  sqlite3* db = impl().db;
  std::string text(sql);
  char* error = nullptr;
  int code = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error);
  if (code != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    detail::throwError(code, message, text);
  }
}

namespace {
bool onlyWhitespace(const char* tail) {
  for (; *tail; ++tail)
    if (*tail != ' ' && *tail != '\t' && *tail != '\n' && *tail != '\r' && *tail != ';')
      return false;
  return true;
}

sqlite3_stmt* prepare(sqlite3* db, std::string_view sql, unsigned flags) {
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  std::string text(sql);  // NUL-terminated, so `tail` can be scanned
  detail::check(
      db,
      sqlite3_prepare_v3(db, text.c_str(), static_cast<int>(text.size() + 1), flags, &stmt, &tail),
      "prepare " + text);
  if (!stmt) detail::throwError(SQLITE_MISUSE, "no SQL statement", "prepare " + text);
  if (tail && !onlyWhitespace(tail)) {
    // Statement runs one statement; silently ignoring the rest would hide a bug. Use exec().
    sqlite3_finalize(stmt);
    detail::throwError(SQLITE_MISUSE, "more than one SQL statement", "prepare " + text);
  }
  return stmt;
}
}  // namespace

Statement Database::statement(std::string_view sql) {
  Impl& state = impl();
  auto& entries = state.cache->entries;
  auto found = entries.find(sql);
  if (found != entries.end() && !found->second.in_use) {
    found->second.in_use = true;
    return Statement(found->second.stmt, state.cache, &found->second);
  }
  bool cacheable = found == entries.end() && entries.size() < state.cache->capacity;
  sqlite3_stmt* stmt = prepare(state.db, sql, cacheable ? SQLITE_PREPARE_PERSISTENT : 0);
  if (!cacheable) return Statement(stmt, {}, nullptr);  // nested use of the same SQL, or cache full
  auto [entry, inserted] = entries.emplace(std::string(sql), detail::CacheEntry{stmt, true});
  return Statement(stmt, state.cache, &entry->second);
}

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(impl().db); }
int Database::changes() const { return sqlite3_changes(impl().db); }
bool Database::inTransaction() const { return sqlite3_get_autocommit(impl().db) == 0; }
std::size_t Database::cachedStatementCount() const { return impl().cache->entries.size(); }
const std::filesystem::path& Database::path() const { return impl().path; }
sqlite3* Database::handle() const { return impl().db; }

namespace {
// Inside a NoWaitScope: the lock if it comes free within a few microseconds -- another I/O
// thread's read holds it that long -- and never longer (a group commit or checkpoint holds it
// for much more: that work goes to the blocking pool instead).
bool lockSoon(std::unique_lock<std::mutex>& held) {
  constexpr auto kPatience = std::chrono::microseconds(5);
  if (held.try_lock()) return true;
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  do {
    for (int i = 0; i < 16; ++i) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
      if (held.try_lock()) return true;
    }
  } while (std::chrono::steady_clock::now() < deadline);
  return false;
}
}  // namespace

Database::Lock Database::lock() {
  std::unique_lock held(impl().mutex, std::defer_lock);
  if (!mustNotWait())
    held.lock();
  else if (!lockSoon(held))
    throw WouldBlock{};
  return Lock(*this, std::move(held));
}

}  // namespace awsemu::storage
