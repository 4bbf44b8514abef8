// The per-service authorisers (ENFORCE_IAM): for a few operations of each service, the IAM action,
// the resource ARN(s) and the condition keys they hand the policy engine.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "awsemu/config/config.hpp"
#include "awsemu/events/event_bus.hpp"
#include "awsemu/service/authorization.hpp"
#include "awsemu/service/credential_registry.hpp"
#include "awsemu/service/environment.hpp"
#include "awsemu/storage/storage_location.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/fine_grained_keys.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::service {
namespace {

constexpr const char* kAccount = "000000000000";

// A service none of the table-free authorisers looks at.
class NoService : public Service {
 public:
  std::string name() const override { return "none"; }
  void start(ServiceEnvironment&) override {}
  void reset() override {}
};

RequestContext contextFor(const std::string& service, const std::string& operation) {
  RequestContext ctx;
  ctx.service = service;
  ctx.operation = operation;
  ctx.region = "us-east-1";
  ctx.caller.account_id = kAccount;
  return ctx;
}

AuthorizationTargets targetsOf(Service& service, const std::string& name,
                               const std::string& operation, const Json& input,
                               bool body_read = true) {
  auto ctx = contextFor(name, operation);
  auto targets = authorizerFor(name).targets(service, ctx, input, body_read);
  EXPECT_TRUE(targets.has_value()) << operation;
  return targets.value_or(AuthorizationTargets{});
}

// The values of a condition key on a target; empty when it is absent.
std::vector<std::string> keyValues(const AuthorizationTarget& target, const std::string& key) {
  for (const auto& [name, values] : target.context)
    if (name == key) return values;
  return {};
}

bool hasKey(const AuthorizationTarget& target, const std::string& key) {
  for (const auto& [name, values] : target.context)
    if (name == key) return true;
  return false;
}

using Strings = std::vector<std::string>;

// ---- S3 ----------------------------------------------------------------------------------------

TEST(S3Authorizer, ObjectReadsAreGetObjectOnTheObjectArn) {
  NoService none;
  auto targets = targetsOf(none, "s3", "HeadObject", {{"Bucket", "b"}, {"Key", "dir/k.txt"}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "s3:GetObject");
  EXPECT_EQ(targets[0].resource, "arn:aws:s3:::b/dir/k.txt");
}

TEST(S3Authorizer, ListingIsListBucketWithPrefixKeys) {
  NoService none;
  auto targets = targetsOf(none, "s3", "ListObjectsV2",
                           {{"Bucket", "b"}, {"Prefix", "home/alice/"}, {"Delimiter", "/"}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "s3:ListBucket");
  EXPECT_EQ(targets[0].resource, "arn:aws:s3:::b");
  EXPECT_EQ(keyValues(targets[0], "s3:prefix"), Strings{"home/alice/"});
  EXPECT_EQ(keyValues(targets[0], "s3:delimiter"), Strings{"/"});
}

TEST(S3Authorizer, CopyObjectReadsTheSourceAndWritesTheDestination) {
  NoService none;
  auto targets = targetsOf(none, "s3", "CopyObject",
                           {{"Bucket", "dst"}, {"Key", "to"}, {"CopySource", "/src/from%20here"}});
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].action, "s3:GetObject");
  EXPECT_EQ(targets[0].resource, "arn:aws:s3:::src/from here");
  EXPECT_EQ(targets[1].action, "s3:PutObject");
  EXPECT_EQ(targets[1].resource, "arn:aws:s3:::dst/to");
}

TEST(S3Authorizer, DeleteObjectsWaitsForItsBodyThenAsksPerKey) {
  NoService none;
  auto ctx = contextFor("s3", "DeleteObjects");
  EXPECT_FALSE(authorizerFor("s3").targets(none, ctx, {{"Bucket", "b"}}, false).has_value());
  Json input = {{"Bucket", "b"},
                {"Delete", {{"Objects", {{{"Key", "a"}}, {{"Key", "c"}, {"VersionId", "v1"}}}}}}};
  auto targets = targetsOf(none, "s3", "DeleteObjects", input);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].action, "s3:DeleteObject");
  EXPECT_EQ(targets[0].resource, "arn:aws:s3:::b/a");
  EXPECT_EQ(targets[1].action, "s3:DeleteObjectVersion");
}

TEST(S3Authorizer, ListBucketsIsListAllMyBuckets) {
  NoService none;
  auto targets = targetsOf(none, "s3", "ListBuckets", Json::object());
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "s3:ListAllMyBuckets");
  EXPECT_EQ(targets[0].resource, "*");
}

// ---- SQS ---------------------------------------------------------------------------------------

TEST(SqsAuthorizer, BatchesAreTheirSingleMessageActionOnTheQueueArn) {
  NoService none;
  auto targets = targetsOf(
      none, "sqs", "SendMessageBatch",
      {{"QueueUrl", "http://sqs.eu-west-1.localhost.localstack.cloud:4566/111122223333/jobs"}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "sqs:SendMessage");
  EXPECT_EQ(targets[0].resource, "arn:aws:sqs:eu-west-1:111122223333:jobs");
  EXPECT_EQ(targets[0].resource_account, "111122223333");
}

TEST(SqsAuthorizer, CreateQueueNamesTheQueueInTheCallersAccountAndRegion) {
  NoService none;
  auto targets = targetsOf(none, "sqs", "CreateQueue", {{"QueueName", "new"}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "sqs:CreateQueue");
  EXPECT_EQ(targets[0].resource, "arn:aws:sqs:us-east-1:000000000000:new");
}

TEST(SqsAuthorizer, ListQueuesHasNoResource) {
  NoService none;
  auto targets = targetsOf(none, "sqs", "ListQueues", Json::object());
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "sqs:ListQueues");
  EXPECT_EQ(targets[0].resource, "*");
}

// ---- SNS ---------------------------------------------------------------------------------------

TEST(SnsAuthorizer, SubscribeCarriesProtocolAndEndpoint) {
  NoService none;
  auto targets = targetsOf(none, "sns", "Subscribe",
                           {{"TopicArn", "arn:aws:sns:us-east-1:111122223333:t"},
                            {"Protocol", "sqs"},
                            {"Endpoint", "arn:aws:sqs:us-east-1:111122223333:q"}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "sns:Subscribe");
  EXPECT_EQ(targets[0].resource, "arn:aws:sns:us-east-1:111122223333:t");
  EXPECT_EQ(targets[0].resource_account, "111122223333");
  EXPECT_EQ(keyValues(targets[0], "sns:Protocol"), Strings{"sqs"});
  EXPECT_EQ(keyValues(targets[0], "sns:Endpoint"), Strings{"arn:aws:sqs:us-east-1:111122223333:q"});
}

TEST(SnsAuthorizer, PublishBatchIsPublishAndSubscriptionsActOnTheirTopic) {
  NoService none;
  auto batch = targetsOf(none, "sns", "PublishBatch",
                         {{"TopicArn", "arn:aws:sns:us-east-1:000000000000:t"}});
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].action, "sns:Publish");
  auto unsubscribe = targetsOf(none, "sns", "Unsubscribe",
                               {{"SubscriptionArn", "arn:aws:sns:us-east-1:000000000000:t:abc"}});
  ASSERT_EQ(unsubscribe.size(), 1u);
  EXPECT_EQ(unsubscribe[0].resource, "arn:aws:sns:us-east-1:000000000000:t");
}

// ---- STS ---------------------------------------------------------------------------------------

TEST(StsAuthorizer, CallerIdentityIsNeverAskedAndFederationNamesTheUser) {
  NoService none;
  EXPECT_TRUE(targetsOf(none, "sts", "GetCallerIdentity", Json::object()).empty());
  EXPECT_TRUE(targetsOf(none, "sts", "AssumeRole", Json::object()).empty());
  auto targets = targetsOf(none, "sts", "GetFederationToken", {{"Name", "bob"}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "sts:GetFederationToken");
  EXPECT_EQ(targets[0].resource, "arn:aws:sts::000000000000:federated-user/bob");
}

// ---- Services with a running instance (IAM entities, DynamoDB tables) --------------------------

class RunningService : public testing::Test {
 protected:
  RunningService()
      : storage_(false, ""),
        bus_(context_.get_executor()),
        env_{config_, storage_, credentials_, bus_, context_.get_executor()} {}

  static Json call(Service& service, const std::string& operation, const Json& input) {
    auto ctx = contextFor(service.name(), operation);
    return service.handlers().at(operation).sync(ctx, input);
  }

  config::Config config_;
  storage::StorageLocation storage_;
  CredentialRegistry credentials_;
  boost::asio::io_context context_;
  events::EventBus bus_;
  ServiceEnvironment env_;
};

// ---- IAM ---------------------------------------------------------------------------------------

class IamAuthorizerTest : public RunningService {
 protected:
  IamAuthorizerTest() { iam_.start(env_); }
  ~IamAuthorizerTest() override { iam_.stop(); }
  iam_service::IamService iam_;
};

TEST_F(IamAuthorizerTest, ExistingEntitiesAreNamedWithTheirPath) {
  call(iam_, "CreateUser", {{"UserName", "alice"}, {"Path", "/division/"}});
  call(iam_, "CreateGroup", {{"GroupName", "devs"}, {"Path", "/teams/"}});
  auto get = targetsOf(iam_, "iam", "GetUser", {{"UserName", "alice"}});
  ASSERT_EQ(get.size(), 1u);
  EXPECT_EQ(get[0].action, "iam:GetUser");
  EXPECT_EQ(get[0].resource, "arn:aws:iam::000000000000:user/division/alice");
  // Membership changes act on the group.
  auto add =
      targetsOf(iam_, "iam", "AddUserToGroup", {{"GroupName", "devs"}, {"UserName", "alice"}});
  ASSERT_EQ(add.size(), 1u);
  EXPECT_EQ(add[0].resource, "arn:aws:iam::000000000000:group/teams/devs");
}

TEST_F(IamAuthorizerTest, NewEntitiesAreNamedWithTheRequestedPath) {
  auto create = targetsOf(iam_, "iam", "CreateRole", {{"RoleName", "r"}, {"Path", "/svc/"}});
  ASSERT_EQ(create.size(), 1u);
  EXPECT_EQ(create[0].resource, "arn:aws:iam::000000000000:role/svc/r");
  auto missing = targetsOf(iam_, "iam", "GetRole", {{"RoleName", "nobody"}});
  EXPECT_EQ(missing[0].resource, "arn:aws:iam::000000000000:role/nobody");
}

TEST_F(IamAuthorizerTest, PolicyArnsAreBothResourceAndConditionKey) {
  std::string arn = "arn:aws:iam::aws:policy/ReadOnlyAccess";
  auto targets =
      targetsOf(iam_, "iam", "AttachRolePolicy", {{"RoleName", "r"}, {"PolicyArn", arn}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].action, "iam:AttachRolePolicy");
  EXPECT_EQ(targets[0].resource, "arn:aws:iam::000000000000:role/r");
  EXPECT_EQ(keyValues(targets[0], "iam:PolicyARN"), Strings{arn});
  auto boundary = targetsOf(iam_, "iam", "PutUserPermissionsBoundary",
                            {{"UserName", "u"}, {"PermissionsBoundary", arn}});
  EXPECT_EQ(keyValues(boundary[0], "iam:PermissionsBoundary"), Strings{arn});
}

// ---- DynamoDB ----------------------------------------------------------------------------------

class DynamoDbAuthorizerTest : public RunningService {
 protected:
  DynamoDbAuthorizerTest() {
    dynamodb_.start(env_);
    // Games: partition key "player", sort key "game", a GSI "byGame" keyed by "game".
    call(dynamodb_, "CreateTable",
         Json::parse(R"J({"TableName": "Games", "BillingMode": "PAY_PER_REQUEST",
           "AttributeDefinitions": [{"AttributeName": "player", "AttributeType": "S"},
                                    {"AttributeName": "game", "AttributeType": "S"}],
           "KeySchema": [{"AttributeName": "player", "KeyType": "HASH"},
                         {"AttributeName": "game", "KeyType": "RANGE"}],
           "GlobalSecondaryIndexes": [{"IndexName": "byGame",
             "KeySchema": [{"AttributeName": "game", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "ALL"}}]})J"));
  }
  ~DynamoDbAuthorizerTest() override { dynamodb_.stop(); }

  AuthorizationTargets targets(const std::string& operation, const char* input) {
    return targetsOf(dynamodb_, "dynamodb", operation, Json::parse(input));
  }

  dynamodb::DynamoDbService dynamodb_;
};

constexpr const char* kGamesArn = "arn:aws:dynamodb:us-east-1:000000000000:table/Games";

TEST_F(DynamoDbAuthorizerTest, GetItemGivesItsPartitionKeyAndTheAttributesItNames) {
  auto out = targets("GetItem", R"J({"TableName": "Games",
      "Key": {"player": {"S": "alice"}, "game": {"S": "chess"}},
      "ProjectionExpression": "#s, wins", "ExpressionAttributeNames": {"#s": "score"}})J");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].action, "dynamodb:GetItem");
  EXPECT_EQ(out[0].resource, kGamesArn);
  EXPECT_EQ(out[0].resource_account, kAccount);
  EXPECT_EQ(keyValues(out[0], "dynamodb:LeadingKeys"), Strings{"alice"});
  EXPECT_EQ(keyValues(out[0], "dynamodb:Attributes"), (Strings{"game", "player", "score", "wins"}));
}

TEST_F(DynamoDbAuthorizerTest, PutItemNamesEveryAttributeOfTheItem) {
  auto out = targets("PutItem", R"J({"TableName": "Games", "ReturnValues": "ALL_OLD",
      "Item": {"player": {"S": "bob"}, "game": {"S": "go"}, "score": {"N": "3"}}})J");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].action, "dynamodb:PutItem");
  EXPECT_EQ(keyValues(out[0], "dynamodb:LeadingKeys"), Strings{"bob"});
  EXPECT_EQ(keyValues(out[0], "dynamodb:Attributes"), (Strings{"game", "player", "score"}));
  EXPECT_EQ(keyValues(out[0], "dynamodb:ReturnValues"), Strings{"ALL_OLD"});
}

TEST_F(DynamoDbAuthorizerTest, UpdateItemNamesTheAttributesItWrites) {
  auto out = targets("UpdateItem", R"J({"TableName": "Games",
      "Key": {"player": {"S": "carol"}, "game": {"S": "go"}},
      "UpdateExpression": "SET score = :s REMOVE #old",
      "ExpressionAttributeNames": {"#old": "legacy"},
      "ExpressionAttributeValues": {":s": {"N": "1"}}})J");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(keyValues(out[0], "dynamodb:LeadingKeys"), Strings{"carol"});
  EXPECT_EQ(keyValues(out[0], "dynamodb:Attributes"),
            (Strings{"game", "player", "score", "legacy"}));
}

TEST_F(DynamoDbAuthorizerTest, QueryTakesThePartitionValueOfItsKeyCondition) {
  auto table = targets("Query", R"J({"TableName": "Games", "Select": "COUNT",
      "KeyConditionExpression": "player = :p AND begins_with(game, :g)",
      "ExpressionAttributeValues": {":p": {"S": "dave"}, ":g": {"S": "c"}}})J");
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table[0].action, "dynamodb:Query");
  EXPECT_EQ(keyValues(table[0], "dynamodb:LeadingKeys"), Strings{"dave"});
  EXPECT_EQ(keyValues(table[0], "dynamodb:Select"), Strings{"COUNT"});
  // On an index, its own partition key leads.
  auto index = targets("Query", R"J({"TableName": "Games", "IndexName": "byGame",
      "KeyConditionExpression": "game = :g", "ExpressionAttributeValues": {":g": {"S": "chess"}}})J");
  ASSERT_EQ(index.size(), 1u);
  EXPECT_EQ(index[0].resource, std::string(kGamesArn) + "/index/byGame");
  EXPECT_EQ(keyValues(index[0], "dynamodb:LeadingKeys"), Strings{"chess"});
  // The legacy KeyConditions too.
  auto legacy = targets("Query", R"J({"TableName": "Games", "KeyConditions": {"player":
      {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "erin"}]}}})J");
  EXPECT_EQ(keyValues(legacy[0], "dynamodb:LeadingKeys"), Strings{"erin"});
}

TEST_F(DynamoDbAuthorizerTest, ScanHasNoLeadingKeys) {
  auto out = targets("Scan", R"J({"TableName": "Games", "AttributesToGet": ["score"]})J");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(hasKey(out[0], "dynamodb:LeadingKeys"));
  EXPECT_EQ(keyValues(out[0], "dynamodb:Attributes"), Strings{"score"});
}

TEST_F(DynamoDbAuthorizerTest, BatchesAskOncePerTableWithAllTheirKeys) {
  auto get = targets("BatchGetItem", R"J({"RequestItems": {
      "Games": {"Keys": [{"player": {"S": "a"}, "game": {"S": "x"}},
                         {"player": {"S": "b"}, "game": {"S": "x"}},
                         {"player": {"S": "a"}, "game": {"S": "y"}}]},
      "Other": {"Keys": [{"id": {"S": "1"}}]}}})J");
  ASSERT_EQ(get.size(), 2u);
  EXPECT_EQ(get[0].action, "dynamodb:BatchGetItem");
  EXPECT_EQ(get[0].resource, kGamesArn);
  EXPECT_EQ(keyValues(get[0], "dynamodb:LeadingKeys"), (Strings{"a", "b"}));
  // JSON objects iterate in name order: Games, then Other.
  // A table that does not exist: no key schema, so no LeadingKeys (the handler answers).
  EXPECT_FALSE(hasKey(get[1], "dynamodb:LeadingKeys"));
  auto write = targets("BatchWriteItem", R"J({"RequestItems": {"Games": [
      {"PutRequest": {"Item": {"player": {"S": "p1"}, "game": {"S": "g"}, "n": {"N": "1"}}}},
      {"DeleteRequest": {"Key": {"player": {"S": "p2"}, "game": {"S": "g"}}}}]}})J");
  ASSERT_EQ(write.size(), 1u);
  EXPECT_EQ(write[0].action, "dynamodb:BatchWriteItem");
  EXPECT_EQ(keyValues(write[0], "dynamodb:LeadingKeys"), (Strings{"p1", "p2"}));
}

TEST_F(DynamoDbAuthorizerTest, TransactionItemsAreTheirItemActions) {
  auto out = targets("TransactWriteItems", R"J({"TransactItems": [
      {"Put": {"TableName": "Games", "Item": {"player": {"S": "f"}, "game": {"S": "g"}}}},
      {"ConditionCheck": {"TableName": "Games", "Key": {"player": {"S": "h"}, "game": {"S": "g"}},
                          "ConditionExpression": "attribute_exists(player)"
}
}]
})J");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].action, "dynamodb:PutItem");
  EXPECT_EQ(keyValues(out[0], "dynamodb:LeadingKeys"), Strings{"f"});
  EXPECT_EQ(out[1].action, "dynamodb:ConditionCheckItem");
  EXPECT_EQ(keyValues(out[1], "dynamodb:LeadingKeys"), Strings{"h"});
}

TEST_F(DynamoDbAuthorizerTest, TableOperationsActOnTheTable) {
  auto out = targets("DescribeTable", R"J({"TableName": "Games"})J");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].action, "dynamodb:DescribeTable");
  EXPECT_EQ(out[0].resource, kGamesArn);
  EXPECT_TRUE(out[0].context.empty());
}

TEST(DynamoDbItemAccess, KeysByArnAndNumbersAsText) {
  dynamodb::ItemAccess access;
  access.add(Json::parse(R"J({"Key": {"id": {"N": "42"}}})J"), dynamodb::KeyNames{"id", ""});
  EXPECT_EQ(access.leading_keys, Strings{"42"});
  EXPECT_EQ(access.attributes, Strings{"id"});
}

}  // namespace
}  // namespace awsemu::service
