// Objects under each versioning state: writes, reads, deletes and delete markers as S3 does them.
#include <gtest/gtest.h>

#include "s3_test_support.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/versioning.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;
using testing::kAccount;

std::string header(const AwsError& error, std::string_view name) {
  for (const auto& [n, v] : error.headers)
    if (n == name) return v;
  return "<absent>";
}

std::vector<std::string> versionsOf(S3Engine& engine, const std::string& bucket) {
  std::vector<std::string> out;
  for (const auto& v : engine.listObjectVersions(bucket, {}).entries)
    out.push_back(v.key + ":" + (v.is_delete_marker ? "marker" : v.etag) +
                  (v.is_latest ? "*" : ""));
  return out;
}

class S3EngineVersioning : public ::testing::Test {
 protected:
  void SetUp() override { s3.createBucket("bkt"); }
  EngineHarness s3;
};

TEST_F(S3EngineVersioning, UnversionedOverwriteReplacesTheObjectAndItsFile) {
  auto first = s3.put("bkt", "k", "one");
  EXPECT_FALSE(first.version_id);
  EXPECT_EQ(first.object.version_id, "null");
  EXPECT_EQ(first.object.etag, "\"f97c5d29941bfb1b2fdab0874906ab82\"");
  s3.put("bkt", "k", "two");
  EXPECT_EQ(s3.read("bkt", "k"), "two");
  EXPECT_EQ(s3.fileCount(), 1u);  // the old data is gone
  auto read = s3->getObject({"bkt", "k"});
  EXPECT_FALSE(read.version_id);
  EXPECT_EQ(versionsOf(s3.engine(), "bkt").size(), 1u);
}

TEST_F(S3EngineVersioning, UnversionedDeleteRemovesAndMissingKeysAreFine) {
  s3.put("bkt", "k", "v");
  auto deleted = s3.remove("bkt", "k");
  EXPECT_FALSE(deleted.delete_marker);
  EXPECT_FALSE(deleted.version_id);
  EXPECT_EQ(s3.fileCount(), 0u);
  auto missing = errorOf([&] { s3.read("bkt", "k"); });
  EXPECT_EQ(missing.code, "NoSuchKey");
  EXPECT_EQ(header(missing, "x-amz-delete-marker"), "<absent>");
  EXPECT_NO_THROW(s3.remove("bkt", "never-existed"));
}

TEST_F(S3EngineVersioning, EnabledKeepsEveryVersion) {
  s3.put("bkt", "k", "before");  // the null version, from before versioning
  s3->putVersioning("bkt", Versioning::Enabled);
  auto v1 = s3.put("bkt", "k", "one");
  auto v2 = s3.put("bkt", "k", "two");
  ASSERT_TRUE(v1.version_id && v2.version_id);
  EXPECT_EQ(v1.version_id->size(), 32u);
  EXPECT_NE(*v1.version_id, *v2.version_id);
  EXPECT_EQ(s3.read("bkt", "k"), "two");
  EXPECT_EQ(s3.read("bkt", "k", *v1.version_id), "one");
  EXPECT_EQ(s3.read("bkt", "k", "null"), "before");
  EXPECT_EQ(s3->getObject({"bkt", "k"}).version_id, v2.version_id);
  EXPECT_EQ(s3.fileCount(), 3u);
  auto listed = s3->listObjectVersions("bkt", {}).entries;
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].version_id, *v2.version_id);  // newest first
  EXPECT_TRUE(listed[0].is_latest);
  EXPECT_EQ(listed[2].version_id, "null");
  EXPECT_FALSE(listed[2].is_latest);
}

TEST_F(S3EngineVersioning, DeleteMarkerHidesTheKey) {
  s3->putVersioning("bkt", Versioning::Enabled);
  auto v1 = s3.put("bkt", "k", "one");
  auto deleted = s3.remove("bkt", "k");
  EXPECT_TRUE(deleted.delete_marker);
  ASSERT_TRUE(deleted.version_id);
  EXPECT_NE(*deleted.version_id, *v1.version_id);

  auto hidden = errorOf([&] { s3.read("bkt", "k"); });
  EXPECT_EQ(hidden.code, "NoSuchKey");
  EXPECT_EQ(hidden.http_status, 404);
  EXPECT_EQ(header(hidden, "x-amz-delete-marker"), "true");
  EXPECT_EQ(header(hidden, "x-amz-version-id"), *deleted.version_id);

  auto by_id = errorOf([&] { s3->getObject({"bkt", "k", *deleted.version_id}); });
  EXPECT_EQ(by_id.code, "MethodNotAllowed");
  EXPECT_EQ(by_id.http_status, 405);
  EXPECT_EQ(errorOf([&] {
              s3->headObject({"bkt", "k", *deleted.version_id});
            }).fields["Method"],
            "HEAD");

  EXPECT_EQ(s3.read("bkt", "k", *v1.version_id), "one");  // still there by id
  EXPECT_TRUE(s3->listObjectsV2("bkt", {}).contents.empty());
  EXPECT_EQ(versionsOf(s3.engine(), "bkt"),
            (std::vector<std::string>{"k:marker*", "k:\"f97c5d29941bfb1b2fdab0874906ab82\""}));
}

TEST_F(S3EngineVersioning, DeletingTheMarkerByIdRestoresTheKey) {
  s3->putVersioning("bkt", Versioning::Enabled);
  s3.put("bkt", "k", "one");
  auto marker = s3.remove("bkt", "k");
  auto undone = s3.remove("bkt", "k", *marker.version_id);
  EXPECT_TRUE(undone.delete_marker);
  EXPECT_EQ(undone.version_id, marker.version_id);
  EXPECT_EQ(s3.read("bkt", "k"), "one");
  EXPECT_EQ(s3->listObjectsV2("bkt", {}).contents.size(), 1u);
}

TEST_F(S3EngineVersioning, DeletingTheLatestVersionPromotesThePrevious) {
  s3->putVersioning("bkt", Versioning::Enabled);
  auto v1 = s3.put("bkt", "k", "one");
  auto v2 = s3.put("bkt", "k", "two");
  auto deleted = s3.remove("bkt", "k", *v2.version_id);
  EXPECT_FALSE(deleted.delete_marker);
  EXPECT_EQ(deleted.version_id, v2.version_id);
  EXPECT_EQ(s3.read("bkt", "k"), "one");
  EXPECT_EQ(s3.fileCount(), 1u);  // a version deleted by id loses its data
  auto head = s3->headObject({"bkt", "k"});
  EXPECT_TRUE(head.object.is_latest);
  EXPECT_EQ(head.version_id, v1.version_id);
  s3.remove("bkt", "k", *v1.version_id);
  EXPECT_EQ(errorOf([&] { s3.read("bkt", "k"); }).code, "NoSuchKey");
  EXPECT_TRUE(s3->listObjectVersions("bkt", {}).entries.empty());
}

TEST_F(S3EngineVersioning, DeletingAnOlderVersionKeepsTheLatest) {
  s3->putVersioning("bkt", Versioning::Enabled);
  auto v1 = s3.put("bkt", "k", "one");
  s3.put("bkt", "k", "two");
  s3.remove("bkt", "k", *v1.version_id);
  EXPECT_EQ(s3.read("bkt", "k"), "two");
  EXPECT_EQ(errorOf([&] { s3.read("bkt", "k", *v1.version_id); }).code, "NoSuchVersion");
}

TEST_F(S3EngineVersioning, EnabledDeleteOfAMissingKeyStillAddsAMarker) {
  s3->putVersioning("bkt", Versioning::Enabled);
  auto deleted = s3.remove("bkt", "ghost");
  EXPECT_TRUE(deleted.delete_marker);
  EXPECT_TRUE(deleted.version_id);
  EXPECT_EQ(versionsOf(s3.engine(), "bkt"), (std::vector<std::string>{"ghost:marker*"}));
}

TEST_F(S3EngineVersioning, SuspendedWritesReplaceOnlyTheNullVersion) {
  s3->putVersioning("bkt", Versioning::Enabled);
  auto kept = s3.put("bkt", "k", "versioned");
  s3->putVersioning("bkt", Versioning::Suspended);
  auto first = s3.put("bkt", "k", "null one");
  EXPECT_FALSE(first.version_id);  // suspended writes report no version id
  EXPECT_EQ(first.object.version_id, "null");
  s3.put("bkt", "k", "null two");
  EXPECT_EQ(s3.read("bkt", "k"), "null two");
  EXPECT_EQ(s3->getObject({"bkt", "k"}).version_id, "null");  // reads do
  EXPECT_EQ(s3.read("bkt", "k", *kept.version_id), "versioned");
  EXPECT_EQ(s3.fileCount(), 2u);  // "null one" was replaced
  EXPECT_EQ(s3->listObjectVersions("bkt", {}).entries.size(), 2u);
}

TEST_F(S3EngineVersioning, SuspendedDeleteReplacesTheNullVersionWithANullMarker) {
  s3->putVersioning("bkt", Versioning::Enabled);
  auto kept = s3.put("bkt", "k", "versioned");
  s3->putVersioning("bkt", Versioning::Suspended);
  s3.put("bkt", "k", "null");
  auto deleted = s3.remove("bkt", "k");
  EXPECT_TRUE(deleted.delete_marker);
  EXPECT_EQ(deleted.version_id, "null");
  auto entries = s3->listObjectVersions("bkt", {}).entries;
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(entries[0].is_delete_marker);
  EXPECT_EQ(entries[0].version_id, "null");
  EXPECT_EQ(entries[0].attributes.owner, kAccount);
  EXPECT_EQ(entries[1].version_id, *kept.version_id);
  EXPECT_EQ(s3.fileCount(), 1u);
  // A second delete replaces the null marker rather than stacking another.
  s3.remove("bkt", "k");
  EXPECT_EQ(s3->listObjectVersions("bkt", {}).entries.size(), 2u);
}

TEST_F(S3EngineVersioning, ReenablingKeepsTheNullVersion) {
  s3->putVersioning("bkt", Versioning::Suspended);
  s3.put("bkt", "k", "null");
  s3->putVersioning("bkt", Versioning::Enabled);
  auto v = s3.put("bkt", "k", "new");
  EXPECT_TRUE(v.version_id);
  EXPECT_EQ(s3.read("bkt", "k", "null"), "null");
}

TEST_F(S3EngineVersioning, VersionIdErrors) {
  s3.put("bkt", "k", "v");
  EXPECT_EQ(errorOf([&] { s3.read("bkt", "k", "no such id"); }).code, "InvalidArgument");
  auto missing = errorOf([&] { s3.read("bkt", "k", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"); });
  EXPECT_EQ(missing.code, "NoSuchVersion");
  EXPECT_EQ(missing.fields["VersionId"], "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(s3.read("bkt", "k", "null"), "v");
  EXPECT_EQ(errorOf([&] { s3.remove("bkt", "k", "bad id!"); }).code, "InvalidArgument");
  // Deleting a version that does not exist succeeds.
  auto none = s3.remove("bkt", "k", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_FALSE(none.delete_marker);
  EXPECT_EQ(s3.read("bkt", "k"), "v");
}

TEST(S3VersioningRules, ReportedIds) {
  EXPECT_EQ(reportedWriteVersionId(Versioning::Unversioned, "null"), std::nullopt);
  EXPECT_EQ(reportedWriteVersionId(Versioning::Suspended, "null"), std::nullopt);
  EXPECT_EQ(reportedWriteVersionId(Versioning::Enabled, "abc"), "abc");
  EXPECT_EQ(reportedVersionId(Versioning::Unversioned, "null"), std::nullopt);
  EXPECT_EQ(reportedVersionId(Versioning::Suspended, "null"), "null");
  EXPECT_EQ(parseVersioning("Enabled"), Versioning::Enabled);
  EXPECT_EQ(parseVersioning("enabled"), std::nullopt);
  EXPECT_EQ(versioningName(Versioning::Suspended), "Suspended");
  EXPECT_TRUE(planDelete(Versioning::Unversioned).remove_null_version);
  EXPECT_FALSE(planDelete(Versioning::Unversioned).marker_version_id);
  EXPECT_FALSE(planDelete(Versioning::Enabled).remove_null_version);
  EXPECT_EQ(planDelete(Versioning::Suspended).marker_version_id, "null");
}

}  // namespace
}  // namespace awsemu::s3
