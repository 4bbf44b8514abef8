// Binding, stepping and reading every column type; errors; the prepared-statement cache.
#include "awsemu/storage/statement.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/storage/database.hpp"
#include "awsemu/storage/storage_error.hpp"

namespace awsemu::storage {
namespace {

class StatementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, d REAL, s TEXT, b BLOB)");
  }
  Database db = Database::openInMemory();
};

TEST_F(StatementTest, Int64RoundTripsIncludingLimits) {
  for (std::int64_t value :
       {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::max(),
        std::numeric_limits<std::int64_t>::min()}) {
    db.statement("DELETE FROM t").run();
    db.statement("INSERT INTO t(i) VALUES(?)").bind(1, value).run();
    auto row = db.statement("SELECT i FROM t");
    ASSERT_TRUE(row.step());
    EXPECT_EQ(row.columnInt64(0), value);
    EXPECT_FALSE(row.step());
  }
}

TEST_F(StatementTest, SmallIntegralTypesAndBoolBindAsIntegers) {
  db.statement("INSERT INTO t(i, d) VALUES(?, ?)").bindAll(42, true).run();
  db.statement("INSERT INTO t(i, d) VALUES(?, ?)").bindAll(std::uint32_t{7}, short{-3}).run();
  EXPECT_EQ(db.statement("SELECT typeof(?)").bindAll(true).scalar<std::string>(), "integer");
  auto rows = db.statement("SELECT i, d FROM t ORDER BY id");
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.column<int>(0), 42);
  EXPECT_EQ(rows.column<bool>(1), true);
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.column<std::uint32_t>(0), 7u);
  EXPECT_EQ(rows.column<int>(1), -3);
}

TEST_F(StatementTest, UnsignedAboveInt64MaxIsRefused) {
  auto insert = db.statement("INSERT INTO t(i) VALUES(?)");
  EXPECT_THROW(insert.bind(1, std::numeric_limits<std::uint64_t>::max()), StorageError);
  EXPECT_NO_THROW(insert.bind(1, std::uint64_t{1} << 62));
}

TEST_F(StatementTest, DoubleRoundTrips) {
  db.statement("INSERT INTO t(d) VALUES(?)").bind(1, 1422172800.123).run();
  EXPECT_EQ(db.statement("SELECT d FROM t").scalar<double>(), 1422172800.123);
}

TEST_F(StatementTest, TextRoundTripsUtf8AndEmbeddedNul) {
  std::string text = std::string("h\xC3\xA9llo \xE2\x82\xAC ") + '\0' + "tail";
  db.statement("INSERT INTO t(s) VALUES(?)").bind(1, text).run();
  auto row = db.statement("SELECT s, typeof(s) FROM t");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.columnText(0), text);
  EXPECT_EQ(row.columnText(1), "text");
}

TEST_F(StatementTest, EmptyTextIsNotNull) {
  db.statement("INSERT INTO t(s) VALUES(?)").bind(1, std::string_view()).run();
  auto row = db.statement("SELECT s IS NULL, typeof(s) FROM t");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.columnInt64(0), 0);
  EXPECT_EQ(row.columnText(1), "text");
}

TEST_F(StatementTest, BlobRoundTripsAllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  db.statement("INSERT INTO t(b) VALUES(?)").bind(1, Blob{bytes}).run();
  auto row = db.statement("SELECT b, typeof(b) FROM t");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.columnBlob(0), bytes);
  EXPECT_EQ(row.columnBlobView(0), bytes);
  EXPECT_EQ(row.columnText(1), "blob");
}

TEST_F(StatementTest, EmptyBlobIsNotNull) {
  db.statement("INSERT INTO t(b) VALUES(?)").bind(1, Blob{}).run();
  auto row = db.statement("SELECT b IS NULL, typeof(b), length(b) FROM t");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.columnInt64(0), 0);
  EXPECT_EQ(row.columnText(1), "blob");
  EXPECT_EQ(row.columnInt64(2), 0);
}

TEST_F(StatementTest, NullAndOptionalRoundTrip) {
  std::optional<std::string> missing;
  std::optional<std::string> present = "x";
  std::optional<std::int64_t> number = 5;
  db.statement("INSERT INTO t(i, s, d) VALUES(?, ?, ?)").bindAll(nullptr, missing, 1.0).run();
  db.statement("INSERT INTO t(i, s, d) VALUES(?, ?, ?)").bindAll(number, present, nullptr).run();
  auto rows = db.statement("SELECT i, s, d FROM t ORDER BY id");
  ASSERT_TRUE(rows.step());
  EXPECT_TRUE(rows.isNull(0));
  EXPECT_TRUE(rows.isNull(1));
  EXPECT_FALSE(rows.isNull(2));
  EXPECT_EQ(rows.column<std::optional<std::string>>(1), std::nullopt);
  EXPECT_EQ(rows.column<std::optional<std::int64_t>>(0), std::nullopt);
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.column<std::optional<std::int64_t>>(0), 5);
  EXPECT_EQ(rows.column<std::optional<std::string>>(1), "x");
  EXPECT_EQ(rows.column<std::optional<double>>(2), std::nullopt);
  EXPECT_FALSE(rows.step());
}

TEST_F(StatementTest, BindByNameWithAndWithoutPrefix) {
  db.statement("INSERT INTO t(i, s, b, d) VALUES(:number, @text, $bytes, :none)")
      .bind(":number", 9)
      .bind("@text", "nine")
      .bind("$bytes", Blob{"\x01\x02"})
      .bind("none", std::optional<double>())
      .run();
  auto row = db.statement("SELECT i, s, b, d FROM t");
  ASSERT_TRUE(row.step());
  EXPECT_EQ(row.columnInt64(0), 9);
  EXPECT_EQ(row.columnText(1), "nine");
  EXPECT_EQ(row.columnBlob(2), "\x01\x02");
  EXPECT_TRUE(row.isNull(3));
}

TEST_F(StatementTest, UnknownParameterNameOrIndexThrows) {
  auto insert = db.statement("INSERT INTO t(i) VALUES(:number)");
  EXPECT_THROW(insert.bind(":other", 1), StorageError);
  EXPECT_THROW(insert.bind(2, 1), StorageError);
}

TEST_F(StatementTest, EachVisitsEveryRowAndScalarReadsOne) {
  for (int i = 1; i <= 3; ++i)
    db.run("INSERT INTO t(i, s) VALUES(?, ?)", i, "row" + std::to_string(i));
  std::vector<std::string> seen;
  db.statement("SELECT s FROM t WHERE i >= ? ORDER BY i")
      .bindAll(2)
      .each([&](const Statement& row) { seen.push_back(row.columnText(0)); });
  EXPECT_EQ(seen, (std::vector<std::string>{"row2", "row3"}));
  EXPECT_EQ(db.statement("SELECT count(*) FROM t").scalar<int>(), 3);
  EXPECT_EQ(db.statement("SELECT s FROM t WHERE i = 99").scalar<std::string>(), std::nullopt);
}

TEST_F(StatementTest, RunReportsChangedRowsAndLastInsertRowId) {
  EXPECT_EQ(db.run("INSERT INTO t(i) VALUES(?)", 1), 1);
  EXPECT_EQ(db.lastInsertRowId(), 1);
  db.run("INSERT INTO t(i) VALUES(?)", 2);
  EXPECT_EQ(db.run("UPDATE t SET s = 'x'"), 2);
  EXPECT_EQ(db.changes(), 2);
}

TEST_F(StatementTest, ReadingAColumnWithoutARowThrows) {
  auto query = db.statement("SELECT i FROM t");
  EXPECT_THROW(query.columnInt64(0), StorageError);  // not stepped yet
  db.run("INSERT INTO t(i) VALUES(1)");
  ASSERT_TRUE(query.step());
  EXPECT_THROW(query.columnInt64(1), StorageError);
  EXPECT_THROW(query.columnText(-1), StorageError);
  EXPECT_EQ(query.columnName(0), "i");
  EXPECT_EQ(query.columnCount(), 1);
}

TEST_F(StatementTest, SyntaxErrorAndSeveralStatementsAreStorageErrors) {
  EXPECT_THROW(db.statement("SELEC 1"), StorageError);
  EXPECT_THROW(db.statement("SELECT 1; SELECT 2"), StorageError);
  EXPECT_THROW(db.statement("   "), StorageError);
  EXPECT_NO_THROW(db.statement("SELECT 1;  \n"));
  try {
    db.exec("CREATE TABLE");
    FAIL() << "expected a StorageError";
  } catch (const StorageError& error) {
    EXPECT_EQ(error.primaryCode(), 1);  // SQLITE_ERROR
    EXPECT_NE(std::string(error.what()).find("CREATE TABLE"), std::string::npos);
  }
}

TEST_F(StatementTest, UniqueViolationIsADistinguishableConstraintError) {
  db.exec("CREATE TABLE names(name TEXT UNIQUE NOT NULL)");
  db.run("INSERT INTO names VALUES('a')");
  try {
    db.run("INSERT INTO names VALUES('a')");
    FAIL() << "expected a ConstraintError";
  } catch (const ConstraintError& error) {
    EXPECT_TRUE(error.isUnique());
    EXPECT_FALSE(error.isNotNull());
  }
  try {
    db.run("INSERT INTO names VALUES(NULL)");
    FAIL() << "expected a ConstraintError";
  } catch (const ConstraintError& error) {
    EXPECT_TRUE(error.isNotNull());
    EXPECT_FALSE(error.isUnique());
  }
  db.run("INSERT INTO t(id) VALUES(1)");
  try {
    db.run("INSERT INTO t(id) VALUES(1)");
    FAIL() << "expected a ConstraintError";
  } catch (const ConstraintError& error) {
    EXPECT_TRUE(error.isUnique());  // PRIMARY KEY counts as unique
  }
  // The failed statement was reset: the same cached statement works again.
  EXPECT_EQ(db.run("INSERT INTO names VALUES('b')"), 1);
}

TEST_F(StatementTest, ForeignKeysAreEnforced) {
  db.exec(
      "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
      "CREATE TABLE child(parent INTEGER REFERENCES parent(id) ON DELETE CASCADE)");
  try {
    db.run("INSERT INTO child VALUES(7)");
    FAIL() << "expected a ConstraintError";
  } catch (const ConstraintError& error) {
    EXPECT_TRUE(error.isForeignKey());
  }
  db.run("INSERT INTO parent VALUES(7)");
  db.run("INSERT INTO child VALUES(7)");
  db.run("DELETE FROM parent");
  EXPECT_EQ(db.statement("SELECT count(*) FROM child").scalar<int>(), 0);
}

TEST_F(StatementTest, CacheReusesThePreparedStatementResetWithBindingsCleared) {
  const char* sql = "SELECT ?";
  std::size_t before = db.cachedStatementCount();
  {
    auto first = db.statement(sql);
    first.bind(1, 5);
    ASSERT_TRUE(first.step());  // left mid-iteration on purpose
  }
  EXPECT_EQ(db.cachedStatementCount(), before + 1);
  auto again = db.statement(sql);
  EXPECT_EQ(db.cachedStatementCount(), before + 1);
  ASSERT_TRUE(again.step());
  EXPECT_TRUE(again.isNull(0));  // binding cleared, statement rewound
}

TEST_F(StatementTest, NestedUseOfTheSameSqlGetsAnIndependentStatement) {
  for (int i = 1; i <= 3; ++i) db.run("INSERT INTO t(i) VALUES(?)", i);
  const char* sql = "SELECT i FROM t WHERE i >= ? ORDER BY i";
  std::vector<std::int64_t> pairs;
  db.statement(sql).bindAll(1).each([&](const Statement& outer) {
    db.statement(sql).bindAll(outer.columnInt64(0)).each([&](const Statement& inner) {
      pairs.push_back(outer.columnInt64(0) * 10 + inner.columnInt64(0));
    });
  });
  EXPECT_EQ(pairs, (std::vector<std::int64_t>{11, 12, 13, 22, 23, 33}));
}

TEST(StatementCacheTest, CapacityBoundsTheCache) {
  DatabaseOptions options;
  options.statement_cache_capacity = 2;
  Database db = Database::openInMemory(options);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(db.statement("SELECT " + std::to_string(i)).scalar<int>(), i);
  EXPECT_LE(db.cachedStatementCount(), 2u);
}

TEST(StatementLifetimeTest, StatementOutlivingItsDatabaseIsFinalizedSafely) {
  std::optional<Statement> kept;
  {
    Database db = Database::openInMemory();
    kept.emplace(db.statement("SELECT 1"));
  }
  kept.reset();  // must not touch the destroyed cache
  SUCCEED();
}

TEST(StatementLifetimeTest, MovedStatementKeepsWorking) {
  Database db = Database::openInMemory();
  Statement a = db.statement("SELECT 7");
  Statement b = std::move(a);
  EXPECT_EQ(b.scalar<int>(), 7);
  a = db.statement("SELECT 8");
  EXPECT_EQ(a.scalar<int>(), 8);
}

}  // namespace
}  // namespace awsemu::storage
