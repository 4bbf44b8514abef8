#pragma once
// CreateTable's request → a TableSchema, checked as DynamoDB checks it (key schema against
// attribute definitions, indexes, billing mode and throughput, stream and SSE settings), with
// DynamoDB's messages.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
#include <string>

#include "awsemu/core/json.hpp"
#include "services/dynamodb/table_schema.hpp"

namespace awsemu::dynamodb {

// Everything but account, region, ARN, id and creation time.
TableSchema tableSchemaFromRequest(const Json& input);

// One GlobalSecondaryIndex (CreateTable's or UpdateTable's Create), checked against the table.
IndexSchema globalIndexFromRequest(const Json& index, const Json& definitions,
                                   const std::string& billing_mode);

// "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is ..."
Throughput throughputFromRequest(const Json* throughput, const std::string& billing_mode,
                                 const std::string& index_name);

// StreamSpecification → (enabled, view type); validated.
std::pair<bool, std::string> streamFromRequest(const Json& specification);

// SSESpecification → SSEDescription (null for the AWS owned key).
Json sseFromRequest(const Json& specification, const std::string& region,
                    const std::string& account);

}  // namespace awsemu::dynamodb
