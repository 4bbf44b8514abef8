#include "awsemu/storage/statement.hpp"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "awsemu/storage/storage_error.hpp"
#include "sqlite_error.hpp"
#include "statement_cache.hpp"

namespace awsemu::storage {

Statement::Statement(sqlite3_stmt* stmt, std::weak_ptr<detail::StatementCache> cache,
                     detail::CacheEntry* entry) noexcept
    : stmt_(stmt), cache_(std::move(cache)), entry_(entry) {}

Statement::Statement(Statement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)),
      cache_(std::move(other.cache_)),
      entry_(std::exchange(other.entry_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    release();
    stmt_ = std::exchange(other.stmt_, nullptr);
    cache_ = std::move(other.cache_);
    entry_ = std::exchange(other.entry_, nullptr);
  }
  return *this;
}

Statement::~Statement() { release(); }

void Statement::release() noexcept {
  if (!stmt_) return;
  // A statement left mid-iteration holds a read transaction open, which would stop WAL
  // checkpoints: always reset before going back to the cache.
  auto cache = cache_.lock();
  if (cache && entry_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    entry_->in_use = false;
  } else {
    sqlite3_finalize(stmt_);
  }
  stmt_ = nullptr;
  entry_ = nullptr;
}

namespace {
void checkBind(sqlite3_stmt* stmt, int code, int index) {
  if (code != SQLITE_OK)
    detail::throwError(sqlite3_db_handle(stmt), code, "bind parameter " + std::to_string(index));
}
}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
  checkBind(stmt_, sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  checkBind(stmt_, sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // An empty string_view may have a null data(); SQLite would bind that as NULL, not ''.
  const char* data = text.data() ? text.data() : "";
  checkBind(stmt_,
            sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
            index);
  return *this;
}

Statement& Statement::bind(int index, Blob blob) {
  // A zero-length blob must still be a BLOB, not NULL: SQLite binds NULL for a null pointer.
  const void* data = blob.bytes.data() ? static_cast<const void*>(blob.bytes.data()) : "";
  checkBind(stmt_, sqlite3_bind_blob64(stmt_, index, data, blob.bytes.size(), SQLITE_TRANSIENT),
            index);
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  checkBind(stmt_, sqlite3_bind_null(stmt_, index), index);
  return *this;
}

void Statement::clearBindings() { sqlite3_clear_bindings(stmt_); }

int Statement::parameterIndex(std::string_view name) const {
  std::string key(name);
  int index = sqlite3_bind_parameter_index(stmt_, key.c_str());
  if (index == 0 && !key.empty() && key[0] != ':' && key[0] != '@' && key[0] != '$')
    index = sqlite3_bind_parameter_index(stmt_, (":" + key).c_str());
  if (index == 0) detail::throwError(SQLITE_RANGE, "no parameter named " + key, sql());
  return index;
}

void Statement::throwOutOfRange() {
  detail::throwError(SQLITE_RANGE, "unsigned value does not fit a 64-bit integer", "bind");
}

bool Statement::step() {
  int code = sqlite3_step(stmt_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(sqlite3_db_handle(stmt_));
  sqlite3_reset(stmt_);  // ready to run again; keeps the connection's locks released
  detail::throwError(code, message, sql());
}

int Statement::run() {
  while (step()) {
  }
  int changed = sqlite3_changes(sqlite3_db_handle(stmt_));
  reset();
  return changed;
}

void Statement::reset() { sqlite3_reset(stmt_); }

int Statement::columnCount() const { return sqlite3_column_count(stmt_); }

std::string Statement::columnName(int column) const {
  const char* name = sqlite3_column_name(stmt_, column);
  if (!name) detail::throwError(SQLITE_RANGE, "no column " + std::to_string(column), sql());
  return name;
}

void Statement::checkColumn(int column) const {
  // Reading a column with no current row, or out of range, is undefined in SQLite's API.
  if (column < 0 || column >= sqlite3_data_count(stmt_))
    detail::throwError(SQLITE_RANGE, "no column " + std::to_string(column) + " in the current row",
                       sql());
}

bool Statement::isNull(int column) const {
  checkColumn(column);
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::columnInt64(int column) const {
  checkColumn(column);
  return sqlite3_column_int64(stmt_, column);
}

double Statement::columnDouble(int column) const {
  checkColumn(column);
  return sqlite3_column_double(stmt_, column);
}

std::string_view Statement::columnTextView(int column) const {
  checkColumn(column);
  // Pointer first, then size: the documented order when a conversion may happen.
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  return text ? std::string_view(text, size) : std::string_view();
}

std::string_view Statement::columnBlobView(int column) const {
  checkColumn(column);
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  return data ? std::string_view(data, size) : std::string_view();
}

std::string Statement::columnText(int column) const { return std::string(columnTextView(column)); }

std::string Statement::columnBlob(int column) const { return std::string(columnBlobView(column)); }

std::string Statement::sql() const {
  const char* text = stmt_ ? sqlite3_sql(stmt_) : nullptr;
  return text ? text : "";
}

}  // namespace awsemu::storage
