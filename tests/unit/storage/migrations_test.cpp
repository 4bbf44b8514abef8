// Versioned schema migrations driven by PRAGMA user_version.
#include "awsemu/storage/migrations.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "awsemu/storage/storage_error.hpp"
#include "awsemu/storage/storage_location.hpp"

namespace awsemu::storage {
namespace {

const Migration kV1{1, "CREATE TABLE queues(name TEXT PRIMARY KEY)"};
const Migration kV2{2, "ALTER TABLE queues ADD COLUMN created REAL NOT NULL DEFAULT 0"};
const Migration kV3{3,
                    "CREATE TABLE messages(id INTEGER PRIMARY KEY,"
                    " queue TEXT NOT NULL REFERENCES queues(name) ON DELETE CASCADE, body TEXT);"
                    "CREATE INDEX messages_by_queue ON messages(queue)"};

bool hasTable(Database& db, const char* name) {
  return db.statement("SELECT count(*) FROM sqlite_schema WHERE name = ?")
             .bindAll(name)
             .scalar<int>() == 1;
}

TEST(MigrationsTest, FreshDatabaseGetsEveryStep) {
  Database db = Database::openInMemory();
  Migrations schema{kV1, kV2, kV3};
  EXPECT_EQ(schema.latestVersion(), 3);
  EXPECT_EQ(schema.apply(db), 3);
  EXPECT_EQ(Migrations::userVersion(db), 3);
  EXPECT_TRUE(hasTable(db, "messages"));
  EXPECT_TRUE(hasTable(db, "messages_by_queue"));
  EXPECT_FALSE(db.inTransaction());
}

TEST(MigrationsTest, UpgradeFromV1ToV3KeepsData) {
  Database db = Database::openInMemory();
  EXPECT_EQ(Migrations{kV1}.apply(db), 1);
  db.run("INSERT INTO queues(name) VALUES('q1')");
  EXPECT_EQ((Migrations{kV1, kV2, kV3}.apply(db)), 2);
  EXPECT_EQ(Migrations::userVersion(db), 3);
  EXPECT_EQ(db.statement("SELECT created FROM queues WHERE name = 'q1'").scalar<double>(), 0.0);
  db.run("INSERT INTO messages(queue, body) VALUES('q1', 'hello')");
}

TEST(MigrationsTest, ReRunningIsANoOp) {
  Database db = Database::openInMemory();
  Migrations schema{kV1, kV2, kV3};
  schema.apply(db);
  EXPECT_EQ(schema.apply(db), 0);
  EXPECT_EQ(Migrations::userVersion(db), 3);
}

TEST(MigrationsTest, RefusesADatabaseNewerThanTheCode) {
  Database db = Database::openInMemory();
  Migrations{kV1, kV2, kV3}.apply(db);
  try {
    Migrations{kV1, kV2}.apply(db);
    FAIL() << "expected SchemaTooNewError";
  } catch (const SchemaTooNewError& error) {
    EXPECT_EQ(error.databaseVersion(), 3);
    EXPECT_EQ(error.knownVersion(), 2);
  }
  EXPECT_EQ(Migrations::userVersion(db), 3);
}

TEST(MigrationsTest, FailingStepRollsBackThatStepOnly) {
  Database db = Database::openInMemory();
  Migrations broken{kV1, {2, "CREATE TABLE half(x); CREATE TABLE queues(name TEXT)"}};  // 2nd fails
  EXPECT_THROW(broken.apply(db), StorageError);
  EXPECT_EQ(Migrations::userVersion(db), 1);
  EXPECT_TRUE(hasTable(db, "queues"));
  EXPECT_FALSE(hasTable(db, "half"));
  EXPECT_FALSE(db.inTransaction());
  // A fixed build then migrates normally.
  EXPECT_EQ((Migrations{kV1, kV2}.apply(db)), 1);
  EXPECT_EQ(Migrations::userVersion(db), 2);
}

TEST(MigrationsTest, VersionsMustBePositiveAndIncreasing) {
  EXPECT_THROW((Migrations{kV2, kV1}), std::invalid_argument);
  EXPECT_THROW((Migrations{kV1, kV1}), std::invalid_argument);
  EXPECT_THROW((Migrations{{0, "SELECT 1"}}), std::invalid_argument);
  EXPECT_EQ(Migrations({}).latestVersion(), 0);
}

TEST(MigrationsTest, VersionPersistsInTheFile) {
  StorageLocation location(false, {});
  auto path = location.databasePath("sqs");
  {
    Database db = Database::open(path);
    Migrations{kV1, kV2}.apply(db);
  }
  Database db = Database::open(path);
  EXPECT_EQ(Migrations::userVersion(db), 2);
  EXPECT_EQ((Migrations{kV1, kV2, kV3}.apply(db)), 1);
}

}  // namespace
}  // namespace awsemu::storage
