#include "awsemu/iam/policy_cache.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace awsemu::iam {
namespace {

std::string policyText(int n) {
  return R"({"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b)" +
         std::to_string(n) + R"(/*"}})";
}

TEST(PolicyCache, CompilesOncePerTextAndLabel) {
  PolicyCache cache;
  PolicyPtr first = cache.get(policyText(1), {"bucket-1", "resource"});
  EXPECT_EQ(cache.get(policyText(1), {"bucket-1", "resource"}), first);
  EXPECT_NE(cache.get(policyText(1), {"bucket-2", "resource"}), first);
  EXPECT_NE(cache.get(policyText(2), {"bucket-1", "resource"}), first);
  EXPECT_EQ(first->label().id, "bucket-1");
  EXPECT_EQ(cache.size(), 3u);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PolicyCache, EvictsLeastRecentlyUsed) {
  PolicyCache cache(2);
  PolicyPtr one = cache.get(policyText(1));
  cache.get(policyText(2));
  EXPECT_EQ(cache.get(policyText(1)), one);  // 1 is now the most recent
  cache.get(policyText(3));                  // evicts 2
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.get(policyText(1)), one);
}

TEST(PolicyCache, GarbageThrowsPolicyError) {
  PolicyCache cache;
  EXPECT_THROW(cache.get("not a policy"), PolicyError);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PolicyCache, ConcurrentGets) {
  PolicyCache cache(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 500; ++i) {
        PolicyPtr policy = cache.get(policyText((i + t) % 16));
        ASSERT_TRUE(policy);
        ASSERT_EQ(policy->statementCount(), 1u);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 8u);
}

}  // namespace
}  // namespace awsemu::iam
