#pragma once
// A prepared SQLite statement: bind parameters, step through rows, read columns.
//
// Statements come from Database::statement(sql), which hands out a cached prepared statement
// (reset, bindings cleared) and takes it back when the Statement is destroyed. A Statement is used
// under the same lock as its Database (see database.hpp) and must not outlive that lock's scope.
//
//   auto insert = db.statement("INSERT INTO queues(name, created) VALUES(:name, :created)");
//   insert.bind(":name", name).bind(":created", now).run();
//
//   db.statement("SELECT name, created FROM queues WHERE account = ?").bindAll(account)
//       .each([&](const Statement& row) { names.push_back(row.columnText(0)); });
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

struct sqlite3_stmt;

namespace awsemu::storage {

namespace detail {
struct StatementCache;
struct CacheEntry;
}  // namespace detail

// Marks bytes to be bound as a BLOB (a plain string_view binds as TEXT).
struct Blob {
  std::string_view bytes;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();  // returns the statement to its cache (reset, bindings cleared) or finalizes it

  // ---- binding: index is 1-based; names as written (":id", "@id", "$id"); "id" means ":id" ------
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);  // copied by SQLite
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, Blob blob);       // copied by SQLite
  Statement& bind(int index, std::nullptr_t);  // NULL
  template <std::integral T>
  requires(!std::same_as<T, std::int64_t>) Statement& bind(int index, T value) {
    return bind(index, checkedInt64(value));
  }
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind(index, nullptr);
  }
  template <class T>
  Statement& bind(std::string_view name, const T& value) {
    return bind(parameterIndex(name), value);
  }
  // Binds the arguments to parameters 1..N in order. On a temporary it returns the statement
  // itself, so `auto rows = db.statement(sql).bindAll(a, b);` keeps it.
  template <class... Args>
  Statement& bindAll(const Args&... args) & {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }
  template <class... Args>
  Statement&& bindAll(const Args&... args) && {
    return std::move(bindAll(args...));
  }
  void clearBindings();

  // ---- execution --------------------------------------------------------------------------------
  // Advances to the next row: true when a row is available, false when the statement is done.
  // Throws StorageError (ConstraintError for constraint violations) and resets the statement.
  bool step();
  // Steps to completion and resets; returns the number of rows changed (INSERT/UPDATE/DELETE).
  int run();
  // Calls on_row(const Statement&) for every row, then resets.
  template <class F>
  void each(F&& on_row) {
    while (step()) on_row(static_cast<const Statement&>(*this));
    reset();
  }
  // The first column of the first row (nullopt when there is no row), then resets.
  template <class T>
  std::optional<T> scalar() {
    std::optional<T> result;
    if (step()) result = column<T>(0);
    reset();
    return result;
  }
  // Rewinds so the statement can run again; bindings are kept.
  void reset();

  // ---- columns of the current row (0-based) -----------------------------------------------------
  int columnCount() const;
  std::string columnName(int column) const;
  bool isNull(int column) const;
  std::int64_t columnInt64(int column) const;
  double columnDouble(int column) const;
  std::string columnText(int column) const;
  std::string columnBlob(int column) const;
  // Views valid until the next step/reset of this statement.
  std::string_view columnTextView(int column) const;
  std::string_view columnBlobView(int column) const;
  // T is std::int64_t, int, bool, double, std::string (text) or std::optional of one (NULL ->
  // nullopt).
  template <class T>
  T column(int index) const;

  std::string sql() const;

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, std::weak_ptr<detail::StatementCache> cache,
            detail::CacheEntry* entry) noexcept;
  void release() noexcept;
  int parameterIndex(std::string_view name) const;
  void checkColumn(int column) const;
  template <std::integral T>
  static std::int64_t checkedInt64(T value);
  [[noreturn]] static void throwOutOfRange();

  sqlite3_stmt* stmt_ = nullptr;
  std::weak_ptr<detail::StatementCache> cache_;  // expired once the Database is closed
  detail::CacheEntry* entry_ = nullptr;          // null for an uncached statement
};

template <std::integral T>
std::int64_t Statement::checkedInt64(T value) {
  if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
    if (value > static_cast<T>(INT64_MAX)) throwOutOfRange();
  }
  return static_cast<std::int64_t>(value);
}

namespace detail {
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
}  // namespace detail

template <class T>
T Statement::column(int index) const {
  if constexpr (detail::IsOptional<T>::value) {
    if (isNull(index)) return std::nullopt;
    return column<typename T::value_type>(index);
  } else if constexpr (std::same_as<T, bool>) {
    return columnInt64(index) != 0;
  } else if constexpr (std::integral<T>) {
    return static_cast<T>(columnInt64(index));
  } else if constexpr (std::same_as<T, double>) {
    return columnDouble(index);
  } else {
    static_assert(std::same_as<T, std::string>, "column<T>: unsupported type");
    return columnText(index);
  }
}

}  // namespace awsemu::storage
