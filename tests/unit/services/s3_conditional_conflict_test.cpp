// Conditional writes racing another change of their key: the engine compares the key's latest
// row with the one the request saw when it began (WriteConditions::began_at_seq).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
#include <gtest/gtest.h>

#include "s3_test_support.hpp"
#include "services/s3/object_digest.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;

class S3ConditionalConflict : public ::testing::Test {
 protected:
  void SetUp() override { s3.createBucket("race"); }
  PutObjectRequest conditional(bool if_none_match, std::optional<std::string> if_match = {}) {
    PutObjectRequest r;
    r.bucket = "race";
    r.key = "k";
    r.attributes.owner = "000000000000";
    r.conditions.if_none_match = if_none_match;
    r.conditions.if_match = std::move(if_match);
    r.conditions.began_at_seq = s3->latestSeq("race", "k");
    return r;
  }
  EngineHarness s3;
};

TEST_F(S3ConditionalConflict, LatestSeqFollowsTheKey) {
  EXPECT_EQ(s3->latestSeq("race", "k"), 0);
  auto first = s3.put("race", "k", "one");
  EXPECT_EQ(s3->latestSeq("race", "k"), first.object.seq);
  s3->deleteObject({"race", "k"});
  EXPECT_EQ(s3->latestSeq("race", "k"), 0);
}

TEST_F(S3ConditionalConflict, UnchangedKeyWritesAsUsual) {
  EXPECT_NO_THROW(s3->putObject(conditional(true), std::string_view("new")));
  EXPECT_EQ(s3.read("race", "k"), "new");
}

TEST_F(S3ConditionalConflict, DeleteDuringIfNoneMatchIsAConflict) {
  s3.put("race", "k", "old");
  auto request = conditional(true);  // began while "old" was there
  s3->deleteObject({"race", "k"});
  auto error = errorOf([&] { s3->putObject(request, std::string_view("new")); });
  EXPECT_EQ(error.code, "ConditionalRequestConflict");
  EXPECT_EQ(error.http_status, 409);
}

TEST_F(S3ConditionalConflict, DeleteDuringIfMatchIsAConflictNotNoSuchKey) {
  auto old = s3.put("race", "k", "old");
  auto request = conditional(false, old.object.etag);
  s3->deleteObject({"race", "k"});
  EXPECT_EQ(errorOf([&] { s3->putObject(request, std::string_view("new")); }).code,
            "ConditionalRequestConflict");
}

TEST_F(S3ConditionalConflict, FirstOfTwoCreatesWinsTheOtherGets412) {
  auto late = conditional(true);
  s3.put("race", "k", "first");  // the other writer finishes first
  auto error = errorOf([&] { s3->putObject(late, std::string_view("second")); });
  EXPECT_EQ(error.code, "PreconditionFailed");
  EXPECT_EQ(s3.read("race", "k"), "first");
}

TEST_F(S3ConditionalConflict, OverwriteWithTheSameEtagDuringIfMatchIsAConflict) {
  auto old = s3.put("race", "k", "same");
  auto request = conditional(false, old.object.etag);
  s3.put("race", "k", "same");  // a new version with an equal ETag
  EXPECT_EQ(errorOf([&] { s3->putObject(request, std::string_view("next")); }).code,
            "ConditionalRequestConflict");
}

TEST_F(S3ConditionalConflict, UnconditionalWritesIgnoreTheSnapshot) {
  s3.put("race", "k", "old");
  auto request = conditional(false);
  s3->deleteObject({"race", "k"});
  EXPECT_NO_THROW(s3->putObject(request, std::string_view("new")));
}

}  // namespace
}  // namespace awsemu::s3
