#include "services/dynamodb/table_schema.hpp"

namespace awsemu::dynamodb {
namespace {

Json keyAttributeJson(const KeyAttribute& attribute, const char* key_type) {
  return {{"AttributeName", attribute.name}, {"KeyType", key_type}};
}

KeySchema keySchemaFromJson(const Json& key_schema, const Json& definitions) {
  KeySchema out;
  auto typeOf = [&](const std::string& name) {
    for (const auto& d : definitions)
      if (d.value("AttributeName", "") == name) return d.value("AttributeType", "S")[0];
    return 'S';
  };
  for (const auto& element : key_schema) {
    KeyAttribute attribute{element.value("AttributeName", ""), 'S'};
    attribute.type = typeOf(attribute.name);
    bool hash = element.value("KeyType", "") == "HASH";
    if (hash && out.hash.name.empty())
      out.hash = attribute;
    else if (hash)
      out.more_hash.push_back(attribute);
    else if (!out.range)
      out.range = attribute;
    else
      out.more_range.push_back(attribute);
  }
  return out;
}

Json throughputJson(const Throughput& t) {
  return {{"NumberOfDecreasesToday", 0},
          {"ReadCapacityUnits", t.read},
          {"WriteCapacityUnits", t.write}};
}

}  // namespace

std::vector<const KeyAttribute*> KeySchema::hashAttributes() const {
  std::vector<const KeyAttribute*> out{&hash};
  for (const auto& attribute : more_hash) out.push_back(&attribute);
  return out;
}

std::vector<const KeyAttribute*> KeySchema::rangeAttributes() const {
  std::vector<const KeyAttribute*> out;
  if (range) out.push_back(&*range);
  for (const auto& attribute : more_range) out.push_back(&attribute);
  return out;
}

std::vector<const KeyAttribute*> KeySchema::attributes() const {
  auto out = hashAttributes();
  for (const auto* attribute : rangeAttributes()) out.push_back(attribute);
  return out;
}

bool KeySchema::isKeyAttribute(const std::string& name) const {
  if (name == hash.name || (range && range->name == name)) return true;
  for (const auto* list : {&more_hash, &more_range})
    for (const auto& attribute : *list)
      if (attribute.name == name) return true;
  return false;
}

Json KeySchema::toJson() const {
  Json out = Json::array();
  for (const auto* attribute : hashAttributes())
    out.push_back(keyAttributeJson(*attribute, "HASH"));
  for (const auto* attribute : rangeAttributes())
    out.push_back(keyAttributeJson(*attribute, "RANGE"));
  return out;
}

Json Projection::toJson() const {
  Json out = {{"ProjectionType", type}};
  if (type == "INCLUDE") out["NonKeyAttributes"] = non_key_attributes;
  return out;
}

const IndexSchema* TableSchema::findIndex(const std::string& index_name) const {
  for (const auto& index : indexes)
    if (index.name == index_name) return &index;
  return nullptr;
}

char TableSchema::attributeType(const std::string& attribute) const {
  for (const auto& d : attribute_definitions)
    if (d.value("AttributeName", "") == attribute) return d.value("AttributeType", "S")[0];
  return 0;
}

Json TableSchema::toJson() const {
  Json index_list = Json::array();
  for (const auto& index : indexes)
    index_list.push_back({{"IndexName", index.name},
                          {"Global", index.global},
                          {"KeySchema", index.key.toJson()},
                          {"Projection", index.projection.toJson()},
                          {"Read", index.throughput.read},
                          {"Write", index.throughput.write},
                          {"Status", index.status}});
  return {{"Account", account},
          {"Region", region},
          {"Name", name},
          {"Arn", arn},
          {"Id", id},
          {"Created", created},
          {"AttributeDefinitions", attribute_definitions},
          {"KeySchema", key.toJson()},
          {"Indexes", index_list},
          {"BillingMode", billing_mode},
          {"Read", throughput.read},
          {"Write", throughput.write},
          {"BillingChanged", billing_changed},
          {"StreamEnabled", stream_enabled},
          {"StreamViewType", stream_view_type},
          {"StreamLabel", stream_label},
          {"StreamCreated", stream_created},
          {"SSE", sse},
          {"TableClass", table_class},
          {"DeletionProtection", deletion_protection},
          {"TtlAttribute", ttl_attribute},
          {"TtlEnabled", ttl_enabled},
          {"PitrEnabled", pitr_enabled},
          {"PitrChanged", pitr_changed},
          {"Tags", tags},
          {"Status", status}};
}

TableSchema TableSchema::fromJson(const Json& j) {
  TableSchema s;
  s.account = j.at("Account");
  s.region = j.at("Region");
  s.name = j.at("Name");
  s.arn = j.at("Arn");
  s.id = j.at("Id");
  s.created = j.at("Created");
  s.attribute_definitions = j.at("AttributeDefinitions");
  s.key = keySchemaFromJson(j.at("KeySchema"), s.attribute_definitions);
  for (const auto& i : j.at("Indexes")) {
    IndexSchema index;
    index.name = i.at("IndexName");
    index.global = i.at("Global");
    index.key = keySchemaFromJson(i.at("KeySchema"), s.attribute_definitions);
    index.projection.type = i.at("Projection").at("ProjectionType");
    index.projection.non_key_attributes =
        i.at("Projection").value("NonKeyAttributes", std::vector<std::string>{});
    index.throughput = {i.at("Read"), i.at("Write")};
    index.status = i.at("Status");
    s.indexes.push_back(std::move(index));
  }
  s.billing_mode = j.at("BillingMode");
  s.throughput = {j.at("Read"), j.at("Write")};
  s.billing_changed = j.at("BillingChanged");
  s.stream_enabled = j.at("StreamEnabled");
  s.stream_view_type = j.at("StreamViewType");
  s.stream_label = j.at("StreamLabel");
  s.stream_created = j.at("StreamCreated");
  s.sse = j.at("SSE");
  s.table_class = j.at("TableClass");
  s.deletion_protection = j.at("DeletionProtection");
  s.ttl_attribute = j.at("TtlAttribute");
  s.ttl_enabled = j.at("TtlEnabled");
  s.pitr_enabled = j.at("PitrEnabled");
  s.pitr_changed = j.at("PitrChanged");
  s.tags = j.at("Tags");
  s.status = j.at("Status");
  return s;
}

namespace {

Json describeIndex(const TableSchema& schema, const IndexSchema& index,
                   std::pair<std::int64_t, std::int64_t> stats) {
  Json out = {{"IndexName", index.name},
              {"KeySchema", index.key.toJson()},
              {"Projection", index.projection.toJson()},
              {"IndexSizeBytes", stats.second},
              {"ItemCount", stats.first},
              {"IndexArn", schema.arn + "/index/" + index.name}};
  if (index.global) {
    out["IndexStatus"] = index.status;
    out["ProvisionedThroughput"] = throughputJson(index.throughput);
    if (schema.billing_mode == "PROVISIONED") out["Backfilling"] = false;
  }
  return out;
}

}  // namespace

Json describeTable(const TableSchema& s, std::int64_t item_count, std::int64_t size_bytes,
                   const std::vector<std::pair<std::int64_t, std::int64_t>>& index_stats) {
  Json out = {{"AttributeDefinitions", s.attribute_definitions},
              {"TableName", s.name},
              {"KeySchema", s.key.toJson()},
              {"TableStatus", s.status},
              {"CreationDateTime", s.created},
              {"ProvisionedThroughput", throughputJson(s.throughput)},
              {"TableSizeBytes", size_bytes},
              {"ItemCount", item_count},
              {"TableArn", s.arn},
              {"TableId", s.id},
              {"DeletionProtectionEnabled", s.deletion_protection}};
  if (s.billing_mode == "PAY_PER_REQUEST" || s.billing_changed > 0) {
    out["BillingModeSummary"] = {{"BillingMode", s.billing_mode}};
    if (s.billing_changed > 0)
      out["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] = s.billing_changed;
  }
  Json lsis = Json::array(), gsis = Json::array();
  for (std::size_t i = 0; i < s.indexes.size(); ++i) {
    auto stats = i < index_stats.size() ? index_stats[i] : std::pair<std::int64_t, std::int64_t>{};
    (s.indexes[i].global ? gsis : lsis).push_back(describeIndex(s, s.indexes[i], stats));
  }
  if (!lsis.empty()) out["LocalSecondaryIndexes"] = lsis;
  if (!gsis.empty()) out["GlobalSecondaryIndexes"] = gsis;
  if (s.stream_enabled)
    out["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", s.stream_view_type}};
  if (!s.stream_label.empty()) {
    out["LatestStreamLabel"] = s.stream_label;
    out["LatestStreamArn"] = s.streamArn();
  }
  if (!s.sse.is_null()) out["SSEDescription"] = s.sse;
  if (s.table_class != "STANDARD") out["TableClassSummary"] = {{"TableClass", s.table_class}};
  return out;
}

}  // namespace awsemu::dynamodb
