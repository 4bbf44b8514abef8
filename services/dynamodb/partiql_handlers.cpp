// PartiQL: ExecuteStatement, BatchExecuteStatement and ExecuteTransaction. Statements are parsed
// by partiql/statement.hpp into the expression AST and run with the engine's own pieces: SELECT
// reads a page like Query (WHERE pins the partition key) or Scan (PageReader), INSERT / UPDATE /
// DELETE lock the table and write through writeItem() like PutItem / UpdateItem / DeleteItem.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.html
#include <map>
#include <mutex>
#include <set>

#include "awsemu/core/encoding.hpp"
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/dynamodb_service.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/item_checks.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/key_codec.hpp"
#include "services/dynamodb/partiql/statement.hpp"
#include "services/dynamodb/read_page.hpp"
#include "services/dynamodb/transaction_tokens.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

using partiql::Returning;
using partiql::Statement;
using partiql::StatementKind;

AwsError duplicateItem() {
  return errors::dynamoError("DuplicateItemException", "Duplicate primary key exists in table");
}

KeySchemaView viewOf(const KeySchema& key) {
  auto type = [](char c) { return typeFromName(std::string_view(&c, 1)); };
  return {key.hash.name, type(key.hash.type), key.range ? key.range->name : "",
          key.range ? type(key.range->type) : ValueType::S};
}

Statement parse(const Json& request) {
  auto text = request.find("Statement");
  if (text == request.end() || !text->is_string())
    throw errors::validation(
        "1 validation error detected: Value null at 'statement' failed to satisfy constraint: "
        "Member must not be null");
  auto parameters = request.find("Parameters");
  return partiql::parseStatement(text->get<std::string>(),
                                 parameters == request.end() ? nullptr : &*parameters);
}

// NextToken: the page's LastEvaluatedKey, opaque to the client.
std::string encodeToken(const Json& last_key) { return encoding::base64Encode(last_key.dump()); }
Json decodeToken(const std::string& token) {
  auto text = encoding::base64Decode(token);
  Json key = text ? Json::parse(*text, nullptr, false) : Json();
  if (!key.is_object()) throw errors::validation("Invalid NextToken");
  return key;
}

// The index a SELECT names ("table"."index"), checked with PartiQL's messages.
const IndexSchema* selectIndex(const Table& table, const Statement& statement, bool consistent) {
  if (statement.index.empty()) return nullptr;
  for (const auto& index : table.schema.indexes)
    if (index.name == statement.index) {
      if (consistent && index.global)
        throw errors::validation(
            "Strongly consistent read is not supported on Global Secondary Indexes");
      return &index;
    }
  throw errors::validation("The table does not have the specified index");
}

// One page of a SELECT: a Query over the partition WHERE pins, else a Scan.
Json select(const Table& table, const Statement& statement, const Json& request) {
  Json input = Json::object();
  bool consistent = request.value("ConsistentRead", false);
  const IndexSchema* index = selectIndex(table, statement, consistent);
  if (index) input["IndexName"] = index->name;
  if (consistent) input["ConsistentRead"] = true;
  if (request.contains("Limit")) input["Limit"] = request["Limit"];
  if (request.contains("ReturnConsumedCapacity"))
    input["ReturnConsumedCapacity"] = request["ReturnConsumedCapacity"];
  if (auto token = request.find("NextToken"); token != request.end() && token->is_string())
    input["ExclusiveStartKey"] = decodeToken(token->get<std::string>());
  auto options = readOptions(table, input, statement.where, statement.projection);
  auto start = startPosition(table, options, input);
  const KeySchema& key = index ? index->key : table.schema.key;
  // A GSI with a multi-attribute key is scanned (WHERE still filters).
  auto condition =
      key.composite() ? std::nullopt : partiql::keyConditionFromWhere(statement, viewOf(key));
  PageReader page(table, options);
  const Collection& collection = table.collection(options.index);
  auto read = [&](const Collection::Partition& partition, const std::optional<EntryKey>& after) {
    auto it = after ? partition.upper_bound(*after) : partition.begin();
    for (; it != partition.end(); ++it) {
      if (condition && condition->sort &&
          !condition->sortMatches(it->second->item.at(key.range->name)))
        continue;
      if (!page.read(it->second)) return false;
    }
    return true;
  };
  if (condition) {
    std::string slot = partitionSlot(keyBytes(condition->partition_value));
    auto found = collection.partitions.find(slot);
    if (found != collection.partitions.end() && (!start || start->slot == slot))
      read(found->second, start ? std::optional(start->entry) : std::nullopt);
  } else {
    auto partition =
        start ? collection.partitions.lower_bound(start->slot) : collection.partitions.begin();
    std::optional<EntryKey> resume;
    if (start && partition != collection.partitions.end() && partition->first == start->slot)
      resume = start->entry;
    for (; partition != collection.partitions.end(); ++partition) {
      if (!read(partition->second, resume)) break;
      resume.reset();
    }
  }
  Json page_output = page.finish(input);
  Json output = {{"Items", page_output["Items"]}};
  if (page_output.contains("LastEvaluatedKey")) {
    output["NextToken"] = encodeToken(page_output["LastEvaluatedKey"]);
    output["LastEvaluatedKey"] = page_output["LastEvaluatedKey"];
  }
  if (page_output.contains("ConsumedCapacity"))
    output["ConsumedCapacity"] = page_output["ConsumedCapacity"];
  return output;
}

// A write statement, bound to its table and item (caller holds the table's exclusive lock).
struct Write {
  Write(Statement statement, std::shared_ptr<Table> table)
      : statement(std::move(statement)), table(std::move(table)) {}
  Statement statement;
  std::shared_ptr<Table> table;
  Json key;  // UPDATE / DELETE: the key WHERE names; INSERT: the item
  ItemKey item_key;
  ItemPtr old;
  std::optional<Json> next;
};

void bind(Write& write) {
  Table& table = *write.table;
  if (table.deleted) throw errors::resourceNotFound();
  const Statement& statement = write.statement;
  if (statement.kind == StatementKind::Insert) {
    write.key = statement.item;
    checkItemSize(write.key, false);
    write.item_key = table.keyOf(write.key, KeyUse::Item);
    table.checkIndexKeys(write.key);
  } else {
    write.key = partiql::keyFromWhere(statement, viewOf(table.schema.key));
    write.item_key = table.keyOf(write.key, KeyUse::Key);
    if (statement.kind == StatementKind::Update) checkKeyNotUpdated(table, statement.update);
  }
}

// Checks the write against the stored item and computes the new one; the error it would fail
// with, or nullopt.
std::optional<AwsError> prepare(Write& write) {
  const Statement& statement = write.statement;
  write.old = write.table->find(write.item_key);
  const Json* old = write.old ? &write.old->item : nullptr;
  if (statement.kind == StatementKind::Insert) {
    if (old) return duplicateItem();
    write.next = statement.item;
    return std::nullopt;
  }
  // UPDATE addresses an existing item whose WHERE clause holds. DELETE of a missing item is a
  // no-op as DeleteItem's, unless WHERE asks more of the item than its key.
  if (!old && statement.kind == StatementKind::Delete) {
    if (statement.where && !evaluate(*statement.where, &write.key))
      return errors::conditionalCheckFailed();
    return std::nullopt;
  }
  if (!old || (statement.where && !evaluate(*statement.where, old)))
    return errors::conditionalCheckFailed();
  if (statement.kind == StatementKind::Update) {
    Json item = *old;
    applyUpdate(statement.update, item);
    checkItemSize(item, true);
    write.table->checkIndexKeys(item);
    write.next = std::move(item);
  }
  return std::nullopt;
}

// RETURNING's item, as UpdateItem's ReturnValues would give it.
std::optional<Json> returned(const Write& write) {
  const Statement& statement = write.statement;
  const Json* old = write.old ? &write.old->item : nullptr;
  switch (statement.returning) {
    case Returning::None:
      return std::nullopt;
    case Returning::AllOld:
      return old ? std::optional(*old) : std::nullopt;
    case Returning::AllNew:
      return write.next;
    case Returning::ModifiedOld:
      return old ? std::optional(project(*old, statement.update.updatedPaths())) : std::nullopt;
    case Returning::ModifiedNew:
      return write.next ? std::optional(project(*write.next, statement.update.updatedPaths()))
                        : std::nullopt;
  }
  return std::nullopt;
}

// BatchStatementError's Code: the exception's name without "Exception" ("ValidationError").
Json batchError(const AwsError& error) {
  std::string code = error.code.substr(error.code.find('#') + 1);
  if (code == "ValidationException")
    return {{"Code", "ValidationError"}, {"Message", error.message}};
  if (code.ends_with("Exception")) code.resize(code.size() - 9);
  return {{"Code", code}, {"Message", error.message}};
}

bool isRead(const Statement& statement) { return statement.kind == StatementKind::Select; }

}  // namespace

void DynamoDbService::registerPartiqlHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  handle("ExecuteStatement", bind(&DynamoDbService::executeStatement));
  handle("BatchExecuteStatement", bind(&DynamoDbService::batchExecuteStatement));
  handle("ExecuteTransaction", bind(&DynamoDbService::executeTransaction));
}

namespace {

// Carries out a bound write; a statement that changes nothing (a DELETE of a missing item) still
// costs a write unit, as DeleteItem does.
Consumption applyWrite(Write& write, WriteContext& context) {
  if (write.old || write.next)
    return writeItem(*write.table, write.item_key, write.old, write.next, context);
  Consumption none;
  none.read = false;
  none.table_name = write.table->schema.name;
  none.table = 1;
  return none;
}

// ConsumedCapacity of a batch or transaction: one document per table, in table-name order.
void addCapacities(Json& output, const Json& input,
                   const std::map<std::string, Consumption>& consumed) {
  std::string mode = input.value("ReturnConsumedCapacity", "NONE");
  for (const auto& [name, consumption] : consumed) {
    Json document = consumption.toJson(mode);
    if (document.is_null()) return;
    if (!output.contains("ConsumedCapacity")) output["ConsumedCapacity"] = Json::array();
    output["ConsumedCapacity"].push_back(std::move(document));
  }
}

void addConsumption(std::map<std::string, Consumption>& consumed, Consumption consumption,
                    bool transactional) {
  if (transactional) {  // transactional reads and writes cost twice as much
    consumption.table *= 2;
    for (auto& [name, units] : consumption.global_indexes) units *= 2;
    for (auto& [name, units] : consumption.local_indexes) units *= 2;
  }
  auto [it, inserted] = consumed.try_emplace(consumption.table_name, consumption);
  if (!inserted) it->second.add(consumption);
}

}  // namespace

Json DynamoDbService::executeStatement(RequestContext& ctx, const Json& input) {
  Statement statement = parse(input);
  auto table = this->table(ctx, Json{{"TableName", statement.table}});
  if (isRead(statement)) {
    std::shared_lock lock(table->mutex);
    if (table->deleted) throw errors::resourceNotFound();
    return select(*table, statement, input);
  }
  Write write(std::move(statement), table);
  std::unique_lock lock(table->mutex);
  bind(write);
  if (auto failure = prepare(write)) {
    if (write.old && input.value("ReturnValuesOnConditionCheckFailure", "NONE") == "ALL_OLD")
      failure->with("Item", write.old->item);
    throw *failure;
  }
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  Consumption consumption = applyWrite(write, context);
  session.submit();
  lock.unlock();
  Json output = {{"Items", Json::array()}};
  if (auto item = returned(write); item && !item->empty()) output["Items"].push_back(*item);
  Json capacity = consumption.toJson(input.value("ReturnConsumedCapacity", "NONE"));
  if (!capacity.is_null()) output["ConsumedCapacity"] = capacity;
  return output;
}

namespace {

// A SELECT in a batch or a transaction reads one item: WHERE names the whole key.
Json getOne(const Table& table, const Statement& statement, std::uint64_t* bytes_read) {
  Json key = partiql::keyFromWhere(statement, viewOf(table.schema.key));
  ItemPtr item = table.find(table.keyOf(key, KeyUse::Key));
  *bytes_read = item ? item->size : 0;
  Json response = Json::object();
  if (item && (!statement.where || evaluate(*statement.where, &item->item)))
    response["Item"] =
        statement.projection ? project(item->item, *statement.projection) : item->item;
  return response;
}

// A transaction's writes bound to their items (tables locked); one item at most once.
std::vector<Write> bindWrites(std::vector<Statement> statements,
                              const std::vector<std::shared_ptr<Table>>& tables) {
  std::vector<Write> writes;
  std::set<std::pair<Table*, ItemKey>> seen;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    writes.emplace_back(std::move(statements[i]), tables[i]);
    bind(writes.back());
    if (!seen.insert({tables[i].get(), writes.back().item_key}).second)
      throw errors::validation(
          "Transaction request cannot include multiple operations on one item");
  }
  return writes;
}

void checkNotMixed(const std::vector<Statement>& statements, const char* message) {
  for (const auto& statement : statements)
    if (isRead(statement) != isRead(statements.front())) throw errors::validation(message);
}

}  // namespace

Json DynamoDbService::batchExecuteStatement(RequestContext& ctx, const Json& input) {
  const Json& requests = input.at("Statements");
  if (requests.empty() || requests.size() > 25)
    throw errors::validation(
        "1 validation error detected: Value at 'statements' failed to satisfy constraint: Member "
        "must have length less than or equal to 25");
  Json responses = Json::array();
  std::vector<std::optional<Statement>> statements;
  for (const auto& request : requests) {
    try {
      statements.push_back(parse(request));
      responses.push_back(Json::object());
    } catch (const AwsError& error) {
      statements.emplace_back();
      responses.push_back({{"Error", batchError(error)}});
    }
  }
  // Reads and writes are not mixed in one batch.
  std::optional<bool> reads;
  for (const auto& statement : statements) {
    if (!statement) continue;
    if (reads && *reads != isRead(*statement))
      throw errors::validation("Batch statements must all be reads or all be writes");
    reads = isRead(*statement);
  }
  std::map<std::string, Consumption> consumed;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    if (!statements[i]) continue;
    Statement& statement = *statements[i];
    Json& response = responses[i];
    try {
      auto table = this->table(ctx, Json{{"TableName", statement.table}});
      response["TableName"] = table->schema.name;
      if (!statement.index.empty())
        throw errors::validation("Batch reads on indices are not supported");
      if (isRead(statement)) {
        std::shared_lock lock(table->mutex);
        std::uint64_t bytes = 0;
        Json found = getOne(*table, statement, &bytes);
        if (found.contains("Item")) response["Item"] = std::move(found["Item"]);
        bool consistent = requests[i].value("ConsistentRead", false);
        addConsumption(consumed, readConsumption(*table, bytes, consistent), false);
        continue;
      }
      Write write(std::move(statement), table);
      std::unique_lock lock(table->mutex);
      bind(write);
      if (auto failure = prepare(write)) throw *failure;
      auto session = registry_->store().session();
      WriteContext context{session, sink_, ctx.now()};
      addConsumption(consumed, applyWrite(write, context), false);
      session.submit();
    } catch (const AwsError& error) {
      response["Error"] = batchError(error);
    }
  }
  Json output = {{"Responses", responses}};
  addCapacities(output, input, consumed);
  return output;
}

Json DynamoDbService::executeTransaction(RequestContext& ctx, const Json& input) {
  std::string token = input.value("ClientRequestToken", "");
  std::string scope = ctx.accountId() + '\0' + ctx.region + std::string("\0partiql", 8), digest;
  if (!token.empty()) {
    Json request = input;
    request.erase("ClientRequestToken");
    digest = request.dump();
    if (auto previous = tokens_->find(scope, token, digest, ctx.now())) return *previous;
  }
  const Json& requests = input.at("TransactStatements");
  if (requests.empty() || requests.size() > 100)
    throw errors::validation(
        "1 validation error detected: Value at 'transactStatements' failed to satisfy "
        "constraint: Member must have length less than or equal to 100");
  std::vector<Statement> statements;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    statements.push_back(parse(requests[i]));
    std::string where = "Validation failed in TransactStatements[" + std::to_string(i) + "]: ";
    if (statements.back().returning != Returning::None)
      throw errors::validation(where + "RETURNING clause is not supported in ExecuteTransaction.");
    if (!statements.back().index.empty())
      throw errors::validation(where + "Reads on indices are not supported within transactions.");
  }
  checkNotMixed(statements, "Transaction must contain either all reads or all writes");
  std::vector<std::shared_ptr<Table>> tables;
  for (const auto& statement : statements)
    tables.push_back(this->table(ctx, Json{{"TableName", statement.table}}));
  auto ordered = lockOrder(tables);
  if (isRead(statements.front())) {
    std::vector<std::shared_lock<std::shared_mutex>> locks;
    for (const auto& table : ordered) locks.emplace_back(table->mutex);
    Json responses = Json::array();
    std::map<std::string, Consumption> consumed;
    for (std::size_t i = 0; i < statements.size(); ++i) {
      std::uint64_t bytes = 0;
      responses.push_back(getOne(*tables[i], statements[i], &bytes));
      addConsumption(consumed, readConsumption(*tables[i], bytes, true), true);
    }
    Json output = {{"Responses", responses}};
    addCapacities(output, input, consumed);
    return output;
  }
  std::vector<std::unique_lock<std::shared_mutex>> locks;
  for (const auto& table : ordered) locks.emplace_back(table->mutex);
  std::vector<Write> writes = bindWrites(std::move(statements), tables);
  Json reasons = Json::array();
  bool cancelled = false;
  for (auto& write : writes) {
    auto failure = prepare(write);
    cancelled = cancelled || failure;
    reasons.push_back(failure ? batchError(*failure) : Json{{"Code", "None"}});
  }
  if (cancelled) throw errors::transactionCanceled(reasons);
  auto session = registry_->store().session();
  WriteContext context{session, sink_, ctx.now()};
  std::map<std::string, Consumption> consumed;
  for (auto& write : writes) addConsumption(consumed, applyWrite(write, context), true);
  session.submit();
  locks.clear();
  Json output = Json::object();
  addCapacities(output, input, consumed);
  if (!token.empty()) tokens_->remember(scope, token, digest, output, ctx.now());
  return output;
}

}  // namespace awsemu::dynamodb
