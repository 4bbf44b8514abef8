// Listings over the SQLite store: byte order, delimiters, pagination, versions and uploads.
#include <gtest/gtest.h>

#include "s3_test_support.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using Keys = std::vector<std::string>;

Keys keysOf(const listing::ObjectsPage& page) {
  Keys keys;
  for (const auto& o : page.contents) keys.push_back(o.key);
  return keys;
}

listing::ObjectsRequest request(std::string prefix, std::string delimiter, std::size_t max = 1000) {
  listing::ObjectsRequest r;
  r.prefix = std::move(prefix);
  r.delimiter = std::move(delimiter);
  r.max_keys = max;
  return r;
}

class S3EngineListing : public ::testing::Test {
 protected:
  void SetUp() override { s3.createBucket("list"); }
  void putAll(const Keys& keys) {
    for (const auto& key : keys) s3.put("list", key, key);
  }
  EngineHarness s3;
};

TEST_F(S3EngineListing, KeysComeInUtf8ByteOrder) {
  putAll({"\xe2\x82\xac", "z", "\xc3\xa9", "A", "a", "a b", "a/b", "\xf0\x9f\x98\x80"});
  auto page = s3->listObjectsV2("list", {});
  EXPECT_EQ(keysOf(page),
            (Keys{"A", "a", "a b", "a/b", "z", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}));
  EXPECT_EQ(page.contents[0].size, 1u);
  EXPECT_EQ(page.contents[0].etag, "\"7fc56270e7a70fa81a5935b72eacbe29\"");
}

TEST_F(S3EngineListing, DelimiterPrefixesAndPagesAcrossThem) {
  putAll({"a/1", "a/2", "a/3", "b", "c/1", "c/x/2", "d", "c/"});
  auto top = s3->listObjectsV2("list", request("", "/"));
  EXPECT_EQ(keysOf(top), (Keys{"b", "d"}));
  EXPECT_EQ(top.common_prefixes, (Keys{"a/", "c/"}));
  EXPECT_EQ(top.key_count, 4u);

  auto inside = s3->listObjectsV2("list", request("c/", "/"));
  EXPECT_EQ(keysOf(inside), (Keys{"c/", "c/1"}));
  EXPECT_EQ(inside.common_prefixes, (Keys{"c/x/"}));

  Keys items;
  auto r = request("", "/", 1);
  for (int guard = 0; guard < 10; ++guard) {
    auto page = s3->listObjectsV2("list", r);
    for (const auto& k : keysOf(page)) items.push_back(k);
    for (const auto& p : page.common_prefixes) items.push_back(p);
    if (!page.truncated) break;
    r.continuation_token = page.next_continuation_token;
  }
  EXPECT_EQ(items, (Keys{"a/", "b", "c/", "d"}));
}

TEST_F(S3EngineListing, DeleteMarkersAndOldVersionsAreNotListedAsObjects) {
  s3->putVersioning("list", Versioning::Enabled);
  putAll({"a", "b", "c"});
  s3.put("list", "b", "b2");
  s3.remove("list", "a");
  auto page = s3->listObjectsV2("list", request("", "", 1));
  EXPECT_EQ(keysOf(page), (Keys{"b"}));
  EXPECT_EQ(page.contents[0].size, 2u);  // the latest version
  EXPECT_TRUE(page.truncated);
}

TEST_F(S3EngineListing, V1Markers) {
  putAll({"a", "b", "c"});
  auto r = request("", "", 2);
  auto first = s3->listObjectsV1("list", r);
  EXPECT_EQ(keysOf(first), (Keys{"a", "b"}));
  EXPECT_TRUE(first.truncated);
  EXPECT_FALSE(first.next_marker);  // no delimiter
  r.marker = "b";
  EXPECT_EQ(keysOf(s3->listObjectsV1("list", r)), (Keys{"c"}));
}

TEST_F(S3EngineListing, VersionsPagedWithMarkers) {
  s3->putVersioning("list", Versioning::Enabled);
  putAll({"k", "k", "k", "m"});
  s3.remove("list", "k");
  listing::MarkedRequest r;
  r.max = 2;
  std::vector<std::string> seen;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = s3->listObjectVersions("list", r);
    for (const auto& v : page.entries)
      seen.push_back(v.key + (v.is_delete_marker ? "-marker" : "") + (v.is_latest ? "*" : ""));
    if (!page.truncated) break;
    r.key_marker = *page.next_key_marker;
    r.id_marker = page.next_id_marker.value_or("");
  }
  EXPECT_EQ(seen, (Keys{"k-marker*", "k", "k", "k", "m*"}));
}

TEST_F(S3EngineListing, MultipartUploadsByKeyThenInitiation) {
  auto first = s3->createMultipartUpload("list", "x/a", {});
  s3.clock().advanceMs(10);
  auto second = s3->createMultipartUpload("list", "x/a", {});
  auto other = s3->createMultipartUpload("list", "y", {});
  listing::MarkedRequest r;
  auto all = s3->listMultipartUploads("list", r);
  ASSERT_EQ(all.entries.size(), 3u);
  EXPECT_EQ(all.entries[0].upload_id, first.upload_id);
  EXPECT_EQ(all.entries[1].upload_id, second.upload_id);
  EXPECT_EQ(all.entries[2].upload_id, other.upload_id);

  r.max = 1;
  auto page = s3->listMultipartUploads("list", r);
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.next_key_marker, "x/a");
  EXPECT_EQ(page.next_id_marker, first.upload_id);
  r.key_marker = *page.next_key_marker;
  r.id_marker = *page.next_id_marker;
  auto next = s3->listMultipartUploads("list", r);
  ASSERT_EQ(next.entries.size(), 1u);
  EXPECT_EQ(next.entries[0].upload_id, second.upload_id);

  listing::MarkedRequest rolled;
  rolled.delimiter = "/";
  auto prefixes = s3->listMultipartUploads("list", rolled);
  EXPECT_EQ(prefixes.common_prefixes, (Keys{"x/"}));
  ASSERT_EQ(prefixes.entries.size(), 1u);
  EXPECT_EQ(prefixes.entries[0].key, "y");
}

TEST_F(S3EngineListing, UnknownBucket) {
  EXPECT_EQ(testing::errorOf([&] { s3->listObjectsV2("nope", {}); }).code, "NoSuchBucket");
}

}  // namespace
}  // namespace awsemu::s3
