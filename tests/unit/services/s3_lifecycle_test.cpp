// S3 Lifecycle: which rule selects which version, S3's midnight rounding, and whole sweeps over
// an engine whose clock the test moves (the actions that count days cannot be tested end to end
// without waiting for them).
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "s3_test_support.hpp"
#include "services/s3/lifecycle_rules.hpp"
#include "services/s3/lifecycle_sweeper.hpp"

namespace awsemu::s3 {
namespace {

using testing::EngineHarness;
using testing::kAccount;

constexpr std::int64_t kDay = lifecycle::kDayMs;
// 2014-01-15 10:30:00 UTC
constexpr std::int64_t kJan15 = 1389781800000;

Json rule(Json fields) {
  Json out{{"ID", "r"}, {"Status", "Enabled"}, {"Filter", Json::object()}};
  out.update(fields);
  return out;
}

Json config(const std::vector<Json>& rules) {
  Json list = Json::array();
  for (const auto& one : rules) list.push_back(one);
  return Json{{"Rules", list}};
}

ObjectVersion version(std::string key, std::uint64_t size = 10, Json tags = Json::object()) {
  ObjectVersion v;
  v.key = std::move(key);
  v.size = size;
  v.attributes.tags = std::move(tags);
  return v;
}

TEST(S3LifecycleRules, DaysCountToTheFollowingMidnightUtc) {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
  EXPECT_EQ(lifecycle::dueAfterDays(kJan15, 3), 1390089600000);  // 2014-01-19 00:00 UTC
  EXPECT_EQ(lifecycle::dueAfterDays(1390089600000 - 1, 1), 1390089600000 + kDay);
}

TEST(S3LifecycleRules, FiltersSelectByPrefixTagsAndSize) {
  Json both_filter = Json::parse(R"({"And": {"Prefix": "logs/",
      "Tags": [{"Key": "t", "Value": "1"}],
      "ObjectSizeGreaterThan": 100, "ObjectSizeLessThan": 1000}})");
  auto rules = lifecycle::enabledRules(config({
      rule({{"ID", "and"}, {"Filter", both_filter}}),
      rule({{"ID", "legacy"}, {"Prefix", "old/"}}),
      rule({{"ID", "off"}, {"Status", "Disabled"}}),
  }));
  ASSERT_EQ(rules.size(), 2u);
  const auto& both = rules[0].filter;
  EXPECT_TRUE(lifecycle::selects(both, version("logs/a", 500, {{"t", "1"}})));
  EXPECT_FALSE(lifecycle::selects(both, version("logs/a", 100, {{"t", "1"}})));   // not greater
  EXPECT_FALSE(lifecycle::selects(both, version("logs/a", 1000, {{"t", "1"}})));  // not less
  EXPECT_FALSE(lifecycle::selects(both, version("logs/a", 500, {{"t", "2"}})));
  EXPECT_FALSE(lifecycle::selects(both, version("other", 500, {{"t", "1"}})));
  ObjectVersion marker = version("logs/a");
  marker.is_delete_marker = true;
  EXPECT_FALSE(lifecycle::selects(both, marker));  // markers have no tags or size
  EXPECT_TRUE(lifecycle::selects(rules[1].filter, version("old/x")));
  EXPECT_FALSE(lifecycle::selectsUpload(both, "logs/a"));  // tag filters never select uploads
  EXPECT_TRUE(lifecycle::selectsUpload(rules[1].filter, "old/upload"));
}

TEST(S3LifecycleRules, ExpirationHeaderNamesTheEarliestRule) {
  auto rules = lifecycle::enabledRules(config({
      rule({{"ID", "late"}, {"Expiration", {{"Days", 30}}}}),
      rule({{"ID", "soon rule"}, {"Expiration", {{"Days", 3}}}}),
      rule({{"ID", "markers"}, {"Expiration", {{"ExpiredObjectDeleteMarker", true}}}}),
  }));
  ObjectVersion v = version("k");
  v.last_modified_ms = kJan15;
  auto expiry = lifecycle::currentVersionExpiry(rules, v);
  ASSERT_TRUE(expiry);
  EXPECT_EQ(lifecycle::expirationHeader(*expiry),
            "expiry-date=\"Sun, 19 Jan 2014 00:00:00 GMT\", rule-id=\"soon%20rule\"");
}

class S3LifecycleSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    s3.clock().setMs(kJan15);
    s3.createBucket("bkt");
  }
  void lifecycle(const std::vector<Json>& rules) {
    s3->putBucketConfig("bkt", lifecycle::kConfig, config(rules));
  }
  void versioning() { s3->putVersioning("bkt", Versioning::Enabled); }
  SweepCounts sweepAt(std::int64_t now_ms) { return sweeper.sweepNow(s3.engine(), now_ms); }
  std::vector<std::string> entries() {
    std::vector<std::string> out;
    for (const auto& v : s3->listObjectVersions("bkt", {}).entries)
      out.push_back(v.key + (v.is_delete_marker ? ":marker" : ":" + v.etag.substr(1, 4)));
    return out;
  }

  EngineHarness s3;
  boost::asio::io_context io;
  std::vector<std::string> events;
  LifecycleSweeper sweeper{io.get_executor(), [this] { return &s3.engine(); },
                           [this](std::string_view event, const std::string&,
                                  const ObjectVersion& object, const std::optional<std::string>&) {
                             events.push_back(std::string(event) + " " + object.key);
                           },
                           std::chrono::seconds(60)};
};

TEST_F(S3LifecycleSweep, ExpirationDeletesUnversionedObjectsOnceDue) {
  s3.put("bkt", "tmp/a", "aaaa");
  s3.put("bkt", "keep", "kkkk");
  lifecycle({rule({{"Filter", {{"Prefix", "tmp/"}}}, {"Expiration", {{"Days", 1}}}})});
  const std::int64_t due = lifecycle::dueAfterDays(kJan15, 1);
  EXPECT_EQ(sweepAt(due - 1).total(), 0u);
  EXPECT_EQ(sweepAt(due).objects_deleted, 1u);
  EXPECT_EQ(entries(), std::vector<std::string>{"keep:fa7f"});
  EXPECT_EQ(events, std::vector<std::string>{"s3:LifecycleExpiration:Delete tmp/a"});
}

TEST_F(S3LifecycleSweep, ExpirationOfVersionedObjectsAddsOneDeleteMarker) {
  versioning();
  s3.put("bkt", "k", "v1");
  lifecycle({rule({{"Expiration", {{"Days", 1}}}})});
  EXPECT_EQ(sweepAt(kJan15 + 3 * kDay).markers_created, 1u);
  EXPECT_EQ(sweepAt(kJan15 + 3 * kDay).markers_created, 0u);  // the current entry is a marker
  EXPECT_EQ(entries().size(), 2u);
  EXPECT_EQ(events, std::vector<std::string>{"s3:LifecycleExpiration:DeleteMarkerCreated k"});
}

TEST_F(S3LifecycleSweep, NoncurrentVersionsExpireCountedFromTheirSuccessor) {
  versioning();
  s3.put("bkt", "k", "v1");
  s3.clock().advanceMs(5 * kDay);
  const std::int64_t replaced = kJan15 + 5 * kDay;
  s3.put("bkt", "k", "v2");
  lifecycle({rule({{"NoncurrentVersionExpiration", {{"NoncurrentDays", 2}}}})});
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(replaced, 2) - 1).total(), 0u);
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(replaced, 2)).versions_deleted, 1u);
  ASSERT_EQ(entries().size(), 1u);
  EXPECT_EQ(s3.read("bkt", "k"), "v2");
}

TEST_F(S3LifecycleSweep, NewerNoncurrentVersionsAreKept) {
  versioning();
  for (const char* body : {"v1", "v2", "v3", "v4"}) s3.put("bkt", "k", body);
  lifecycle({rule(
      {{"NoncurrentVersionExpiration", {{"NoncurrentDays", 1}, {"NewerNoncurrentVersions", 1}}}})});
  EXPECT_EQ(sweepAt(kJan15 + 10 * kDay).versions_deleted, 2u);  // v2 and v1
  std::vector<std::string> left;
  for (const auto& v : s3->listObjectVersions("bkt", {}).entries)
    left.push_back(s3.read("bkt", "k", v.version_id));
  EXPECT_EQ(left, (std::vector<std::string>{"v4", "v3"}));
}

TEST_F(S3LifecycleSweep, ExpiredObjectDeleteMarkersGoWhenAlone) {
  versioning();
  auto alone = s3.put("bkt", "alone", "x");
  s3.remove("bkt", "alone");
  s3.remove("bkt", "alone", alone.object.version_id);
  s3.put("bkt", "shadowed", "x");
  s3.remove("bkt", "shadowed");
  lifecycle({rule({{"Expiration", {{"ExpiredObjectDeleteMarker", true}}}})});
  EXPECT_EQ(sweepAt(kJan15).versions_deleted, 1u);
  EXPECT_EQ(entries(), (std::vector<std::string>{"shadowed:marker", "shadowed:9dd4"}));
}

TEST_F(S3LifecycleSweep, ObjectLockProtectsVersions) {
  s3->updateBucket("bkt", [](Bucket& b) { b.object_lock_enabled = true; });
  versioning();
  PutObjectRequest request{"bkt", "k"};
  request.attributes.owner = std::string(kAccount);
  request.attributes.object_lock = {{"LegalHoldStatus", "ON"}};
  s3->putObject(request, std::string_view("held"));
  s3.put("bkt", "k", "new");
  lifecycle({rule({{"NoncurrentVersionExpiration", {{"NoncurrentDays", 1}}}})});
  EXPECT_EQ(sweepAt(kJan15 + 10 * kDay).versions_deleted, 0u);
  EXPECT_EQ(entries().size(), 2u);
}

TEST_F(S3LifecycleSweep, IncompleteUploadsAreAborted) {
  s3->createMultipartUpload("bkt", "up/a", {});
  s3->createMultipartUpload("bkt", "other", {});
  lifecycle({rule({{"Filter", {{"Prefix", "up/"}}},
                   {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", 2}}}})});
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(kJan15, 2) - 1).uploads_aborted, 0u);
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(kJan15, 2)).uploads_aborted, 1u);
  auto left = s3->listMultipartUploads("bkt", {}).entries;
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].key, "other");
}

TEST_F(S3LifecycleSweep, PagesAreWalkedWithoutLosingEntries) {
  versioning();
  // More keys and more versions of one key than a page holds.
  for (int i = 0; i < 250; ++i) s3.put("bkt", "many/" + std::to_string(1000 + i), "x");
  for (int i = 0; i < 150; ++i) s3.put("bkt", "deep", "v" + std::to_string(i));
  lifecycle({rule({{"Filter", {{"Prefix", "many/"}}}, {"Expiration", {{"Days", 1}}}}),
             rule({{"ID", "n"},
                   {"Filter", {{"Prefix", "deep"}}},
                   {"NoncurrentVersionExpiration", {{"NoncurrentDays", 1}}}})});
  SweepCounts counts = sweepAt(kJan15 + 3 * kDay);
  EXPECT_EQ(counts.markers_created, 250u);
  EXPECT_EQ(counts.versions_deleted, 149u);
  EXPECT_EQ(s3.read("bkt", "deep"), "v149");
}

// ---- transitions --------------------------------------------------------------------------------

std::string classOf(EngineHarness& s3, const std::string& key,
                    std::optional<std::string> version = std::nullopt) {
  return s3->headObject({"bkt", key, std::move(version)}).object.attributes.storage_class;
}

TEST(S3LifecycleRules, TransitionsGoDownTheWaterfallOnly) {
  EXPECT_LT(lifecycle::storageClassRank("STANDARD"), lifecycle::storageClassRank("STANDARD_IA"));
  EXPECT_LT(lifecycle::storageClassRank("STANDARD_IA"),
            lifecycle::storageClassRank("INTELLIGENT_TIERING"));
  EXPECT_LT(lifecycle::storageClassRank("ONEZONE_IA"), lifecycle::storageClassRank("GLACIER_IR"));
  EXPECT_LT(lifecycle::storageClassRank("GLACIER"), lifecycle::storageClassRank("DEEP_ARCHIVE"));
  auto rules =
      lifecycle::enabledRules(config({rule({{"Transitions",
                                             {{{"Days", 30}, {"StorageClass", "STANDARD_IA"}},
                                              {{"Days", 90}, {"StorageClass", "GLACIER"}}}}})}));
  ObjectVersion v = version("k", 200 * 1024);
  v.last_modified_ms = kJan15;
  EXPECT_FALSE(lifecycle::dueCurrentTransition(rules, v, kJan15 + 10 * kDay));
  EXPECT_EQ(lifecycle::dueCurrentTransition(rules, v, kJan15 + 40 * kDay), "STANDARD_IA");
  EXPECT_EQ(lifecycle::dueCurrentTransition(rules, v, kJan15 + 100 * kDay), "GLACIER");
  v.attributes.storage_class = "DEEP_ARCHIVE";  // never back up
  EXPECT_FALSE(lifecycle::dueCurrentTransition(rules, v, kJan15 + 100 * kDay));
}

TEST(S3LifecycleRules, SmallObjectsStayUnlessAllowed) {
  Json glacier = {{"Transitions", {{{"Days", 0}, {"StorageClass", "GLACIER"}}}}};
  auto by_default = lifecycle::enabledRules(config({rule(glacier)}));
  Json varies = config({rule(glacier)});
  varies["TransitionDefaultMinimumObjectSize"] = "varies_by_storage_class";
  auto archive_ok = lifecycle::enabledRules(varies);
  Json sized = rule(glacier);
  sized["Filter"] = {{"ObjectSizeGreaterThan", 0}};
  auto custom = lifecycle::enabledRules(config({sized}));
  ObjectVersion small = version("k", 1000);
  small.last_modified_ms = kJan15;
  const std::int64_t later = kJan15 + 2 * kDay;
  EXPECT_FALSE(lifecycle::dueCurrentTransition(by_default, small, later));
  EXPECT_EQ(lifecycle::dueCurrentTransition(archive_ok, small, later), "GLACIER");
  EXPECT_EQ(lifecycle::dueCurrentTransition(custom, small, later), "GLACIER");
  EXPECT_FALSE(lifecycle::transitionsSize(archive_ok[0], "STANDARD_IA", 1000));
  EXPECT_TRUE(lifecycle::transitionsSize(by_default[0], "STANDARD_IA", 128 * 1024));
}

TEST_F(S3LifecycleSweep, TransitionsChangeTheStorageClassWhenDue) {
  const std::string big(200 * 1024, 'b');
  s3.put("bkt", "logs/big", big);
  s3.put("bkt", "logs/small", "tiny");
  lifecycle({rule({{"Filter", {{"Prefix", "logs/"}}},
                   {"Transitions",
                    {{{"Days", 30}, {"StorageClass", "STANDARD_IA"}},
                     {{"Days", 60}, {"StorageClass", "DEEP_ARCHIVE"}}}}})});
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(kJan15, 30) - 1).total(), 0u);
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(kJan15, 30)).objects_transitioned, 1u);
  EXPECT_EQ(classOf(s3, "logs/big"), "STANDARD_IA");
  EXPECT_EQ(classOf(s3, "logs/small"), "STANDARD");                     // under 128 KiB
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(kJan15, 30)).total(), 0u);  // there already
  EXPECT_EQ(sweepAt(lifecycle::dueAfterDays(kJan15, 60)).objects_transitioned, 1u);
  EXPECT_EQ(classOf(s3, "logs/big"), "DEEP_ARCHIVE");
  EXPECT_EQ(events, (std::vector<std::string>{"s3:LifecycleTransition logs/big",
                                              "s3:LifecycleTransition logs/big"}));
}

TEST_F(S3LifecycleSweep, ExpirationWinsOverATransitionDueTheSameDay) {
  s3.put("bkt", "k", std::string(200 * 1024, 'x'));
  lifecycle({rule({{"Transitions", {{{"Days", 1}, {"StorageClass", "GLACIER"}}}},
                   {"Expiration", {{"Days", 2}}}})});
  const auto counts = sweepAt(kJan15 + 10 * kDay);
  EXPECT_EQ(counts.objects_deleted, 1u);
  EXPECT_EQ(counts.objects_transitioned, 0u);
}

TEST_F(S3LifecycleSweep, NoncurrentVersionTransitionsCountFromTheSuccessor) {
  versioning();
  const std::string body(200 * 1024, '1');
  for (int i = 0; i < 3; ++i) {
    s3.put("bkt", "k", body);
    s3.clock().advanceMs(kDay);
  }
  // v3 current, v2 and v1 noncurrent since kJan15 + 2 days and + 1 day.
  lifecycle({rule({{"NoncurrentVersionTransitions",
                    {{{"NoncurrentDays", 30},
                      {"NewerNoncurrentVersions", 1},
                      {"StorageClass", "GLACIER_IR"}}}}})});
  EXPECT_EQ(sweepAt(kJan15 + 20 * kDay).total(), 0u);
  EXPECT_EQ(sweepAt(kJan15 + 40 * kDay).objects_transitioned, 1u);  // v1; v2 is kept
  auto listed = s3->listObjectVersions("bkt", {}).entries;
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].attributes.storage_class, "STANDARD");  // current
  EXPECT_EQ(listed[1].attributes.storage_class, "STANDARD");  // the newest noncurrent, kept
  EXPECT_EQ(listed[2].attributes.storage_class, "GLACIER_IR");
}

}  // namespace
}  // namespace awsemu::s3
