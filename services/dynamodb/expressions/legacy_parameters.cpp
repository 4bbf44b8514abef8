#include "services/dynamodb/expressions/legacy_parameters.hpp"

#include <string>

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/values/attribute_value.hpp"

namespace awsemu::dynamodb::detail {
namespace {

const std::string kInvalid = "One or more parameter values were invalid: ";

// A validated, normalised copy of a value from the request.
Json checkedValue(const Json& value) {
  Json copy = value;
  std::string error = normalizeValue(copy);
  if (!error.empty()) throw errors::validation(error);
  return copy;
}

Operand pathOperand(const std::string& attribute) {
  Operand operand;
  operand.kind = Operand::Kind::Path;
  operand.path.push_back({attribute, -1});
  return operand;
}

Operand valueOperand(const Json& value) {
  Operand operand;
  operand.kind = Operand::Kind::Value;
  operand.value = checkedValue(value);
  return operand;
}

struct OperatorRule {
  std::string_view name;
  int min_args, max_args;  // max -1: unbounded
  bool scalars_only;       // S, N, B
};
constexpr OperatorRule kOperators[] = {
    {"EQ", 1, 1, false},          {"NE", 1, 1, false},         {"LE", 1, 1, true},
    {"LT", 1, 1, true},           {"GE", 1, 1, true},          {"GT", 1, 1, true},
    {"NOT_NULL", 0, 0, false},    {"NULL", 0, 0, false},       {"CONTAINS", 1, 1, true},
    {"NOT_CONTAINS", 1, 1, true}, {"BEGINS_WITH", 1, 1, true}, {"IN", 1, -1, true},
    {"BETWEEN", 2, 2, true},
};

const OperatorRule& ruleFor(const std::string& op) {
  for (const OperatorRule& rule : kOperators) {
    if (rule.name == op) return rule;
  }
  throw errors::validation(kInvalid +
                           "Unsupported operator on ExpectedAttributeValue or "
                           "Condition: " +
                           op);
}

// One ComparisonOperator + AttributeValueList on `attribute`.
Condition comparison(const std::string& attribute, const Json& spec) {
  std::string op = spec.value("ComparisonOperator", "");
  const OperatorRule& rule = ruleFor(op);
  Json list = spec.contains("AttributeValueList") ? spec["AttributeValueList"] : Json::array();
  int count = static_cast<int>(list.size());
  if (count < rule.min_args || (rule.max_args >= 0 && count > rule.max_args)) {
    throw errors::validation(kInvalid + "Invalid number of argument(s) for the " + op +
                             " ComparisonOperator");
  }
  Condition c;
  c.operands.push_back(pathOperand(attribute));
  for (const Json& value : list) {
    Operand operand = valueOperand(value);
    ValueType type = typeOf(operand.value);
    bool ok = !rule.scalars_only || isScalarKeyType(type);
    if (op == "BEGINS_WITH") ok = type == ValueType::S || type == ValueType::B;
    if (!ok) {
      throw errors::validation(kInvalid + "ComparisonOperator " + op + " is not valid for " +
                               std::string(typeName(type)) + " AttributeValue type");
    }
    c.operands.push_back(std::move(operand));
  }
  static constexpr std::pair<std::string_view, Comparator> kComparators[] = {
      {"EQ", Comparator::Eq}, {"NE", Comparator::Ne}, {"LE", Comparator::Le},
      {"LT", Comparator::Lt}, {"GE", Comparator::Ge}, {"GT", Comparator::Gt}};
  for (const auto& [name, comparator] : kComparators) {
    if (name == op) {
      c.kind = Condition::Kind::Compare;
      c.op = comparator;
      return c;
    }
  }
  if (op == "NOT_NULL") c.kind = Condition::Kind::AttributeExists;
  if (op == "NULL") c.kind = Condition::Kind::AttributeNotExists;
  if (op == "CONTAINS") c.kind = Condition::Kind::Contains;
  if (op == "NOT_CONTAINS") c.kind = Condition::Kind::NotContains;
  if (op == "BEGINS_WITH") c.kind = Condition::Kind::BeginsWith;
  if (op == "IN") c.kind = Condition::Kind::In;
  if (op == "BETWEEN") c.kind = Condition::Kind::Between;
  return c;
}

// Expected's Exists/Value form; the messages carry the validation-error count as DynamoDB's do.
Condition existsCondition(const std::string& attribute, const Json& spec) {
  const std::string prefix = "1 validation error detected: " + kInvalid;
  bool has_value = spec.contains("Value");
  Condition c;
  c.operands.push_back(pathOperand(attribute));
  if (spec.contains("Exists") && !spec["Exists"].get<bool>()) {
    if (has_value) {
      throw errors::validation(
          prefix + "Value cannot be used when Exists is false for Attribute: " + attribute);
    }
    c.kind = Condition::Kind::AttributeNotExists;
    return c;
  }
  if (!has_value) {
    throw errors::validation(prefix + "Value must be provided when Exists is " +
                             (spec.contains("Exists") ? "true" : "null") +
                             " for Attribute: " + attribute);
  }
  c.kind = Condition::Kind::Compare;
  c.op = Comparator::Eq;
  c.operands.push_back(valueOperand(spec["Value"]));
  return c;
}

Condition combine(std::vector<Condition> parts, const Json* conditional_operator) {
  if (parts.empty()) return Condition{};  // True
  bool use_or = conditional_operator && conditional_operator->is_string() &&
                conditional_operator->get<std::string>() == "OR";
  Condition result = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    Condition joined;
    joined.kind = use_or ? Condition::Kind::Or : Condition::Kind::And;
    joined.children.push_back(std::move(result));
    joined.children.push_back(std::move(parts[i]));
    result = std::move(joined);
  }
  return result;
}

}  // namespace

Condition legacyExpected(const Json& expected, const Json* conditional_operator) {
  std::vector<Condition> parts;
  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const Json& spec = it.value();
    if (spec.contains("AttributeValueList") && !spec.contains("ComparisonOperator")) {
      throw errors::validation(
          "1 validation error detected: " + kInvalid +
          "AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
          it.key());
    }
    if (spec.contains("ComparisonOperator")) {
      if (spec.contains("Exists")) {
        throw errors::validation("1 validation error detected: " + kInvalid +
                                 "Exists and ComparisonOperator cannot be used together for "
                                 "Attribute: " +
                                 it.key());
      }
      parts.push_back(comparison(it.key(), spec));
    } else {
      parts.push_back(existsCondition(it.key(), spec));
    }
  }
  return combine(std::move(parts), conditional_operator);
}

Condition legacyFilter(const Json& filter, const Json* conditional_operator) {
  std::vector<Condition> parts;
  for (auto it = filter.begin(); it != filter.end(); ++it) {
    parts.push_back(comparison(it.key(), it.value()));
  }
  return combine(std::move(parts), conditional_operator);
}

KeyConditionSpec legacyKeyConditions(const Json& key_conditions) {
  KeyConditionSpec spec;
  spec.from_legacy = true;
  // More than two fit only a GSI's multi-attribute key (up to 4 + 4 attributes); bindKeyCondition
  // checks them against the schema.
  if (key_conditions.size() > 8) {
    throw errors::validation("Conditions can be of length 1 or 2 only");
  }
  for (auto it = key_conditions.begin(); it != key_conditions.end(); ++it) {
    std::string op = it.value().value("ComparisonOperator", "");
    static constexpr std::pair<std::string_view, KeyOperator> kIndexable[] = {
        {"EQ", KeyOperator::Eq},
        {"LT", KeyOperator::Lt},
        {"LE", KeyOperator::Le},
        {"GT", KeyOperator::Gt},
        {"GE", KeyOperator::Ge},
        {"BETWEEN", KeyOperator::Between},
        {"BEGINS_WITH", KeyOperator::BeginsWith}};
    const std::pair<std::string_view, KeyOperator>* found = nullptr;
    for (const auto& entry : kIndexable) {
      if (entry.first == op) found = &entry;
    }
    if (!found)
      throw errors::validation("Attempted conditional constraint is not an indexable operation");
    Condition c = comparison(it.key(), it.value());  // argument counts and types
    KeyConditionTerm term;
    term.attribute = it.key();
    term.op = found->second;
    term.value = c.operands[1].value;
    if (c.operands.size() > 2) term.value2 = c.operands[2].value;
    spec.terms.push_back(std::move(term));
  }
  return spec;
}

UpdatePlan legacyAttributeUpdates(const Json& attribute_updates) {
  UpdatePlan plan;
  for (auto it = attribute_updates.begin(); it != attribute_updates.end(); ++it) {
    const Json& spec = it.value();
    std::string action_name = spec.value("Action", "PUT");
    UpdateAction action;
    action.legacy = true;
    action.path.push_back({it.key(), -1});
    bool has_value = spec.contains("Value");
    if (has_value) action.value = valueOperand(spec["Value"]);
    ValueType type = has_value ? typeOf(action.value.value) : ValueType::Invalid;
    if (action_name == "DELETE") {
      action.kind = UpdateAction::Kind::Delete;
      if (has_value && !isSet(type)) {
        throw errors::validation(kInvalid +
                                 "DELETE action with value is not supported for the type " +
                                 std::string(typeName(type)));
      }
    } else if (!has_value) {
      throw errors::validation(
          kInvalid + "Only DELETE action is allowed when no attribute value is specified");
    } else if (action_name == "ADD") {
      action.kind = UpdateAction::Kind::Add;
      if (type != ValueType::N && type != ValueType::L && !isSet(type)) {
        throw errors::validation(kInvalid + "ADD action is not supported for the type " +
                                 std::string(typeName(type)));
      }
    } else {
      action.kind = UpdateAction::Kind::Set;
    }
    plan.actions.push_back(std::move(action));
  }
  return plan;
}

ProjectionPaths legacyAttributesToGet(const Json& attributes) {
  ProjectionPaths projection;
  for (const Json& name : attributes) {
    std::string attribute = name.get<std::string>();
    for (const DocumentPath& path : projection.paths) {
      if (path[0].name == attribute) {
        throw errors::validation(kInvalid + "Duplicate value in attribute name: " + attribute);
      }
    }
    projection.paths.push_back({PathElement{attribute, -1}});
  }
  return projection;
}

}  // namespace awsemu::dynamodb::detail
