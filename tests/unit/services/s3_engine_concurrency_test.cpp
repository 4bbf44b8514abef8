// The engine from several threads at once: overwrites, reads and deletes of the same keys never
// show a torn object, and reads in progress keep the data they started with.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "s3_test_support.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;

// 64 KiB of one letter: a torn or mixed read shows up as two letters or a wrong length.
std::string body(int writer, int round) {
  return std::string(64 * 1024, static_cast<char>('a' + (writer * 7 + round) % 26));
}

bool uniform(const std::string& data) {
  return data.size() == 64 * 1024 && data.find_first_not_of(data[0]) == std::string::npos;
}

TEST(S3EngineConcurrency, ReadsNeverSeeATornObject) {
  EngineHarness s3;
  s3.createBucket("busy");
  s3.put("busy", "hot", body(0, 0));
  std::atomic<bool> stop{false};
  std::atomic<int> bad_reads{0}, reads{0};
  std::vector<std::thread> threads;
  for (int writer = 1; writer <= 3; ++writer)
    threads.emplace_back([&, writer] {
      for (int round = 0; round < 40; ++round) s3.put("busy", "hot", body(writer, round));
    });
  for (int reader = 0; reader < 3; ++reader)
    threads.emplace_back([&] {
      while (!stop) {
        auto data = s3.read("busy", "hot");
        ++reads;
        if (!uniform(data)) ++bad_reads;
      }
    });
  for (int i = 0; i < 3; ++i) threads[i].join();
  stop = true;
  for (std::size_t i = 3; i < threads.size(); ++i) threads[i].join();
  EXPECT_EQ(bad_reads, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(s3.fileCount(), 1u);  // every replaced version's data was removed
}

TEST(S3EngineConcurrency, AnOpenReadSurvivesOverwriteAndDelete) {
  EngineHarness s3;
  s3.createBucket("busy");
  s3.put("busy", "k", "original data");
  auto reading = s3->getObject({"busy", "k"});
  s3.put("busy", "k", "replacement");
  EXPECT_EQ(reading.data.readAll(), "original data");
  auto again = s3->getObject({"busy", "k"});
  s3.remove("busy", "k");
  EXPECT_EQ(again.data.readAll(), "replacement");
  EXPECT_EQ(s3.fileCount(), 0u);
}

TEST(S3EngineConcurrency, ParallelVersionedWritesKeepEveryVersion) {
  EngineHarness s3;
  s3.createBucket("busy");
  s3->putVersioning("busy", Versioning::Enabled);
  std::vector<std::thread> threads;
  for (int writer = 0; writer < 4; ++writer)
    threads.emplace_back([&, writer] {
      for (int round = 0; round < 25; ++round) {
        s3.put("busy", "k", "w" + std::to_string(writer));
        s3.put("busy", "own-" + std::to_string(writer), "x");
      }
    });
  for (auto& t : threads) t.join();
  listing::MarkedRequest all;
  all.prefix = "k";
  auto versions = s3->listObjectVersions("busy", all).entries;
  EXPECT_EQ(versions.size(), 100u);
  int latest = 0;
  for (const auto& v : versions) latest += v.is_latest ? 1 : 0;
  EXPECT_EQ(latest, 1);
  EXPECT_EQ(s3->listObjectsV2("busy", {}).contents.size(), 5u);
}

TEST(S3EngineConcurrency, ConcurrentCompletionsOfOneUploadSucceedOnce) {
  EngineHarness s3(/*min_part_size=*/1);
  s3.createBucket("busy");
  auto id = s3->createMultipartUpload("busy", "k", {}).upload_id;
  auto part = s3->uploadPart({"busy", "k", id, 1}, std::string_view("data"));
  std::atomic<int> succeeded{0}, no_such_upload{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      try {
        s3->completeMultipartUpload({"busy", "k", id, {{1, part.etag}}});
        ++succeeded;
      } catch (const AwsError& e) {
        if (e.code == "NoSuchUpload") ++no_such_upload;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(succeeded, 1);
  EXPECT_EQ(no_such_upload, 3);
  EXPECT_EQ(s3.read("busy", "k"), "data");
  EXPECT_EQ(s3.fileCount(), 1u);
}

}  // namespace
}  // namespace awsemu::s3
