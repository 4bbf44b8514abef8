// S3 event notifications: configuration validation, matching (wildcards, prefix/suffix) and the
// event record's fields.
#include "services/s3/event_notifications.hpp"

#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::s3::notifications {
namespace {

Json queueConfig(Json events, const char* prefix = "", const char* suffix = "") {
  Json config{{"Id", "c"},
              {"QueueArn", "arn:aws:sqs:us-east-1:000000000000:q"},
              {"Events", std::move(events)}};
  Json rules = Json::array();
  if (*prefix) rules.push_back({{"Name", "prefix"}, {"Value", prefix}});
  if (*suffix) rules.push_back({{"Name", "Suffix"}, {"Value", suffix}});
  if (!rules.empty()) config["Filter"] = {{"Key", {{"FilterRules", rules}}}};
  return config;
}

TEST(S3EventNotifications, MatchesWildcardsAndFilters) {
  Json configuration{
      {"QueueConfigurations", Json::array({queueConfig({"s3:ObjectCreated:*"}, "in/", ".json")})}};
  EXPECT_EQ(destinationsFor(configuration, "s3:ObjectCreated:Put", "in/a.json").size(), 1u);
  EXPECT_EQ(destinationsFor(configuration, "s3:ObjectCreated:Copy", "in/a.json").size(), 1u);
  EXPECT_TRUE(destinationsFor(configuration, "s3:ObjectRemoved:Delete", "in/a.json").empty());
  EXPECT_TRUE(destinationsFor(configuration, "s3:ObjectCreated:Put", "out/a.json").empty());
  EXPECT_TRUE(destinationsFor(configuration, "s3:ObjectCreated:Put", "in/a.txt").empty());
  auto destinations = destinationsFor(configuration, "s3:ObjectCreated:Put", "in/x.json");
  EXPECT_EQ(destinations[0].kind, "Queue");
  EXPECT_EQ(destinations[0].configuration_id, "c");
}

TEST(S3EventNotifications, Validation) {
  Json unknown{{"QueueConfigurations", Json::array({queueConfig({"s3:Nope"})})}};
  EXPECT_THROW(validate(unknown), AwsError);
  Json overlap{
      {"QueueConfigurations", Json::array({queueConfig({"s3:ObjectCreated:*"}, "a/"),
                                           queueConfig({"s3:ObjectCreated:Put"}, "a/b")})}};
  EXPECT_THROW(validate(overlap), AwsError);
  Json disjoint{{"QueueConfigurations", Json::array({queueConfig({"s3:ObjectCreated:*"}, "a/"),
                                                     queueConfig({"s3:ObjectCreated:*"}, "b/")})}};
  EXPECT_NO_THROW(validate(disjoint));
  Json fifo{{"QueueConfigurations", Json::array({queueConfig({"s3:ObjectCreated:*"})})}};
  fifo["QueueConfigurations"][0]["QueueArn"] = "arn:aws:sqs:us-east-1:000000000000:q.fifo";
  EXPECT_THROW(validate(fifo), AwsError);
  Json no_id{{"QueueConfigurations", Json::array({queueConfig({"s3:ObjectCreated:*"})})}};
  no_id["QueueConfigurations"][0].erase("Id");
  validate(no_id);
  EXPECT_FALSE(no_id["QueueConfigurations"][0].value("Id", "").empty());
}

TEST(S3EventNotifications, RecordFields) {
  EventContext event;
  event.event_name = "s3:ObjectCreated:Put";
  event.region = "eu-west-1";
  event.bucket = "bkt";
  event.bucket_owner_account = "000000000000";
  ObjectVersion object;
  object.key = "dir/a b+c.txt";
  object.size = 5;
  object.etag = "\"abc\"";
  object.seq = 255;
  Json record = eventRecord(event, {"Queue", "arn", "cfg"}, object, "v1")["Records"][0];
  EXPECT_EQ(record["eventName"], "ObjectCreated:Put");
  EXPECT_EQ(record["awsRegion"], "eu-west-1");
  EXPECT_EQ(record["s3"]["configurationId"], "cfg");
  EXPECT_EQ(record["s3"]["object"]["key"], "dir/a+b%2Bc.txt");
  EXPECT_EQ(record["s3"]["object"]["eTag"], "abc");
  EXPECT_EQ(record["s3"]["object"]["size"], 5);
  EXPECT_EQ(record["s3"]["object"]["versionId"], "v1");
  EXPECT_EQ(record["s3"]["object"]["sequencer"], "00000000000000FF");
  event.event_name = "s3:ObjectRemoved:Delete";
  Json removed = eventRecord(event, {"Queue", "arn", "cfg"}, object, std::nullopt)["Records"][0];
  EXPECT_FALSE(removed["s3"]["object"].contains("size"));
  EXPECT_FALSE(removed["s3"]["object"].contains("versionId"));
}

}  // namespace
}  // namespace awsemu::s3::notifications
