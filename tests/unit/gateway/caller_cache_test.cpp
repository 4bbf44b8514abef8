// The authorisation stage's caller cache: an entry answers only for the directory and generation
// it was built at, so any IAM write (a new generation) makes it stale.
#include "src/gateway/caller_cache.hpp"

#include <gtest/gtest.h>

namespace awsemu::gateway {
namespace {

const auto* kDirectory = reinterpret_cast<const service::PrincipalDirectory*>(0x1000);
const auto* kOtherDirectory = reinterpret_cast<const service::PrincipalDirectory*>(0x2000);

CallerPtr callerNamed(const std::string& arn) {
  auto caller = std::make_shared<Caller>();
  caller->principal.arn = arn;
  return caller;
}

TEST(CallerCache, AnswersAtTheSameVersionOnly) {
  CallerCache cache;
  cache.put("AKIA1", {kDirectory, 7}, callerNamed("alice"));
  ASSERT_NE(cache.find("AKIA1", {kDirectory, 7}), nullptr);
  EXPECT_EQ(cache.find("AKIA1", {kDirectory, 7})->principal.arn, "alice");
  EXPECT_EQ(cache.find("AKIA1", {kDirectory, 8}), nullptr);       // IAM changed since
  EXPECT_EQ(cache.find("AKIA1", {kOtherDirectory, 7}), nullptr);  // IAM restarted
  EXPECT_EQ(cache.find("AKIA1", {nullptr, 7}), nullptr);          // IAM stopped
  EXPECT_EQ(cache.find("AKIA2", {kDirectory, 7}), nullptr);
}

TEST(CallerCache, ANewerEntryIsNotReplacedByAnOlderOne) {
  CallerCache cache;
  cache.put("AKIA1", {kDirectory, 9}, callerNamed("new"));
  cache.put("AKIA1", {kDirectory, 8}, callerNamed("old"));  // a slower rebuild finishing late
  ASSERT_NE(cache.find("AKIA1", {kDirectory, 9}), nullptr);
  EXPECT_EQ(cache.find("AKIA1", {kDirectory, 9})->principal.arn, "new");
  cache.put("AKIA1", {kDirectory, 10}, callerNamed("newer"));
  EXPECT_EQ(cache.find("AKIA1", {kDirectory, 10})->principal.arn, "newer");
  cache.clear();
  EXPECT_EQ(cache.find("AKIA1", {kDirectory, 10}), nullptr);
}

TEST(CallerCache, KeepsManyKeys) {
  CallerCache cache;
  for (int i = 0; i < 500; ++i)
    cache.put("AKIA" + std::to_string(i), {kDirectory, 1}, callerNamed(std::to_string(i)));
  for (int i = 0; i < 500; ++i) {
    auto caller = cache.find("AKIA" + std::to_string(i), {kDirectory, 1});
    ASSERT_NE(caller, nullptr);
    EXPECT_EQ(caller->principal.arn, std::to_string(i));
  }
}

}  // namespace
}  // namespace awsemu::gateway
