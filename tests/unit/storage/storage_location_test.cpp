// Where service databases live: DATA_DIR when persistent, a self-removing temp dir otherwise.
#include "awsemu/storage/storage_location.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "awsemu/storage/database.hpp"
#include "awsemu/storage/storage_error.hpp"

namespace awsemu::storage {
namespace {

TEST(StorageLocationTest, TemporaryDirectoryIsRemovedOnDestruction) {
  std::filesystem::path directory;
  {
    StorageLocation location(false, {});
    directory = location.directory();
    EXPECT_FALSE(location.isPersistent());
    ASSERT_TRUE(std::filesystem::is_directory(directory));
    Database db = Database::open(location.databasePath("sqs"));
    db.exec("CREATE TABLE t(x)");
    db.close();
    EXPECT_TRUE(std::filesystem::exists(directory / "sqs.db"));
  }
  EXPECT_FALSE(std::filesystem::exists(directory));
}

TEST(StorageLocationTest, TwoTemporaryLocationsAreDistinct) {
  StorageLocation a(false, {}), b(false, {});
  EXPECT_NE(a.directory(), b.directory());
}

TEST(StorageLocationTest, PersistentDirectoryIsCreatedAndKept) {
  StorageLocation scratch(false, {});
  auto data_dir = scratch.directory() / "nested" / "data";
  {
    StorageLocation location(true, data_dir);
    EXPECT_TRUE(location.isPersistent());
    EXPECT_EQ(location.directory(), data_dir);
    EXPECT_TRUE(std::filesystem::is_directory(data_dir));
    EXPECT_EQ(location.databasePath("dynamodb"), data_dir / "dynamodb.db");
    Database db = Database::open(location.databasePath("dynamodb"));
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES(1)");
  }
  EXPECT_TRUE(std::filesystem::exists(data_dir / "dynamodb.db"));
  StorageLocation again(true, data_dir);  // an existing DATA_DIR is fine
  Database db = Database::open(again.databasePath("dynamodb"));
  EXPECT_EQ(db.statement("SELECT x FROM t").scalar<int>(), 1);
}

TEST(StorageLocationTest, PersistenceWithoutDataDirOrWithAFileIsRefused) {
  EXPECT_THROW(StorageLocation(true, {}), StorageError);
  StorageLocation scratch(false, {});
  std::ofstream(scratch.directory() / "file") << "x";
  EXPECT_THROW(StorageLocation(true, scratch.directory() / "file"), StorageError);
}

TEST(StorageLocationTest, ServiceNamesCannotLeaveTheDirectory) {
  StorageLocation location(false, {});
  EXPECT_THROW(location.databasePath("../etc"), StorageError);
  EXPECT_THROW(location.databasePath("a/b"), StorageError);
  EXPECT_THROW(location.databasePath(""), StorageError);
  EXPECT_THROW(location.databasePath("S3"), StorageError);
  EXPECT_EQ(location.databasePath("dynamodb_streams").filename(), "dynamodb_streams.db");
}

TEST(StorageLocationTest, MovedFromLocationDoesNotRemoveTheDirectory) {
  StorageLocation a(false, {});
  auto directory = a.directory();
  {
    StorageLocation b = std::move(a);
    EXPECT_EQ(b.directory(), directory);
  }
  EXPECT_FALSE(std::filesystem::exists(directory));  // removed once, by its last owner
}

}  // namespace
}  // namespace awsemu::storage
