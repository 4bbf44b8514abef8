#include "services/dynamodb/capacity.hpp"

#include <cmath>

namespace awsemu::dynamodb {

double readUnits(std::uint64_t bytes, bool consistent) {
  double units = std::max<double>(1, std::ceil(static_cast<double>(bytes) / 4096.0));
  return consistent ? units : units / 2;
}

double writeUnits(std::uint64_t bytes) {
  return std::max<double>(1, std::ceil(static_cast<double>(bytes) / 1024.0));
}

double Consumption::total() const {
  double sum = table;
  for (const auto& [name, units] : global_indexes) sum += units;
  for (const auto& [name, units] : local_indexes) sum += units;
  return sum;
}

void Consumption::add(const Consumption& other) {
  table += other.table;
  for (const auto& [name, units] : other.global_indexes) global_indexes[name] += units;
  for (const auto& [name, units] : other.local_indexes) local_indexes[name] += units;
}

Json Consumption::toJson(const std::string& mode) const {
  if (mode != "TOTAL" && mode != "INDEXES") return nullptr;
  Json out = {{"TableName", table_name}, {"CapacityUnits", total()}};
  out[read ? "ReadCapacityUnits" : "WriteCapacityUnits"] = total();
  if (mode == "INDEXES") {
    auto units = [&](double value) {
      return Json{{"CapacityUnits", value},
                  {read ? "ReadCapacityUnits" : "WriteCapacityUnits", value}};
    };
    out["Table"] = units(table);
    if (!global_indexes.empty()) {
      out["GlobalSecondaryIndexes"] = Json::object();
      for (const auto& [name, value] : global_indexes)
        out["GlobalSecondaryIndexes"][name] = units(value);
    }
    if (!local_indexes.empty()) {
      out["LocalSecondaryIndexes"] = Json::object();
      for (const auto& [name, value] : local_indexes)
        out["LocalSecondaryIndexes"][name] = units(value);
    }
  }
  return out;
}

void reportCapacity(Json& output, const Json& input, const Consumption& consumption) {
  auto mode = input.find("ReturnConsumedCapacity");
  if (mode == input.end() || !mode->is_string()) return;
  Json document = consumption.toJson(mode->get<std::string>());
  if (!document.is_null()) output["ConsumedCapacity"] = std::move(document);
}

}  // namespace awsemu::dynamodb
