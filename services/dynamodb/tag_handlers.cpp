// TagResource, UntagResource, ListTagsOfResource: tags on tables, with DynamoDB's limits (50 tags,
// keys up to 128 and values up to 256 characters, the "aws:" prefix reserved).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.html
#include <mutex>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"

namespace awsemu::dynamodb {
namespace {

constexpr std::size_t kMaxTags = 50;

void checkTag(const Json& tag) {
  std::string key = tag.value("Key", "");
  if (key.rfind("aws:", 0) == 0)
    throw errors::validation(
        "One or more parameter values were invalid: Tag keys starting with "
        "'aws:' are reserved for system use");
}

}  // namespace

void DynamoDbService::registerTagHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("TagResource", bind(&DynamoDbService::tagResource));
  handle("UntagResource", bind(&DynamoDbService::untagResource));
  handle("ListTagsOfResource", bind(&DynamoDbService::listTagsOfResource));
}

std::shared_ptr<Table> DynamoDbService::tableByArn(RequestContext& ctx,
                                                   const std::string& arn) const {
  if (arn.rfind("arn:", 0) != 0 || arn.find(":table/") == std::string::npos)
    throw errors::validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
  auto found = registry_->find(address(ctx, arn));
  if (!found)
    throw errors::resourceNotFound("Requested resource not found: ResourcArn: " + arn +
                                   " not found");
  return found;
}

Json DynamoDbService::tagResource(RequestContext& ctx, const Json& input) {
  auto table = tableByArn(ctx, input.value("ResourceArn", ""));
  const Json& tags = input.at("Tags");
  for (const auto& tag : tags) checkTag(tag);
  std::unique_lock lock(table->mutex);
  Json merged = table->schema.tags;
  for (const auto& tag : tags) {
    bool replaced = false;
    for (auto& existing : merged)
      if (existing.value("Key", "") == tag.value("Key", "")) {
        existing["Value"] = tag.value("Value", "");
        replaced = true;
      }
    if (!replaced) merged.push_back(tag);
  }
  if (merged.size() > kMaxTags)
    throw errors::limitExceeded("The number of tags exceeds the limit of 50 for resource " +
                                table->schema.arn);
  table->schema.tags = std::move(merged);
  auto session = registry_->store().session();
  session.putTable(table->store_id, table->schema.toJson());
  return Json::object();
}

Json DynamoDbService::untagResource(RequestContext& ctx, const Json& input) {
  auto table = tableByArn(ctx, input.value("ResourceArn", ""));
  const Json& keys = input.at("TagKeys");
  std::unique_lock lock(table->mutex);
  Json kept = Json::array();
  for (const auto& tag : table->schema.tags)
    if (std::find(keys.begin(), keys.end(), tag.value("Key", "")) == keys.end())
      kept.push_back(tag);
  table->schema.tags = std::move(kept);
  auto session = registry_->store().session();
  session.putTable(table->store_id, table->schema.toJson());
  return Json::object();
}

Json DynamoDbService::listTagsOfResource(RequestContext& ctx, const Json& input) {
  auto table = tableByArn(ctx, input.value("ResourceArn", ""));
  std::shared_lock lock(table->mutex);
  return {{"Tags", table->schema.tags}};
}

}  // namespace awsemu::dynamodb
