#include "services/dynamodb/table_definition.hpp"

#include <set>

#include "services/dynamodb/dynamodb_errors.hpp"

namespace awsemu::dynamodb {
namespace {

char definedType(const Json& definitions, const std::string& name) {
  for (const auto& d : definitions)
    if (d.value("AttributeName", "") == name) return d.value("AttributeType", "S")[0];
  return 0;
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

constexpr std::size_t kMaxKeyAttributes = 4;  // per key type in a GSI's multi-attribute key

// A GSI's KeySchema: HASH attributes then RANGE attributes, up to four of each, names distinct
// (messages as DynamoDB words them; it keeps the elements in the order given).
KeySchema multiAttributeKeySchema(const Json& elements) {
  KeySchema key;
  std::set<std::string> names;
  bool seen_range = false;
  std::size_t hashes = 0, ranges = 0;
  for (const auto& element : elements) {
    KeyAttribute attribute{element.value("AttributeName", ""), 0};
    bool hash = element.value("KeyType", "") == "HASH";
    if (hash && seen_range)
      throw errors::invalidParameter(
          "All HASH key attributes must precede RANGE key attributes in the KeySchema");
    if (!names.insert(attribute.name).second)
      throw errors::validation(
          elements.size() == 2
              ? "Both the Hash Key and the Range Key element in the KeySchema have the same name"
              : "The KeySchema contains multiple key attributes with the same name");
    seen_range = seen_range || !hash;
    if ((hash ? ++hashes : ++ranges) > kMaxKeyAttributes)
      throw errors::invalidParameter(
          std::string("The KeySchema exceeds the maximum allowed number of ") +
          (hash ? "HASH" : "RANGE") + " key attributes");
    if (hash && hashes == 1)
      key.hash = attribute;
    else if (hash)
      key.more_hash.push_back(attribute);
    else if (ranges == 1)
      key.range = attribute;
    else
      key.more_range.push_back(attribute);
  }
  return key;
}

// A table's or LSI's KeySchema: one HASH element, then at most one RANGE element.
KeySchema singleAttributeKeySchema(const Json& elements) {
  if (elements.size() > 2)
    throw errors::validation("1 validation error detected: Value '" + elements.dump() +
                             "' at 'keySchema' failed to satisfy constraint: Member must have "
                             "length less than or equal to 2");
  KeySchema key;
  key.hash = {elements[0].value("AttributeName", ""), 0};
  if (elements.size() == 2) {
    if (elements[1].value("KeyType", "") != "RANGE")
      throw errors::validation(
          "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
    key.range = KeyAttribute{elements[1].value("AttributeName", ""), 0};
    if (key.range->name == key.hash.name)
      throw errors::validation(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  return key;
}

// A KeySchema list (the table's or an index's) → KeySchema, checked for its shape; only GSIs
// may have multi-attribute keys.
KeySchema keySchemaFrom(const Json& elements, const Json& definitions, bool global_index = false) {
  if (!elements.is_array() || elements.empty())
    throw errors::validation(
        "1 validation error detected: Value null at 'keySchema' failed to "
        "satisfy constraint: Member must not be null");
  if (elements[0].value("KeyType", "") != "HASH")
    throw errors::validation(
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  KeySchema key =
      global_index ? multiAttributeKeySchema(elements) : singleAttributeKeySchema(elements);
  std::vector<std::string> names;
  for (const auto* attribute : key.attributes()) names.push_back(attribute->name);
  auto define = [&](KeyAttribute& attribute) {
    attribute.type = definedType(definitions, attribute.name);
    if (attribute.type) return;
    std::vector<std::string> defined;
    for (const auto& d : definitions) defined.push_back(d.value("AttributeName", ""));
    throw errors::invalidParameter(
        "Some index key attributes are not defined in AttributeDefinitions. Keys: " +
        joinNames(names) + ", AttributeDefinitions: " + joinNames(defined));
  };
  define(key.hash);
  for (auto& attribute : key.more_hash) define(attribute);
  if (key.range) define(*key.range);
  for (auto& attribute : key.more_range) define(attribute);
  return key;
}

Projection projectionFrom(const Json& input, const std::string& index_name) {
  Projection out;
  if (!input.is_object() || !input.contains("ProjectionType"))
    throw errors::invalidParameter("Unknown ProjectionType: null");
  out.type = input.value("ProjectionType", "ALL");
  bool has_non_key = input.contains("NonKeyAttributes");
  if (out.type == "INCLUDE") {
    if (!has_non_key || input["NonKeyAttributes"].empty())
      throw errors::invalidParameter(
          "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    out.non_key_attributes = input["NonKeyAttributes"].get<std::vector<std::string>>();
  } else if (has_non_key) {
    throw errors::invalidParameter("ProjectionType is " + out.type +
                                   ", but NonKeyAttributes is specified");
  }
  return out;
}

IndexSchema localIndexFrom(const Json& index, const Json& definitions, const KeySchema& table_key) {
  IndexSchema out;
  out.name = index.value("IndexName", "");
  out.global = false;
  out.key = keySchemaFrom(index.value("KeySchema", Json()), definitions);
  if (!out.key.range)
    throw errors::invalidParameter("Index KeySchema does not have a range key for index: " +
                                   out.name);
  if (out.key.hash.name != table_key.hash.name)
    throw errors::invalidParameter(
        "Index KeySchema does not have the same leading hash key as table KeySchema for index: " +
        out.name + ". index hash key: " + out.key.hash.name +
        ", table hash key: " + table_key.hash.name);
  out.projection = projectionFrom(index.value("Projection", Json()), out.name);
  return out;
}

void checkDefinitionsUsed(const TableSchema& schema) {
  std::set<std::string> used;
  for (const auto* attribute : schema.key.attributes()) used.insert(attribute->name);
  for (const auto& index : schema.indexes)
    for (const auto* attribute : index.key.attributes()) used.insert(attribute->name);
  std::set<std::string> defined;
  for (const auto& d : schema.attribute_definitions) {
    auto name = d.value("AttributeName", "");
    if (!defined.insert(name).second)
      throw errors::invalidParameter("Duplicate AttributeName in AttributeDefinitions: " + name);
  }
  if (defined != used)
    throw errors::invalidParameter(
        schema.indexes.empty()
            ? "Number of attributes in KeySchema does not exactly match number of attributes "
              "defined in AttributeDefinitions"
            : "Some AttributeDefinitions are not used. AttributeDefinitions: " +
                  joinNames({defined.begin(), defined.end()}) +
                  ", keys used: " + joinNames({used.begin(), used.end()}));
}

}  // namespace

Throughput throughputFromRequest(const Json* throughput, const std::string& billing_mode,
                                 const std::string& index_name) {
  if (billing_mode == "PAY_PER_REQUEST") {
    if (throughput && throughput->is_object())
      throw errors::invalidParameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
          "PAY_PER_REQUEST");
    return {};
  }
  if (!throughput || !throughput->contains("ReadCapacityUnits") ||
      !throughput->contains("WriteCapacityUnits")) {
    if (!index_name.empty())
      throw errors::invalidParameter("ProvisionedThroughput must be specified for index: " +
                                     index_name);
    throw errors::invalidParameter(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  Throughput out{(*throughput)["ReadCapacityUnits"].get<std::int64_t>(),
                 (*throughput)["WriteCapacityUnits"].get<std::int64_t>()};
  if (out.read < 1 || out.write < 1)
    throw errors::validation(
        "1 validation error detected: Value '" + std::to_string(std::min(out.read, out.write)) +
        "' at 'provisionedThroughput." +
        (out.read < 1 ? "readCapacityUnits" : "writeCapacityUnits") +
        "' failed to satisfy constraint: Member must have value greater than or equal to 1");
  return out;
}

IndexSchema globalIndexFromRequest(const Json& index, const Json& definitions,
                                   const std::string& billing_mode) {
  IndexSchema out;
  out.name = index.value("IndexName", "");
  out.global = true;
  out.key = keySchemaFrom(index.value("KeySchema", Json()), definitions, true);
  out.projection = projectionFrom(index.value("Projection", Json()), out.name);
  auto throughput = index.find("ProvisionedThroughput");
  out.throughput = throughputFromRequest(throughput == index.end() ? nullptr : &*throughput,
                                         billing_mode, out.name);
  return out;
}

std::pair<bool, std::string> streamFromRequest(const Json& specification) {
  bool enabled = specification.value("StreamEnabled", false);
  std::string view_type = specification.value("StreamViewType", "");
  if (enabled && view_type.empty())
    throw errors::validation(
        "One or more parameter values were invalid: StreamViewType is required when "
        "StreamEnabled is true");
  if (!enabled && !view_type.empty())
    throw errors::validation(
        "One or more parameter values were invalid: Stream view type cannot be specified when "
        "stream is disabled");
  return {enabled, view_type};
}

Json sseFromRequest(const Json& specification, const std::string& region,
                    const std::string& account) {
  if (!specification.value("Enabled", false)) return nullptr;
  std::string key = specification.value("KMSMasterKeyId", "");
  if (key.empty())
    key = "arn:aws:kms:" + region + ":" + account + ":key/aws/dynamodb";
  else if (key.rfind("arn:", 0) != 0)
    key = "arn:aws:kms:" + region + ":" + account + ":key/" + key;
  return {{"Status", "ENABLED"}, {"SSEType", "KMS"}, {"KMSMasterKeyArn", key}};
}

TableSchema tableSchemaFromRequest(const Json& input) {
  TableSchema schema;
  schema.name = input.value("TableName", "");
  schema.attribute_definitions = input.value("AttributeDefinitions", Json::array());
  schema.key = keySchemaFrom(input.value("KeySchema", Json()), schema.attribute_definitions);
  schema.billing_mode = input.value("BillingMode", "PROVISIONED");
  auto throughput = input.find("ProvisionedThroughput");
  schema.throughput = throughputFromRequest(throughput == input.end() ? nullptr : &*throughput,
                                            schema.billing_mode, "");
  std::set<std::string> index_names;
  auto addIndex = [&](IndexSchema index) {
    if (!index_names.insert(index.name).second)
      throw errors::invalidParameter("Duplicate index name: " + index.name);
    schema.indexes.push_back(std::move(index));
  };
  if (input.contains("LocalSecondaryIndexes")) {
    if (!schema.key.range)
      throw errors::invalidParameter(
          "Table KeySchema does not have a range key, which is required when specifying a "
          "LocalSecondaryIndex");
    for (const auto& index : input["LocalSecondaryIndexes"])
      addIndex(localIndexFrom(index, schema.attribute_definitions, schema.key));
  }
  for (const auto& index : input.value("GlobalSecondaryIndexes", Json::array()))
    addIndex(globalIndexFromRequest(index, schema.attribute_definitions, schema.billing_mode));
  checkDefinitionsUsed(schema);
  if (auto stream = input.find("StreamSpecification"); stream != input.end()) {
    auto [enabled, view_type] = streamFromRequest(*stream);
    schema.stream_enabled = enabled;
    schema.stream_view_type = view_type;
  }
  schema.table_class = input.value("TableClass", "STANDARD");
  schema.deletion_protection = input.value("DeletionProtectionEnabled", false);
  schema.tags = input.value("Tags", Json::array());
  return schema;
}

}  // namespace awsemu::dynamodb
