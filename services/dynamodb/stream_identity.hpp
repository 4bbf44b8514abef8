#pragma once
// What the stream sink (item_change.hpp) is told about a table's stream.
#include "services/dynamodb/item_change.hpp"
#include "services/dynamodb/table_schema.hpp"

namespace awsemu::dynamodb {

inline StreamIdentity streamIdentity(const TableSchema& schema) {
  StreamIdentity out;
  out.account = schema.account;
  out.region = schema.region;
  out.table_name = schema.name;
  out.table_arn = schema.arn;
  out.stream_arn = schema.streamArn();
  out.stream_label = schema.stream_label;
  out.view_type = schema.stream_view_type;
  out.key_schema = schema.key.toJson();
  out.created = fromEpochSeconds(schema.stream_created);
  return out;
}

}  // namespace awsemu::dynamodb
