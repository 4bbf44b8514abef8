// BodySink: a request body in memory under the per-request threshold while the server-wide budget
// allows, spooled to a file otherwise; memory and files given back when the sink goes.
#include "src/gateway/body_sink.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "awsemu/core/aws_error.hpp"

#include "tests/unit/gateway/gateway_test_support.hpp"

namespace awsemu::gateway {
namespace {

using testing::readFile;
using testing::TempDir;

class BodySinkTest : public ::testing::Test {
 protected:
  std::unique_ptr<BodySink> makeSink(std::uint64_t memory_limit) {
    return std::make_unique<BodySink>(body_, memory_limit, budget_, spool_dir_);
  }

  TempDir dir_;
  std::filesystem::path spool_dir_ = dir_.path() / "spool";  // created on first spool
  BodyMemoryBudget budget_{1000};
  RequestBody body_;
};

TEST_F(BodySinkTest, StaysInMemoryUpToTheThreshold) {
  auto sink = makeSink(10);
  sink->write("hello");
  sink->write("world");  // exactly the threshold: still in memory
  sink->close();
  EXPECT_TRUE(body_.inMemory());
  EXPECT_EQ(body_.memory, "helloworld");
  EXPECT_EQ(body_.size, 10u);
  EXPECT_EQ(budget_.used(), 10u);
  EXPECT_EQ(TempDir::fileCount(spool_dir_), 0u);
}

TEST_F(BodySinkTest, SpoolsBeyondTheThresholdWithExactContent) {
  auto sink = makeSink(900);
  std::string head(880, 'h');
  sink->write(head);
  sink->write("world!");
  sink->write("this one crosses 900");  // moves what is in memory to the file, then appends
  sink->write(std::string(100000, 'x'));
  sink->close();
  std::string expected = head + "world!this one crosses 900" + std::string(100000, 'x');
  ASSERT_FALSE(body_.inMemory());
  EXPECT_TRUE(std::filesystem::exists(*body_.file));
  EXPECT_EQ(body_.file->parent_path(), spool_dir_);
  EXPECT_TRUE(body_.memory.empty());
  EXPECT_LT(body_.memory.capacity(), 100u) << "the memory of a spooled body is freed";
  EXPECT_EQ(body_.size, expected.size());
  EXPECT_EQ(readFile(*body_.file), expected);
  EXPECT_EQ(body_.readAll(), expected);
}

TEST_F(BodySinkTest, SpoolingReleasesTheBudget) {
  auto sink = makeSink(10);
  sink->write("12345678");
  EXPECT_EQ(budget_.used(), 8u);
  sink->write("abc");
  EXPECT_FALSE(body_.inMemory());
  EXPECT_EQ(budget_.used(), 0u);
  sink->write("more");  // appended to the file, no memory taken
  EXPECT_EQ(budget_.used(), 0u);
  sink->close();
  EXPECT_EQ(readFile(*body_.file), "12345678abcmore");
}

TEST_F(BodySinkTest, SpoolsWhenTheSharedBudgetIsExhaustedEvenUnderTheThreshold) {
  ASSERT_TRUE(budget_.tryReserve(998));  // other requests hold almost all of it
  auto sink = makeSink(1 << 20);
  EXPECT_FALSE(sink->writesToDisk(2));
  EXPECT_TRUE(sink->writesToDisk(3));
  sink->write("abc");
  sink->close();
  ASSERT_FALSE(body_.inMemory());
  EXPECT_EQ(readFile(*body_.file), "abc");
  EXPECT_EQ(budget_.used(), 998u);
  budget_.release(998);
}

TEST_F(BodySinkTest, TwoSinksShareTheBudget) {
  RequestBody other_body;
  BodySink first(body_, 800, budget_, spool_dir_);
  BodySink second(other_body, 800, budget_, spool_dir_);
  first.write(std::string(600, 'a'));
  second.write(std::string(600, 'b'));  // 1200 > 1000: the second one goes to disk
  EXPECT_TRUE(body_.inMemory());
  EXPECT_FALSE(other_body.inMemory());
  EXPECT_EQ(budget_.used(), 600u);
}

TEST_F(BodySinkTest, DestructionReleasesTheBudget) {
  {
    auto sink = makeSink(100);
    sink->write("some bytes");
    EXPECT_EQ(budget_.used(), 10u);
  }
  EXPECT_EQ(budget_.used(), 0u);
}

TEST_F(BodySinkTest, DestructionRemovesTheSpoolFile) {
  std::filesystem::path spooled;
  {
    auto sink = makeSink(4);
    sink->write("longer than four");
    sink->close();
    ASSERT_TRUE(body_.file);
    spooled = *body_.file;
    EXPECT_TRUE(std::filesystem::exists(spooled));
  }
  EXPECT_FALSE(std::filesystem::exists(spooled));
  EXPECT_EQ(TempDir::fileCount(spool_dir_), 0u);
}

TEST_F(BodySinkTest, DestructionWithoutCloseRemovesTheSpoolFile) {
  std::filesystem::path spooled;
  {
    auto sink = makeSink(4);
    sink->write("an abandoned upload");  // the client went away: no close()
    spooled = *body_.file;
  }
  EXPECT_FALSE(std::filesystem::exists(spooled));
}

TEST_F(BodySinkTest, WritesToDiskPredictsWhereTheNextWriteGoes) {
  auto sink = makeSink(10);
  EXPECT_FALSE(sink->writesToDisk(0));
  EXPECT_FALSE(sink->writesToDisk(10));
  EXPECT_TRUE(sink->writesToDisk(11));
  sink->write("123456");
  EXPECT_FALSE(sink->writesToDisk(4));
  EXPECT_TRUE(sink->writesToDisk(5));
  sink->write("12345");  // spooled
  ASSERT_FALSE(body_.inMemory());
  EXPECT_TRUE(sink->writesToDisk(1)) << "once spooled, every write goes to the file";
  EXPECT_TRUE(sink->writesToDisk(0));
}

TEST_F(BodySinkTest, CloseWithoutSpoolIsHarmlessAndRepeatable) {
  auto sink = makeSink(10);
  sink->write("abc");
  sink->close();
  sink->close();
  EXPECT_EQ(body_.memory, "abc");
}

TEST_F(BodySinkTest, UncreatableSpoolDirectoryIsAnInternalFailure) {
  // A regular file where the spool directory should be: neither the directory nor the file in
  // it can be made.
  std::ofstream(dir_.path() / "blocker") << "x";
  BodySink sink(body_, 1, budget_, dir_.path() / "blocker" / "spool");
  try {
    sink.write("too big for memory");
    FAIL() << "expected InternalFailure";
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, "InternalFailure");
    EXPECT_EQ(error.http_status, 500);
  }
}

}  // namespace
}  // namespace awsemu::gateway
