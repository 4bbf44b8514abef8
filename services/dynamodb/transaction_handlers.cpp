// TransactWriteItems and TransactGetItems: all-or-nothing over up to 100 items in any tables of
// the account and region. The tables are locked in lockOrder() (table_registry.hpp), every
// condition is evaluated and every new item computed before anything is written, and a failed
// check cancels the whole transaction with one CancellationReason per action, in request order.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
#include <mutex>
#include <set>

#include "awsemu/core/encoding.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"
#include "services/dynamodb/item_checks.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/transaction_tokens.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

struct Action {
  std::string kind;  // Put | Update | Delete | ConditionCheck
  const Json* request = nullptr;
  std::shared_ptr<Table> table;
  RequestExpressions expressions;
  Json item_or_key;
  ItemKey key;
};

void addCapacity(Json& output, const Json& input, const Consumption& consumption) {
  Json document = consumption.toJson(input.value("ReturnConsumedCapacity", "NONE"));
  if (document.is_null()) return;
  if (!output.contains("ConsumedCapacity")) output["ConsumedCapacity"] = Json::array();
  output["ConsumedCapacity"].push_back(std::move(document));
}

Json cancellationReason(const AwsError* failure, const ItemPtr& old, const Json& request) {
  if (!failure) return {{"Code", "None"}};
  Json reason = {{"Code", "ConditionalCheckFailed"}, {"Message", failure->message}};
  if (old && request.value("ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD")
    reason["Item"] = old->item;
  return reason;
}

}  // namespace

void DynamoDbService::registerTransactionHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("TransactWriteItems", bind(&DynamoDbService::transactWriteItems));
  handle("TransactGetItems", bind(&DynamoDbService::transactGetItems));
}

Json DynamoDbService::transactWriteItems(RequestContext& ctx, const Json& input) {
  std::string token = input.value("ClientRequestToken", "");
  std::string scope = ctx.accountId() + '\0' + ctx.region, digest;
  if (!token.empty()) {
    Json request = input;
    request.erase("ClientRequestToken");
    digest = request.dump();
    if (auto previous = tokens_->find(scope, token, digest, ctx.now())) return *previous;
  }
  std::vector<Action> actions;
  std::vector<std::shared_ptr<Table>> tables;
  for (const auto& element : input.at("TransactItems")) {
    Action action;
    for (const char* kind : {"Put", "Update", "Delete", "ConditionCheck"})
      if (element.contains(kind)) action.kind = kind;
    if (action.kind.empty() || element.size() != 1)
      throw errors::validation(
          "TransactItems can only contain one of Check, Put, Update or Delete");
    action.request = &element[action.kind];
    action.expressions = parseRequestExpressions(*action.request);
    if (action.kind == "ConditionCheck" && !action.expressions.condition)
      throw errors::validation("The ConditionCheck action requires a ConditionExpression");
    action.item_or_key = action.request->at(action.kind == "Put" ? "Item" : "Key");
    normalizeItem(action.item_or_key);
    if (action.kind == "Put") checkItemSize(action.item_or_key, false);
    action.table = table(ctx, *action.request);
    tables.push_back(action.table);
    actions.push_back(std::move(action));
  }
  auto ordered = lockOrder(tables);
  std::vector<std::unique_lock<std::shared_mutex>> locks;
  for (const auto& table : ordered) locks.emplace_back(table->mutex);
  std::set<std::pair<Table*, ItemKey>> seen;
  for (auto& action : actions) {
    if (action.table->deleted) throw errors::resourceNotFound();
    action.key =
        action.table->keyOf(action.item_or_key, action.kind == "Put" ? KeyUse::Item : KeyUse::Key);
    if (action.kind == "Put") action.table->checkIndexKeys(action.item_or_key);
    if (action.kind == "Update" && action.expressions.update)
      checkKeyNotUpdated(*action.table, *action.expressions.update);
    if (!seen.insert({action.table.get(), action.key}).second)
      throw errors::validation(
          "Transaction request cannot include multiple operations on one item");
  }
  // Conditions and new items first; nothing is written unless every action can be.
  Json reasons = Json::array();
  bool cancelled = false;
  std::vector<std::optional<Json>> next(actions.size());
  std::vector<ItemPtr> old(actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) {
    auto& action = actions[i];
    old[i] = action.table->find(action.key);
    const auto& condition = action.expressions.condition;
    bool holds = !condition || evaluate(*condition, old[i] ? &old[i]->item : nullptr);
    AwsError failure = errors::conditionalCheckFailed();
    reasons.push_back(cancellationReason(holds ? nullptr : &failure, old[i], *action.request));
    cancelled = cancelled || !holds;
    if (!holds) continue;
    if (action.kind == "Put") next[i] = action.item_or_key;
    if (action.kind == "Update") {
      Json item = old[i] ? old[i]->item : action.item_or_key;
      if (action.expressions.update) applyUpdate(*action.expressions.update, item);
      checkItemSize(item, true);
      action.table->checkIndexKeys(item);
      next[i] = std::move(item);
    }
  }
  if (cancelled) throw errors::transactionCanceled(reasons);
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  std::map<Table*, Consumption> consumed;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    auto& action = actions[i];
    Consumption consumption;
    if (action.kind == "ConditionCheck") {
      consumption = readConsumption(*action.table, old[i] ? old[i]->size : 0, true);
      consumption.read = false;
    } else {
      consumption = writeItem(*action.table, action.key, old[i], std::move(next[i]), context);
    }
    consumption.table *= 2;  // transactional reads and writes cost twice as much
    for (auto& [name, units] : consumption.global_indexes) units *= 2;
    for (auto& [name, units] : consumption.local_indexes) units *= 2;
    auto [it, inserted] = consumed.try_emplace(action.table.get(), consumption);
    if (!inserted) it->second.add(consumption);
  }
  session.submit();
  locks.clear();
  Json output = Json::object();
  for (const auto& [table, consumption] : consumed) addCapacity(output, input, consumption);
  if (!token.empty()) tokens_->remember(scope, token, digest, output, ctx.now());
  return output;
}

Json DynamoDbService::transactGetItems(RequestContext& ctx, const Json& input) {
  struct Get {
    std::shared_ptr<Table> table;
    RequestExpressions expressions;
    Json key;
  };
  std::vector<Get> gets;
  std::vector<std::shared_ptr<Table>> tables;
  for (const auto& element : input.at("TransactItems")) {
    const Json& request = element.at("Get");
    Get get{table(ctx, request), parseRequestExpressions(request), request.at("Key")};
    normalizeItem(get.key);
    tables.push_back(get.table);
    gets.push_back(std::move(get));
  }
  auto ordered = lockOrder(tables);
  std::vector<std::shared_lock<std::shared_mutex>> locks;
  for (const auto& table : ordered) locks.emplace_back(table->mutex);
  Json responses = Json::array();
  std::map<Table*, Consumption> consumed;
  for (auto& get : gets) {
    ItemPtr item = get.table->find(get.table->keyOf(get.key, KeyUse::Key));
    Json response = Json::object();
    if (item)
      response["Item"] = get.expressions.projection
                             ? project(item->item, *get.expressions.projection)
                             : item->item;
    responses.push_back(std::move(response));
    auto consumption = readConsumption(*get.table, item ? item->size : 0, true);
    consumption.table *= 2;
    auto [it, inserted] = consumed.try_emplace(get.table.get(), consumption);
    if (!inserted) it->second.add(consumption);
  }
  locks.clear();
  Json output = {{"Responses", responses}};
  for (const auto& [table, consumption] : consumed) addCapacity(output, input, consumption);
  return output;
}

}  // namespace awsemu::dynamodb
