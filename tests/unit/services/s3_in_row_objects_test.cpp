// The engine's path for small objects: bytes kept in the database (object_data), no data file,
// through the synchronous putObject and through the group commit (submitPut / finishPut).
#include <gtest/gtest.h>

#include "awsemu/core/no_wait.hpp"
#include "services/s3/s3_errors.hpp"
#include "s3_test_support.hpp"

namespace awsemu::s3 {
namespace {

using testing::errorOf;
using testing::kAccount;
using testing::TempDir;

class S3InRowObjects : public ::testing::Test {
 protected:
  S3InRowObjects() { open(); }

  void open() {
    EngineOptions options;
    options.in_row_object_bytes = kInRowObjectBytes;
    engine_ = std::make_unique<S3Engine>(storage::Database::open(dir_.path() / "s3.db"),
                                         dir_.path() / "objects", /*durable=*/true, options);
  }
  void reopen() {
    engine_.reset();
    open();
  }

  PutObjectRequest request(const std::string& key) {
    PutObjectRequest request;
    request.bucket = "small";
    request.key = key;
    request.attributes.owner = std::string(kAccount);
    return request;
  }
  // PutObject as the handler does it: queued on the group commit, read after the commit.
  WriteResult groupedPut(PutObjectRequest put, std::string bytes) {
    RequestBody body;
    body.memory = std::move(bytes);
    body.size = body.memory.size();
    auto pending = engine_->submitPut(put, body);
    EXPECT_TRUE(pending.has_value());
    engine_->commits().wait(pending->ticket);
    return S3Engine::finishPut(*pending);
  }
  std::string read(const std::string& key, std::optional<std::string> version = std::nullopt) {
    return engine_->getObject({"small", key, std::move(version)}).data.readAll();
  }
  std::size_t dataFiles() const {
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path() / "objects"))
      if (entry.is_regular_file()) ++count;
    return count;
  }

  TempDir dir_;
  std::unique_ptr<S3Engine> engine_;
};

TEST_F(S3InRowObjects, PutReadOverwriteDeleteWithoutFiles) {
  engine_->createBucket({"small", std::string(kAccount), "us-east-1"});
  auto first = engine_->putObject(request("k"), std::string_view("first"));
  EXPECT_EQ(first.object.etag, "\"8b04d5e3775d298e78455efc5ca404d5\"");  // MD5("first")
  EXPECT_EQ(read("k"), "first");
  auto second = groupedPut(request("k"), "second, longer");
  EXPECT_EQ(read("k"), "second, longer");
  EXPECT_GT(second.object.seq, first.object.seq);
  EXPECT_EQ(engine_->headObject({"small", "k"}).object.size, 14u);
  EXPECT_EQ(dataFiles(), 0u);
  engine_->deleteObject({"small", "k", std::nullopt, std::string(kAccount)});
  EXPECT_EQ(errorOf([&] { read("k"); }).code, "NoSuchKey");
  // The replaced and deleted versions' bytes went with their rows.
  auto left = engine_->commits().database().withLock([](storage::Database& db) {
    return db.statement("SELECT count(*) FROM object_data").scalar<std::int64_t>().value_or(-1);
  });
  EXPECT_EQ(left, 0);
}

TEST_F(S3InRowObjects, VersionsKeepTheirOwnBytes) {
  engine_->createBucket({"small", std::string(kAccount), "us-east-1"});
  engine_->putVersioning("small", Versioning::Enabled);
  auto v1 = groupedPut(request("k"), "one");
  auto v2 = groupedPut(request("k"), "two");
  ASSERT_TRUE(v1.version_id && v2.version_id);
  EXPECT_NE(*v1.version_id, *v2.version_id);
  EXPECT_EQ(read("k"), "two");
  EXPECT_EQ(read("k", v1.version_id), "one");
  engine_->deleteObject({"small", "k", v2.version_id, std::string(kAccount)});
  EXPECT_EQ(read("k"), "one");  // the older version is current again
  EXPECT_EQ(dataFiles(), 0u);
}

TEST_F(S3InRowObjects, ChecksFailOnlyTheirOwnPut) {
  engine_->createBucket({"small", std::string(kAccount), "us-east-1"});
  groupedPut(request("k"), "there");
  auto conditional = request("k");
  conditional.conditions.if_none_match = true;
  EXPECT_EQ(errorOf([&] { groupedPut(conditional, "refused"); }).code, "PreconditionFailed");
  auto missing = request("k");
  missing.bucket = "none";
  EXPECT_EQ(errorOf([&] { groupedPut(missing, "x"); }).code, "NoSuchBucket");
  EXPECT_EQ(read("k"), "there");
}

TEST_F(S3InRowObjects, LargeBodiesAreNotGroupedAndSmallOnesSurviveAReopen) {
  engine_->createBucket({"small", std::string(kAccount), "us-east-1"});
  RequestBody large;
  large.memory = std::string(kInRowObjectBytes + 1, 'x');
  EXPECT_FALSE(engine_->submitPut(request("big"), large).has_value());
  engine_->putObject(request("big"), std::string_view(large.memory));
  EXPECT_EQ(dataFiles(), 1u);
  groupedPut(request("big"), "small now");  // replaces the file-backed version
  groupedPut(request("kept"), "kept bytes");
  reopen();
  EXPECT_EQ(read("big"), "small now");
  EXPECT_EQ(read("kept"), "kept bytes");
  EXPECT_EQ(engine_->orphansRemovedAtStart(), 1u);  // the replaced file (the handler removes it)
}


// core/no_wait.hpp: on an I/O thread (a NoWaitScope) a small object is read whole from its row;
// one in a data file is left to the blocking pool (WouldBlock), where it is opened.
TEST_F(S3InRowObjects, WithoutWaitingSmallObjectsAreReadAndFileObjectsAreLeftToThePool) {
  engine_->createBucket({"small", std::string(kAccount), "us-east-1"});
  groupedPut(request("row"), "in its row");
  engine_->putObject(request("file"), std::string(kInRowObjectBytes + 1, 'f'));
  NoWaitScope no_wait;
  ObjectRead small = engine_->getObject({"small", "row"});
  EXPECT_EQ(small.data.readAll(), "in its row");
  EXPECT_EQ(engine_->headObject({"small", "file"}).object.size, kInRowObjectBytes + 1);
  bool would_block = false;
  try {
    engine_->getObject({"small", "file"});
  } catch (const WouldBlock&) {
    would_block = true;
  }
  EXPECT_TRUE(would_block);
}

// A data read leaves the ACL out (nobody reading data needs it); HeadObject has it.
TEST_F(S3InRowObjects, DataReadsComeWithoutTheAcl) {
  engine_->createBucket({"small", std::string(kAccount), "us-east-1"});
  auto put = request("k");
  put.attributes.acl = Json{{"Owner", {{"ID", "owner-id"}}}, {"Grants", Json::array()}};
  put.attributes.metadata = Json{{"colour", "blue"}};
  groupedPut(put, "bytes");
  ObjectRead read = engine_->getObject({"small", "k"});
  EXPECT_TRUE(read.object.attributes.acl.empty());
  EXPECT_EQ(read.object.attributes.metadata["colour"], "blue");
  EXPECT_EQ(engine_->headObject({"small", "k"}).object.attributes.acl["Owner"]["ID"], "owner-id");
}

}  // namespace
}  // namespace awsemu::s3
