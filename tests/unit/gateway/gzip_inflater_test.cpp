// GzipInflater: SDK request compression inflated as it streams, bounded by the service's limit.
#include "src/gateway/gzip_inflater.hpp"

#include <gtest/gtest.h>

#include <random>

#include "awsemu/core/aws_error.hpp"
#include "tests/unit/gateway/gateway_test_support.hpp"

namespace awsemu::gateway {
namespace {

using testing::gzipCompress;
using testing::gzipZeros;

constexpr std::uint64_t kMiB = 1 << 20;

std::string randomText(std::size_t size, unsigned seed = 7) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  // Letters with some repetition: compressible, but not trivially.
  for (auto& c : out) c = static_cast<char>('a' + random() % 16);
  return out;
}

// Feeds `compressed` in pieces of `piece` bytes; returns what came out.
std::string inflate(GzipInflater& inflater, std::string_view compressed, std::size_t piece) {
  std::string out;
  for (std::size_t i = 0; i < compressed.size(); i += piece)
    inflater.feed(compressed.substr(i, piece), [&out](std::string_view bytes) { out += bytes; });
  return out;
}

AwsError expectError(const std::function<void()>& action, std::string_view code, int status) {
  try {
    action();
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, code) << error.message;
    EXPECT_EQ(error.http_status, status) << error.code;
    return error;
  }
  ADD_FAILURE() << "expected AwsError " << code;
  return {};
}

TEST(GzipInflater, RoundTripInOnePiece) {
  std::string plain = randomText(300000);
  GzipInflater inflater(kMiB);
  EXPECT_EQ(inflate(inflater, gzipCompress(plain), 1 << 30), plain);
  EXPECT_NO_THROW(inflater.finish());
}

TEST(GzipInflater, RoundTripInPiecesOfAnySize) {
  std::string plain = randomText(70000) + std::string(100000, 'z');
  std::string compressed = gzipCompress(plain);
  for (std::size_t piece : {1u, 7u, 4096u, 65536u}) {
    GzipInflater inflater(kMiB);
    EXPECT_EQ(inflate(inflater, compressed, piece), plain) << "pieces of " << piece;
    EXPECT_NO_THROW(inflater.finish());
  }
}

TEST(GzipInflater, EmptyPayload) {
  GzipInflater inflater(10);
  EXPECT_EQ(inflate(inflater, gzipCompress(""), 100), "");
  EXPECT_NO_THROW(inflater.finish());
}

TEST(GzipInflater, OutputExactlyAtTheLimitIsAccepted) {
  std::string plain = randomText(50000);
  GzipInflater inflater(plain.size());
  EXPECT_EQ(inflate(inflater, gzipCompress(plain), 1000), plain);
  EXPECT_NO_THROW(inflater.finish());
}

TEST(GzipInflater, OneByteOverTheLimitIsTooLarge) {
  std::string plain = randomText(50001);
  GzipInflater inflater(50000);
  std::uint64_t produced = 0;
  expectError(
      [&] {
        inflater.feed(gzipCompress(plain),
                      [&produced](std::string_view bytes) { produced += bytes.size(); });
      },
      "RequestEntityTooLarge", 413);
  EXPECT_LE(produced, 50000u);
}

TEST(GzipInflater, GzipBombStopsAtTheLimit) {
  std::string bomb = gzipZeros(64 * kMiB);  // 64 MiB of zeros in about 64 KiB
  ASSERT_LT(bomb.size(), 200u * 1024);
  GzipInflater inflater(kMiB);
  std::uint64_t produced = 0;
  std::size_t calls = 0;
  expectError(
      [&] {
        for (std::size_t i = 0; i < bomb.size(); i += 4096)
          inflater.feed(std::string_view(bomb).substr(i, 4096), [&](std::string_view bytes) {
            produced += bytes.size();
            ++calls;
          });
      },
      "RequestEntityTooLarge", 413);
  EXPECT_LE(produced, kMiB) << "no byte beyond the limit reaches the sink";
  EXPECT_GT(produced, kMiB / 2) << "the limit, not an earlier failure, stopped it";
  EXPECT_GT(calls, 0u);
}

TEST(GzipInflater, CorruptStreamIsASerializationError) {
  GzipInflater inflater(kMiB);
  expectError([&] { inflate(inflater, "this is not gzip at all", 100); }, "SerializationException",
              400);
}

TEST(GzipInflater, CorruptDeflateDataIsASerializationError) {
  std::string compressed = gzipCompress(randomText(20000));
  // Keep the 10-byte gzip header, damage the deflate stream behind it.
  for (std::size_t i = 10; i < 60; ++i) compressed[i] = static_cast<char>(0xff);
  GzipInflater inflater(kMiB);
  expectError([&] { inflate(inflater, compressed, 1 << 20); }, "SerializationException", 400);
}

TEST(GzipInflater, WrongTrailerChecksumIsASerializationError) {
  std::string compressed = gzipCompress(randomText(20000));
  compressed[compressed.size() - 8] ^= 0x01;  // CRC32 of the trailer
  GzipInflater inflater(kMiB);
  expectError([&] { inflate(inflater, compressed, 1 << 20); }, "SerializationException", 400);
}

TEST(GzipInflater, TruncatedStreamFailsOnFinish) {
  std::string plain = randomText(20000);
  std::string compressed = gzipCompress(plain);
  compressed.resize(compressed.size() - 6);  // part of the trailer missing
  GzipInflater inflater(kMiB);
  EXPECT_NO_THROW(inflate(inflater, compressed, 512));
  expectError([&] { inflater.finish(); }, "SerializationException", 400);
}

TEST(GzipInflater, NothingFedFailsOnFinish) {
  GzipInflater inflater(kMiB);
  expectError([&] { inflater.finish(); }, "SerializationException", 400);
}

TEST(GzipInflater, TrailingGarbageInTheSameFeedIsRefused) {
  GzipInflater inflater(kMiB);
  expectError([&] { inflate(inflater, gzipCompress("payload") + "garbage", 1 << 20); },
              "SerializationException", 400);
}

TEST(GzipInflater, TrailingGarbageInALaterFeedIsRefused) {
  GzipInflater inflater(kMiB);
  std::string out = inflate(inflater, gzipCompress("payload"), 1 << 20);
  EXPECT_EQ(out, "payload");
  expectError([&] { inflater.feed("x", [](std::string_view) {}); }, "SerializationException", 400);
}

}  // namespace
}  // namespace awsemu::gateway
