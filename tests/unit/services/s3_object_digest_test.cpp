// ETags: MD5 of the bytes; multipart: MD5 of the concatenated binary MD5s of the parts, "-N".
#include "services/s3/object_digest.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "awsemu/core/encoding.hpp"
#include "s3_test_support.hpp"
#include "services/s3/s3_ids.hpp"

namespace awsemu::s3 {
namespace {

TEST(S3ObjectDigest, SimpleEtagIsTheQuotedHexMd5) {
  EXPECT_EQ(quotedEtag(md5("")), "\"d41d8cd98f00b204e9800998ecf8427e\"");
  EXPECT_EQ(quotedEtag(md5("hello")), "\"5d41402abc4b2a76b9719d911017c592\"");
}

TEST(S3ObjectDigest, IncrementalMd5EqualsOneShot) {
  Md5 digest;
  digest.update("hel");
  digest.update("lo");
  EXPECT_EQ(digest.finish(), md5("hello"));
}

TEST(S3ObjectDigest, MultipartEtagIsMd5OfPartMd5s) {
  // md5(md5("hello") || md5("world")) computed independently (Python hashlib).
  EXPECT_EQ(multipartEtag({quotedEtag(md5("hello")), quotedEtag(md5("world"))}),
            "\"065947336a2f2a95ba8899f3675c3be6-2\"");
  // Quotes on the inputs do not matter.
  EXPECT_EQ(multipartEtag({"5d41402abc4b2a76b9719d911017c592", "7d793037a0760186574b0282f2f435e7"}),
            "\"065947336a2f2a95ba8899f3675c3be6-2\"");
  EXPECT_THROW(multipartEtag({"\"not-md5\""}), std::invalid_argument);
}

TEST(S3ObjectDigest, FileDigestsReadRanges) {
  testing::TempDir dir;
  auto path = dir.path() / "data";
  std::ofstream(path) << "xxhelloyy";
  EXPECT_EQ(md5OfFile(path), md5("xxhelloyy"));
  int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_EQ(md5OfFile(fd, 2, 5), md5("hello"));
  EXPECT_THROW(md5OfFile(fd, 5, 10), std::system_error);  // past the end
  ::close(fd);
}

TEST(S3ObjectDigest, EtagComparisonIgnoresQuotes) {
  EXPECT_TRUE(sameEtag("\"abc\"", "abc"));
  EXPECT_TRUE(sameEtag("abc", "abc"));
  EXPECT_FALSE(sameEtag("\"abc\"", "abd"));
  EXPECT_EQ(unquotedEtag("\"x-2\""), "x-2");
}

TEST(S3Ids, VersionIdsAre32UrlSafeCharacters) {
  auto a = newVersionId(), b = newVersionId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  for (char c : a) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_');
  EXPECT_TRUE(isWellFormedVersionId(a));
  EXPECT_TRUE(isWellFormedVersionId("null"));
  EXPECT_FALSE(isWellFormedVersionId(""));
  EXPECT_FALSE(isWellFormedVersionId("bad id"));
  EXPECT_FALSE(isWellFormedVersionId("x\xc3\xa9"));
}

TEST(S3Ids, UploadIdsAreLongAndUnique) {
  auto a = newUploadId();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, newUploadId());
  EXPECT_EQ(encoding::uriEncode(a), a);  // nothing to escape in a URL
}

}  // namespace
}  // namespace awsemu::s3
