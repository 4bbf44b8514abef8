// Multipart uploads: part rules, completion checks, the multipart ETag, assembly and clean-up.
#include <gtest/gtest.h>

#include "s3_test_support.hpp"
#include "services/s3/object_digest.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::errorOf;

class S3Multipart : public ::testing::Test {
 protected:
  void SetUp() override {
    s3.createBucket("mpu");
    upload_id = s3->createMultipartUpload("mpu", "big", attributes()).upload_id;
  }
  static ObjectAttributes attributes() {
    ObjectAttributes a;
    a.owner = "000000000000";
    a.headers = {{"ContentType", "video/mp4"}};
    a.metadata = {{"origin", "test"}};
    return a;
  }
  Part upload(int number, std::string_view bytes) {
    return s3->uploadPart({"mpu", "big", upload_id, number}, bytes);
  }
  WriteResult complete(std::vector<CompletedPart> parts) {
    return s3->completeMultipartUpload({"mpu", "big", upload_id, std::move(parts)});
  }
  EngineHarness s3{/*min_part_size=*/5};
  std::string upload_id;
};

TEST_F(S3Multipart, CompleteAssemblesThePartsInOrder) {
  auto p1 = upload(1, "hello");
  auto p2 = upload(2, "world");
  EXPECT_EQ(p1.etag, quotedEtag(md5("hello")));
  auto result = complete({{1, p1.etag}, {2, p2.etag}});
  EXPECT_EQ(result.object.etag, "\"065947336a2f2a95ba8899f3675c3be6-2\"");
  EXPECT_EQ(result.object.size, 10u);
  EXPECT_EQ(result.object.part_count, 2);
  ASSERT_EQ(result.object.parts.size(), 2u);
  EXPECT_EQ(result.object.parts[1]["size"], 5);
  EXPECT_EQ(result.object.attributes.headers["ContentType"], "video/mp4");
  EXPECT_EQ(result.object.attributes.metadata["origin"], "test");
  EXPECT_EQ(s3.read("mpu", "big"), "helloworld");
  EXPECT_EQ(s3.fileCount(), 1u);  // the parts are gone, the object stays
  EXPECT_EQ(errorOf([&] { s3->upload("mpu", "big", upload_id); }).code, "NoSuchUpload");
  EXPECT_EQ(errorOf([&] { complete({{1, p1.etag}, {2, p2.etag}}); }).code, "NoSuchUpload");
}

TEST_F(S3Multipart, PartsCanBeListedWithoutQuotesAndSkipped) {
  auto p1 = upload(1, "aaaaa");
  upload(2, "bbbbb");  // not listed: discarded
  auto p3 = upload(3, "cc");
  auto result = complete({{1, unquotedEtag(p1.etag)}, {3, p3.etag}});
  EXPECT_EQ(s3.read("mpu", "big"), "aaaaacc");
  EXPECT_EQ(result.object.etag, multipartEtag({p1.etag, p3.etag}));
  EXPECT_EQ(s3.fileCount(), 1u);
}

TEST_F(S3Multipart, PartOrderMustAscend) {
  auto p1 = upload(1, "aaaaa");
  auto p2 = upload(2, "bbbbb");
  auto error = errorOf([&] { complete({{2, p2.etag}, {1, p1.etag}}); });
  EXPECT_EQ(error.code, "InvalidPartOrder");
  EXPECT_EQ(error.fields["UploadId"], upload_id);
  EXPECT_EQ(errorOf([&] { complete({{1, p1.etag}, {1, p1.etag}}); }).code, "InvalidPartOrder");
  EXPECT_NO_THROW(s3->upload("mpu", "big", upload_id));  // still there
}

TEST_F(S3Multipart, ListedPartsMustExistWithTheirEtag) {
  auto p1 = upload(1, "aaaaa");
  EXPECT_EQ(errorOf([&] { complete({{1, p1.etag}, {2, p1.etag}}); }).code, "InvalidPart");
  auto wrong = errorOf([&] { complete({{1, "\"0123456789abcdef0123456789abcdef\""}}); });
  EXPECT_EQ(wrong.code, "InvalidPart");
  EXPECT_EQ(wrong.fields["PartNumber"], "1");
  EXPECT_EQ(errorOf([&] { complete({}); }).code, "MalformedXML");
}

TEST_F(S3Multipart, EveryPartButTheLastMeetsTheMinimum) {
  auto small = upload(1, "tiny");  // 4 bytes < 5
  auto last = upload(2, "x");
  auto error = errorOf([&] { complete({{1, small.etag}, {2, last.etag}}); });
  EXPECT_EQ(error.code, "EntityTooSmall");
  EXPECT_EQ(error.fields["ProposedSize"], "4");
  EXPECT_EQ(error.fields["MinSizeAllowed"], "5");
  // A small last part (or a single small part) is fine.
  EXPECT_NO_THROW(complete({{1, small.etag}}));
  EXPECT_EQ(s3.read("mpu", "big"), "tiny");
}

TEST_F(S3Multipart, ReuploadReplacesThePart) {
  upload(1, "first");
  auto again = upload(1, "second");
  auto parts = s3->listParts("mpu", "big", upload_id);
  ASSERT_EQ(parts.parts.size(), 1u);
  EXPECT_EQ(parts.parts[0].etag, again.etag);
  EXPECT_EQ(parts.parts[0].size, 6u);
  EXPECT_EQ(s3.fileCount(), 1u);
}

TEST_F(S3Multipart, PartNumbersAreOneToTenThousand) {
  EXPECT_EQ(errorOf([&] { upload(0, "x"); }).code, "InvalidArgument");
  EXPECT_EQ(errorOf([&] { upload(10001, "x"); }).code, "InvalidArgument");
  EXPECT_NO_THROW(upload(10000, "x"));
  EXPECT_EQ(s3.fileCount(), 1u);
}

TEST_F(S3Multipart, UnknownUploads) {
  EXPECT_EQ(errorOf([&] {
              s3->uploadPart({"mpu", "big", "nope", 1}, std::string_view("x"));
            }).code,
            "NoSuchUpload");
  // The id must go with its bucket and key.
  EXPECT_EQ(errorOf([&] {
              s3->uploadPart({"mpu", "other", upload_id, 1}, std::string_view("x"));
            }).code,
            "NoSuchUpload");
  EXPECT_EQ(errorOf([&] { s3->abortMultipartUpload("mpu", "big", "nope"); }).code, "NoSuchUpload");
  EXPECT_EQ(s3.fileCount(), 0u);
}

TEST_F(S3Multipart, AbortDiscardsEverything) {
  upload(1, "aaaaa");
  upload(2, "bbbbb");
  s3->abortMultipartUpload("mpu", "big", upload_id);
  EXPECT_EQ(s3.fileCount(), 0u);
  EXPECT_EQ(errorOf([&] { s3->listParts("mpu", "big", upload_id); }).code, "NoSuchUpload");
  EXPECT_EQ(errorOf([&] { s3->abortMultipartUpload("mpu", "big", upload_id); }).code,
            "NoSuchUpload");
}

TEST_F(S3Multipart, ListPartsPages) {
  for (int n : {3, 1, 7, 5}) upload(n, "part" + std::to_string(n));
  auto first = s3->listParts("mpu", "big", upload_id, 0, 2);
  ASSERT_EQ(first.parts.size(), 2u);
  EXPECT_EQ(first.parts[0].part_number, 1);
  EXPECT_EQ(first.parts[1].part_number, 3);
  EXPECT_TRUE(first.truncated);
  EXPECT_EQ(first.next_part_number_marker, 3);
  auto rest = s3->listParts("mpu", "big", upload_id, 3, 2);
  ASSERT_EQ(rest.parts.size(), 2u);
  EXPECT_EQ(rest.parts[1].part_number, 7);
  EXPECT_FALSE(rest.truncated);
  EXPECT_EQ(rest.upload.attributes.headers["ContentType"], "video/mp4");
}

TEST_F(S3Multipart, UploadPartCopyTakesARangeOfAnObject) {
  s3.put("mpu", "source", "0123456789");
  auto part = s3->uploadPartCopy({"mpu", "big", upload_id, 1}, {"mpu", "source"}, ByteSpan{2, 6});
  EXPECT_EQ(part.size, 5u);
  EXPECT_EQ(part.etag, quotedEtag(md5("23456")));
  EXPECT_EQ(errorOf([&] {
              s3->uploadPartCopy({"mpu", "big", upload_id, 2}, {"mpu", "source"}, ByteSpan{5, 10});
            }).code,
            "InvalidRange");
  complete({{1, part.etag}});
  EXPECT_EQ(s3.read("mpu", "big"), "23456");
}

TEST_F(S3Multipart, CompletionHonoursWriteConditions) {
  auto p1 = upload(1, "aaaaa");
  s3.put("mpu", "big", "existing");
  CompleteMultipartRequest request{"mpu", "big", upload_id, {{1, p1.etag}}};
  request.conditions.if_none_match = true;
  EXPECT_EQ(errorOf([&] { s3->completeMultipartUpload(request); }).code, "PreconditionFailed");
  EXPECT_EQ(s3.fileCount(), 2u);  // the assembled file was dropped; the upload is intact
  request.conditions = {};
  request.checksum = [](const Upload&, const std::vector<Part>& parts) {
    return Json{{"algorithm", "CRC32"}, {"type", "COMPOSITE"}, {"parts", parts.size()}};
  };
  auto result = s3->completeMultipartUpload(request);
  EXPECT_EQ(result.object.attributes.checksum["parts"], 1);
}

TEST_F(S3Multipart, CompletingIntoAVersionedBucketAddsAVersion) {
  s3->putVersioning("mpu", Versioning::Enabled);
  auto old = s3.put("mpu", "big", "old");
  auto p1 = upload(1, "new");
  auto result = complete({{1, p1.etag}});
  ASSERT_TRUE(result.version_id);
  EXPECT_EQ(s3.read("mpu", "big"), "new");
  EXPECT_EQ(s3.read("mpu", "big", *old.version_id), "old");
}

TEST(S3MultipartRealSizes, FiveMibMinimumAndKnownEtag) {
  EngineHarness s3;  // the S3 minimum of 5 MiB
  s3.createBucket("mpu");
  auto id = s3->createMultipartUpload("mpu", "k", {}).upload_id;
  const std::string five_mib(5u << 20, 'a');
  auto big = s3->uploadPart({"mpu", "k", id, 1}, five_mib);
  auto small = s3->uploadPart({"mpu", "k", id, 2}, std::string(10, 'b'));
  auto short_first = s3->uploadPart({"mpu", "k", id, 3}, std::string((5u << 20) - 1, 'c'));
  EXPECT_EQ(
      errorOf([&] {
        s3->completeMultipartUpload({"mpu", "k", id, {{3, short_first.etag}, {2, small.etag}}});
      }).code,
      "InvalidPartOrder");
  EXPECT_EQ(
      errorOf([&] {
        s3->completeMultipartUpload({"mpu", "k", id, {{2, small.etag}, {3, short_first.etag}}});
      }).code,
      "EntityTooSmall");
  auto result = s3->completeMultipartUpload({"mpu", "k", id, {{1, big.etag}, {2, small.etag}}});
  // md5(md5(5 MiB of 'a') || md5(10 x 'b')) + "-2", computed independently (Python hashlib).
  EXPECT_EQ(result.object.etag, "\"8b0be7847da5564ae08e97af63b60885-2\"");
  EXPECT_EQ(result.object.size, (5u << 20) + 10);
  auto data = s3->getObject({"mpu", "k"}).data;
  EXPECT_EQ(data.read((5u << 20) - 2, 4), "aabb");
}

}  // namespace
}  // namespace awsemu::s3
