#pragma once
// Checks shared by the item operations, batches and transactions.
#include <initializer_list>
#include <optional>
#include <string>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/expressions/ast.hpp"
#include "services/dynamodb/table.hpp"

namespace awsemu::dynamodb {

// ReturnValues, checked against what the operation allows ("NONE" when absent).
std::string returnValues(const Json& input, std::initializer_list<const char*> allowed);

// Throws ConditionalCheckFailedException when `condition` does not hold for `old` (null: no
// item); with ReturnValuesOnConditionCheckFailure ALL_OLD the error carries the item.
void checkCondition(const std::optional<Condition>& condition, const ItemPtr& old,
                    const Json& input);

// "Cannot update attribute pk. This attribute is part of the key".
void checkKeyNotUpdated(const Table& table, const UpdatePlan& plan);

// 400 KB; UpdateItem words it differently.
void checkItemSize(const Json& item, bool update);

// ReturnItemCollectionMetrics SIZE on a table with local secondary indexes.
void addItemCollectionMetrics(Json& output, const Json& input, const Table& table,
                              const ItemKey& key);

}  // namespace awsemu::dynamodb
