// Applying an UpdatePlan to an item: SET (with + / -, if_not_exists, list_append), REMOVE (list
// elements too), ADD (numbers, sets) and DELETE (from sets).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html
#include <algorithm>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/number.hpp"

namespace awsemu::dynamodb {
namespace {

const char* const kMissingAttribute =
    "The provided expression refers to an attribute that does not exist in the item";
const char* const kWrongType = "An operand in the update expression has an incorrect data type";
const char* const kInvalidPath =
    "The document path provided in the update expression is invalid for update";

Json* resolveMutable(Json& item, const DocumentPath& path, std::size_t length) {
  return const_cast<Json*>(
      resolvePath(item, DocumentPath(path.begin(), path.begin() + static_cast<long>(length))));
}

// The value of a SET operand, read from the item as it was before the update.
Json evaluateOperand(const Operand& operand, const Json& item) {
  switch (operand.kind) {
    case Operand::Kind::Value:
      return operand.value;
    case Operand::Kind::Path: {
      const Json* value = resolvePath(item, operand.path);
      if (!value) throw errors::validation(kMissingAttribute);
      return *value;
    }
    case Operand::Kind::IfNotExists: {
      const Json* value = resolvePath(item, operand.args[0].path);
      return value ? *value : evaluateOperand(operand.args[1], item);
    }
    case Operand::Kind::ListAppend: {
      Json first = evaluateOperand(operand.args[0], item);
      Json second = evaluateOperand(operand.args[1], item);
      if (typeOf(first) != ValueType::L || typeOf(second) != ValueType::L) {
        throw errors::validation(kWrongType);
      }
      for (Json& element : second["L"]) first["L"].push_back(std::move(element));
      return first;
    }
    case Operand::Kind::Plus:
    case Operand::Kind::Minus: {
      Json a = evaluateOperand(operand.args[0], item);
      Json b = evaluateOperand(operand.args[1], item);
      if (typeOf(a) != ValueType::N || typeOf(b) != ValueType::N) {
        throw errors::validation(kWrongType);
      }
      Number x = Number::parse(a["N"].get<std::string>());
      Number y = Number::parse(b["N"].get<std::string>());
      Number result = operand.kind == Operand::Kind::Plus ? x.add(y) : x.subtract(y);
      return Json{{"N", result.toString()}};
    }
    case Operand::Kind::Size:
      break;
  }
  throw errors::validation(kWrongType);
}

void assign(Json& item, const DocumentPath& path, Json value) {
  if (path.size() == 1) {
    item[path[0].name] = std::move(value);
    return;
  }
  Json* parent = resolveMutable(item, path, path.size() - 1);
  if (!parent) throw errors::validation(kInvalidPath);
  const PathElement& last = path.back();
  ValueType type = typeOf(*parent);
  if (last.isIndex() && type == ValueType::L) {
    Json& list = (*parent)["L"];
    // An index past the end appends, as DynamoDB does.
    if (static_cast<std::size_t>(last.index) < list.size()) {
      list[static_cast<std::size_t>(last.index)] = std::move(value);
    } else {
      list.push_back(std::move(value));
    }
  } else if (!last.isIndex() && type == ValueType::M) {
    (*parent)["M"][last.name] = std::move(value);
  } else {
    throw errors::validation(kInvalidPath);
  }
}

void remove(Json& item, const DocumentPath& path) {
  if (path.size() == 1) {
    item.erase(path[0].name);
    return;
  }
  Json* parent = resolveMutable(item, path, path.size() - 1);
  if (!parent) return;
  const PathElement& last = path.back();
  ValueType type = typeOf(*parent);
  if (last.isIndex() && type == ValueType::L) {
    Json& list = (*parent)["L"];
    if (static_cast<std::size_t>(last.index) < list.size()) {
      list.erase(list.begin() + last.index);
    }
  } else if (!last.isIndex() && type == ValueType::M) {
    (*parent)["M"].erase(last.name);
  }
}

// Set members as comparable keys (numbers canonical).
std::string memberKey(const Json& member, ValueType set_type) {
  if (set_type == ValueType::NS) return canonicalNumber(member.get<std::string>());
  if (member.is_binary())
    return std::string(member.get_binary().begin(), member.get_binary().end());
  return member.get<std::string>();
}

void add(Json& item, const UpdateAction& action) {
  const Json& value = action.value.value;
  Json* existing = resolveMutable(item, action.path, action.path.size());
  if (!existing) {
    assign(item, action.path, value);
    return;
  }
  ValueType type = typeOf(value);
  if (typeOf(*existing) != type) throw errors::validation(kWrongType);
  if (type == ValueType::N) {
    Number sum = Number::parse((*existing)["N"].get<std::string>())
                     .add(Number::parse(value["N"].get<std::string>()));
    (*existing)["N"] = sum.toString();
  } else if (isSet(type)) {
    std::string key(typeName(type));
    Json& members = (*existing)[key];
    std::vector<std::string> present;
    for (const Json& member : members) present.push_back(memberKey(member, type));
    for (const Json& member : value[key]) {
      std::string k = memberKey(member, type);
      if (std::find(present.begin(), present.end(), k) != present.end()) continue;
      present.push_back(k);
      members.push_back(member);
    }
  } else if (type == ValueType::L && action.legacy) {
    for (const Json& element : value["L"]) (*existing)["L"].push_back(element);
  } else {
    throw errors::validation(kWrongType);
  }
}

void removeFromSet(Json& item, const UpdateAction& action) {
  if (!resolvePath(item, action.path)) return;
  if (action.legacy && action.value.value.is_null()) {
    remove(item, action.path);
    return;
  }
  Json* existing = resolveMutable(item, action.path, action.path.size());
  const Json& value = action.value.value;
  ValueType type = typeOf(value);
  if (!isSet(type) || typeOf(*existing) != type) throw errors::validation(kWrongType);
  std::string key(typeName(type));
  std::vector<std::string> doomed;
  for (const Json& member : value[key]) doomed.push_back(memberKey(member, type));
  Json kept = Json::array();
  for (const Json& member : (*existing)[key]) {
    if (std::find(doomed.begin(), doomed.end(), memberKey(member, type)) == doomed.end()) {
      kept.push_back(member);
    }
  }
  // Sets may not be empty: deleting the last member removes the attribute.
  if (kept.empty()) {
    remove(item, action.path);
  } else {
    (*existing)[key] = std::move(kept);
  }
}

}  // namespace

void applyUpdate(const UpdatePlan& plan, Json& item) {
  // Every SET value is computed from the item as it was before the update.
  std::vector<Json> values(plan.actions.size());
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    if (plan.actions[i].kind == UpdateAction::Kind::Set) {
      values[i] = evaluateOperand(plan.actions[i].value, item);
    }
  }
  std::vector<const UpdateAction*> removals;
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const UpdateAction& action = plan.actions[i];
    switch (action.kind) {
      case UpdateAction::Kind::Set:
        assign(item, action.path, std::move(values[i]));
        break;
      case UpdateAction::Kind::Remove:
        removals.push_back(&action);
        break;
      case UpdateAction::Kind::Add:
        add(item, action);
        break;
      case UpdateAction::Kind::Delete:
        removeFromSet(item, action);
        break;
    }
  }
  // List elements are removed by their original indexes: highest first.
  auto order = [](const UpdateAction* action) {
    const PathElement& last = action->path.back();
    return last.isIndex() ? -static_cast<long>(last.index) : -1L - 0x7FFFFFFFL;
  };
  std::stable_sort(
      removals.begin(), removals.end(),
      [&](const UpdateAction* a, const UpdateAction* b) { return order(a) < order(b); });
  for (const UpdateAction* action : removals) remove(item, action->path);
}

}  // namespace awsemu::dynamodb
