#pragma once
// Consumed capacity as DynamoDB counts it and reports it (ReturnConsumedCapacity TOTAL/INDEXES):
// a read unit per 4 KB read (half for an eventually consistent read), a write unit per 1 KB
// written (the larger of the old and new item), each at least one unit; transactions cost twice
// as much; index writes are charged to the indexes they touch.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
#include <cstdint>
#include <map>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::dynamodb {

double readUnits(std::uint64_t bytes, bool consistent);
double writeUnits(std::uint64_t bytes);

// The units one request consumed on one table, split by where they went.
struct Consumption {
  std::string table_name;
  double table = 0;
  std::map<std::string, double> global_indexes, local_indexes;
  bool read = true;  // read or write units (for ReadCapacityUnits/WriteCapacityUnits)

  double total() const;
  void add(const Consumption& other);
  // The ConsumedCapacity document for ReturnConsumedCapacity ("TOTAL", "INDEXES"), or null for
  // "NONE"/absent.
  Json toJson(const std::string& mode) const;
};

// Adds `consumption`'s document to `output` under "ConsumedCapacity" when asked for.
void reportCapacity(Json& output, const Json& input, const Consumption& consumption);

}  // namespace awsemu::dynamodb
