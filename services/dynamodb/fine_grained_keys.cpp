#include "services/dynamodb/fine_grained_keys.hpp"

#include <algorithm>
#include <shared_mutex>

#include "awsemu/service/authorization.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"

namespace awsemu::dynamodb {
namespace {

void addUnique(std::vector<std::string>& values, std::string value) {
  if (std::find(values.begin(), values.end(), value) == values.end())
    values.push_back(std::move(value));
}

// {"S": "alice"} -> "alice"; {"N": "5"} -> "5"; {"B": "<base64>"} -> "<base64>".
std::optional<std::string> scalarText(const Json& value) {
  if (!value.is_object() || value.size() != 1) return std::nullopt;
  const Json& member = value.begin().value();
  if (!member.is_string()) return std::nullopt;
  return member.get<std::string>();
}

bool hasExpressions(const Json& request) {
  for (const char* member : {"ProjectionExpression", "AttributesToGet", "UpdateExpression",
                             "AttributeUpdates", "KeyConditionExpression", "KeyConditions"})
    if (request.contains(member)) return true;
  return false;
}

}  // namespace

std::optional<KeyNames> keyNamesOf(service::Service& dynamodb, const RequestContext& ctx,
                                   const std::string& table_name, const std::string& index_name) {
  auto* service = dynamic_cast<DynamoDbService*>(&dynamodb);
  if (!service || !service->registry()) return std::nullopt;
  TableAddress address{ctx.accountId(), ctx.region, table_name};
  if (table_name.starts_with("arn:")) {  // arn:aws:dynamodb:<region>:<account>:table/<name>
    auto resource = table_name.find(":table/");
    auto parts = table_name.substr(0, resource);
    auto account = parts.rfind(':'), region = parts.rfind(':', account - 1);
    if (resource == std::string::npos || account == std::string::npos || region == 0 ||
        region == std::string::npos)
      return std::nullopt;
    std::string name = table_name.substr(resource + 7);
    address = {parts.substr(account + 1), parts.substr(region + 1, account - region - 1),
               name.substr(0, name.find('/'))};
  }
  auto table = service->registry()->find(address);
  if (!table) return std::nullopt;
  std::shared_lock lock(table->mutex);  // UpdateTable may add or drop indexes
  const KeySchema* key = &table->schema.key;
  if (!index_name.empty()) {
    const IndexSchema* index = table->schema.findIndex(index_name);
    if (!index) return std::nullopt;
    key = &index->key;
  }
  return KeyNames{key->hash.name, key->range ? key->range->name : std::string()};
}

void ItemAccess::add(const Json& request, const std::optional<KeyNames>& keys) {
  auto addItem = [&](const Json& item) {  // a Key or a whole Item
    if (!item.is_object()) return;
    for (const auto& [name, value] : item.items()) addUnique(attributes, name);
    if (!keys) return;
    if (auto it = item.find(keys->partition); it != item.end())
      if (auto text = scalarText(*it)) addUnique(leading_keys, *text);
  };
  if (request.is_array()) {  // BatchWriteItem's requests of one table
    for (const auto& write : request) {
      if (auto put = write.find("PutRequest"); put != write.end())
        addItem(put->value("Item", Json()));
      if (auto del = write.find("DeleteRequest"); del != write.end())
        addItem(del->value("Key", Json()));
    }
    return;
  }
  if (!request.is_object()) return;
  for (const char* member : {"Key", "Item"})
    if (auto it = request.find(member); it != request.end()) addItem(*it);
  if (auto batch_keys = request.find("Keys"); batch_keys != request.end() && batch_keys->is_array())
    for (const auto& key : *batch_keys) addItem(key);
  if (!hasExpressions(request)) return;
  RequestExpressions expressions;
  try {
    expressions = parseRequestExpressions(request);
  } catch (const AwsError&) {
    return;
  }
  if (expressions.projection)
    for (const auto& path : expressions.projection->paths) addUnique(attributes, path[0].name);
  if (expressions.update)
    for (const auto& action : expressions.update->actions)
      addUnique(attributes, action.path[0].name);
  if (expressions.key_condition && keys)
    for (const auto& term : expressions.key_condition->terms)
      if (term.attribute == keys->partition && term.op == KeyOperator::Eq)
        if (auto text = scalarText(term.value)) addUnique(leading_keys, *text);
}

void ItemAccess::addStatement(const partiql::Statement& statement,
                              const std::optional<KeyNames>& keys) {
  if (!keys) return;
  const Json* value = nullptr;
  Json key;
  if (statement.kind == partiql::StatementKind::Insert) {
    if (auto it = statement.item.find(keys->partition); it != statement.item.end()) value = &*it;
  } else {
    KeySchemaView partition_only;
    partition_only.partition_name = keys->partition;
    try {
      key = partiql::keyFromWhere(statement, partition_only);
    } catch (const AwsError&) {
      return;  // no equality on the partition key
    }
    value = &key[keys->partition];
  }
  if (value)
    if (auto text = scalarText(*value)) addUnique(leading_keys, *text);
}

void ItemAccess::applyTo(service::AuthorizationTarget& target) const {
  if (!leading_keys.empty()) target.context.emplace_back("dynamodb:LeadingKeys", leading_keys);
  if (!attributes.empty()) target.context.emplace_back("dynamodb:Attributes", attributes);
}

}  // namespace awsemu::dynamodb
