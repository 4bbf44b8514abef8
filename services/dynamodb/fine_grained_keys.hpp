#pragma once
// The condition keys of DynamoDB's fine-grained access control, from one item request
// (ENFORCE_IAM): dynamodb:LeadingKeys, the partition key values the request reads or writes, and
// dynamodb:Attributes, the top-level attribute names it names.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "services/dynamodb/partiql/statement.hpp"

namespace awsemu::service {
class Service;
struct AuthorizationTarget;
}  // namespace awsemu::service

namespace awsemu::dynamodb {

// The key attribute names of a table or of one of its indexes.
struct KeyNames {
  std::string partition, sort;  // sort empty: none
};

// The table's (or the index's) key names; nullopt when the table or index does not exist (the
// handler then answers ResourceNotFoundException). Memory look-ups only.
std::optional<KeyNames> keyNamesOf(service::Service& dynamodb, const RequestContext& ctx,
                                   const std::string& table_name, const std::string& index_name);

struct ItemAccess {
  std::vector<std::string> leading_keys;  // partition key values as text (S, N, or base64 B)
  std::vector<std::string> attributes;    // top-level attribute names

  // `request` is an operation's input (GetItem, PutItem, UpdateItem, DeleteItem, Query, Scan),
  // one table's entry of BatchGetItem (KeysAndAttributes) or BatchWriteItem (an array of
  // PutRequest / DeleteRequest), or a TransactItems member (Put, Update, Delete, ConditionCheck,
  // Get). Key attributes are part of dynamodb:Attributes, as AWS asks policies to list them.
  // Expressions that do not parse add nothing: the handler refuses them.
  void add(const Json& request, const std::optional<KeyNames>& keys);
  // A PartiQL statement's partition key value: the item of an INSERT, or an equality on the
  // partition key among the top-level AND terms of WHERE (SELECT, UPDATE, DELETE). A SELECT
  // without one reads across partitions and adds none, as a Scan does. (Attribute names are
  // not derived from statements.)
  void addStatement(const partiql::Statement& statement, const std::optional<KeyNames>& keys);
  // Sets the keys that have values on `target`.
  void applyTo(service::AuthorizationTarget& target) const;
};

}  // namespace awsemu::dynamodb
