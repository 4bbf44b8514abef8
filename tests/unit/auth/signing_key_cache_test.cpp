#include "awsemu/auth/signing_key_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace awsemu::auth {
namespace {

TEST(SigningKeyCache, ReturnsTheDerivedKeyAndCountsHits) {
  SigningKeyCache cache;
  auto expected = deriveSigningKey("secret", "20150830", "us-east-1", "sqs");
  EXPECT_EQ(cache.get("secret", "20150830", "us-east-1", "sqs"), expected);
  EXPECT_EQ(cache.get("secret", "20150830", "us-east-1", "sqs"), expected);
  EXPECT_EQ(cache.misses(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
  // Any part changing is another key.
  EXPECT_NE(cache.get("secret2", "20150830", "us-east-1", "sqs"), expected);
  EXPECT_NE(cache.get("secret", "20150831", "us-east-1", "sqs"), expected);
  EXPECT_NE(cache.get("secret", "20150830", "eu-west-1", "sqs"), expected);
  EXPECT_NE(cache.get("secret", "20150830", "us-east-1", "sns"), expected);
}

TEST(SigningKeyCache, ConcurrentUseGivesCorrectKeys) {
  SigningKeyCache cache;
  std::vector<SigningKey> expected;
  for (int day = 0; day < 600; ++day)  // more keys than slots: collisions and evictions
    expected.push_back(deriveSigningKey("s" + std::to_string(day), "20150830", "us-east-1", "s3"));
  std::vector<std::thread> threads;
  std::atomic<int> wrong = 0;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 3000; ++i) {
        int day = (i * 7 + t) % 600;
        if (cache.get("s" + std::to_string(day), "20150830", "us-east-1", "s3") != expected[day])
          ++wrong;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(cache.hits() + cache.misses(), 12000u);
}

}  // namespace
}  // namespace awsemu::auth
