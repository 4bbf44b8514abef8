#include "services/dynamodb/read_page.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/item_writer.hpp"
#include "services/dynamodb/key_codec.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb {
namespace {

std::string defaultSelect(const ReadOptions& options) {
  if (options.projection) return "SPECIFIC_ATTRIBUTES";
  return options.index_schema ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
}

void checkSelect(const ReadOptions& options, bool select_given) {
  const auto* index = options.index_schema;
  if (options.select == "ALL_PROJECTED_ATTRIBUTES" && !index)
    throw errors::validation(
        "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES is "
        "supported only when querying or scanning an index");
  if (options.select == "ALL_ATTRIBUTES" && index && index->global &&
      index->projection.type != "ALL")
    throw errors::invalidParameter(
        "Select type ALL_ATTRIBUTES is not supported for global "
        "secondary index " +
        index->name + " because its projection type is not ALL");
  if (select_given && options.projection && options.select != "SPECIFIC_ATTRIBUTES")
    throw errors::validation("Cannot specify the ProjectionExpression when choosing to get " +
                             options.select);
  if (options.select == "SPECIFIC_ATTRIBUTES" && !options.projection)
    throw errors::validation(
        "One or more parameter values were invalid: Select type SPECIFIC_ATTRIBUTES requires "
        "AttributesToGet or ProjectionExpression");
}

}  // namespace

ReadOptions readOptions(const Table& table, const Json& input, std::optional<Condition> filter,
                        std::optional<ProjectionPaths> projection) {
  ReadOptions options;
  options.filter = std::move(filter);
  options.projection = std::move(projection);
  if (auto name = input.find("IndexName"); name != input.end()) {
    for (std::size_t i = 0; i < table.schema.indexes.size(); ++i)
      if (table.schema.indexes[i].name == name->get<std::string>()) {
        options.index = static_cast<int>(i);
        options.index_schema = &table.schema.indexes[i];
      }
    if (!options.index_schema)
      throw errors::validation("The table does not have the specified index: " +
                               name->get<std::string>());
  }
  options.consistent = input.value("ConsistentRead", false);
  if (options.consistent && options.index_schema && options.index_schema->global)
    throw errors::validation("Consistent reads are not supported on global secondary indexes");
  options.limit = input.value("Limit", 0);
  bool select_given = input.contains("Select");
  options.select = select_given ? input["Select"].get<std::string>() : defaultSelect(options);
  checkSelect(options, select_given);
  return options;
}

std::optional<StartPosition> startPosition(const Table& table, const ReadOptions& options,
                                           const Json& input) {
  auto it = input.find("ExclusiveStartKey");
  if (it == input.end()) return std::nullopt;
  Json start = *it;
  normalizeItem(start);
  auto invalid = [] {
    return errors::validation(
        "The provided starting key is invalid: The provided key element does not match the "
        "schema");
  };
  const KeySchema& key = table.schema.key;
  Json primary = Json::object();
  for (const auto* attribute : {&key.hash, key.range ? &*key.range : nullptr})
    if (attribute && start.contains(attribute->name))
      primary[attribute->name] = start[attribute->name];
  ItemKey item_key;
  try {
    item_key = table.keyOf(primary, KeyUse::Key);
  } catch (const AwsError&) {
    throw invalid();
  }
  if (!options.index_schema) {
    if (start.size() != primary.size()) throw invalid();
    return StartPosition{item_key.slot, EntryKey{item_key.sort, {}}};
  }
  auto position = table.indexPosition(options.index, start, item_key);
  if (!position) throw invalid();
  return StartPosition{position->slot, position->entry};
}

Json PageReader::indexView(const Json& item) const {
  const IndexSchema* index = options_.index_schema;
  Json view = keyAttributes(table_, item);
  for (const auto* attribute : index->key.attributes())
    if (auto it = item.find(attribute->name); it != item.end()) view[attribute->name] = *it;
  for (const auto& name : index->projection.non_key_attributes)
    if (auto it = item.find(name); it != item.end()) view[name] = *it;
  return view;
}

bool PageReader::read(const ItemPtr& item) {
  ++scanned_;
  bytes_ += item->size;
  last_ = item;
  bool whole = !options_.index_schema || options_.index_schema->projection.type == "ALL" ||
               options_.select == "ALL_ATTRIBUTES";
  Json view;
  const Json* visible = &item->item;
  if (!whole) {
    view = indexView(item->item);
    visible = &view;
  }
  if (!options_.filter || evaluate(*options_.filter, visible)) {
    ++count_;
    if (options_.select != "COUNT")
      items_.push_back(options_.projection ? project(*visible, *options_.projection) : *visible);
  }
  full_ = (options_.limit && scanned_ >= options_.limit) || bytes_ >= kMaxPageBytes;
  return !full_;
}

Json PageReader::lastEvaluatedKey() const {
  Json key = keyAttributes(table_, last_->item);
  if (const IndexSchema* index = options_.index_schema)  // every attribute of its key
    for (const auto* attribute : index->key.attributes())
      key[attribute->name] = last_->item.at(attribute->name);
  return key;
}

Json PageReader::finish(const Json& input) const {
  Json output = Json::object();
  if (options_.select != "COUNT") output["Items"] = items_;
  output["Count"] = count_;
  output["ScannedCount"] = scanned_;
  if (full_ && last_) output["LastEvaluatedKey"] = lastEvaluatedKey();
  reportCapacity(output, input,
                 readConsumption(table_, bytes_, options_.consistent,
                                 options_.index_schema ? options_.index_schema->name : ""));
  return output;
}

}  // namespace awsemu::dynamodb
