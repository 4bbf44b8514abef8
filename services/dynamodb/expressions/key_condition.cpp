// KeyConditionExpression: parsed with the condition grammar, then restricted to what a Query can
// use (partition key equality AND at most one sort key condition).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html
#include "services/dynamodb/expressions/key_condition.hpp"

#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/parser_core.hpp"

namespace awsemu::dynamodb {
namespace {

const char* const kNotSupported = "Query key condition not supported";
const char* const kLegacyTooMany = "Conditions can be of length 1 or 2 only";
// A GSI's multi-attribute key has up to 4 partition and 4 sort attributes.
constexpr std::size_t kMaxKeyTerms = 8;

// The operator DynamoDB names when a key condition uses one a Query cannot.
std::string_view invalidOperator(const Condition& c) {
  switch (c.kind) {
    case Condition::Kind::Or:
      return "OR";
    case Condition::Kind::Not:
      return "NOT";
    case Condition::Kind::In:
      return "IN";
    case Condition::Kind::AttributeExists:
      return "attribute_exists";
    case Condition::Kind::AttributeNotExists:
      return "attribute_not_exists";
    case Condition::Kind::AttributeType:
      return "attribute_type";
    case Condition::Kind::Contains:
    case Condition::Kind::NotContains:
      return "contains";
    case Condition::Kind::Compare:
      if (c.op == Comparator::Ne) return "<>";
      break;
    default:
      break;
  }
  for (const Operand& operand : c.operands) {
    if (operand.kind == Operand::Kind::Size) return "size";
  }
  return {};
}

void collectTerms(const Condition& c, const detail::Parser& parser,
                  std::vector<const Condition*>& terms) {
  if (c.kind == Condition::Kind::And) {
    for (const Condition& child : c.children) collectTerms(child, parser, terms);
    return;
  }
  std::string_view bad = invalidOperator(c);
  if (!bad.empty()) {
    // DynamoDB words these without the "Invalid KeyConditionExpression:" opening.
    throw errors::validation("Invalid operator used in KeyConditionExpression: " +
                             std::string(bad));
  }
  terms.push_back(&c);
}

KeyOperator fromComparator(Comparator op, bool flipped) {
  switch (op) {
    case Comparator::Lt:
      return flipped ? KeyOperator::Gt : KeyOperator::Lt;
    case Comparator::Le:
      return flipped ? KeyOperator::Ge : KeyOperator::Le;
    case Comparator::Gt:
      return flipped ? KeyOperator::Lt : KeyOperator::Gt;
    case Comparator::Ge:
      return flipped ? KeyOperator::Le : KeyOperator::Ge;
    default:
      return KeyOperator::Eq;
  }
}

KeyConditionTerm toTerm(const Condition& c) {
  KeyConditionTerm term;
  const std::vector<Operand>& ops = c.operands;
  auto attribute = [&](const Operand& operand) {
    // Key conditions name top-level key attributes only.
    if (operand.kind != Operand::Kind::Path || operand.path.size() != 1) {
      throw errors::validation(kNotSupported);
    }
    return operand.path[0].name;
  };
  auto value = [&](const Operand& operand) {
    if (operand.kind != Operand::Kind::Value) throw errors::validation(kNotSupported);
    return operand.value;
  };
  if (c.kind == Condition::Kind::Compare) {
    bool flipped = ops[0].kind == Operand::Kind::Value;
    term.attribute = attribute(flipped ? ops[1] : ops[0]);
    term.value = value(flipped ? ops[0] : ops[1]);
    term.op = fromComparator(c.op, flipped);
  } else if (c.kind == Condition::Kind::Between) {
    term.attribute = attribute(ops[0]);
    term.op = KeyOperator::Between;
    term.value = value(ops[1]);
    term.value2 = value(ops[2]);
  } else {  // begins_with
    term.attribute = attribute(ops[0]);
    term.op = KeyOperator::BeginsWith;
    term.value = value(ops[1]);
  }
  return term;
}

void checkType(const Json& value, ValueType expected) {
  if (typeOf(value) != expected) {
    throw errors::validation(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  }
}

bool hasPrefix(const Json& value, const Json& prefix) {
  ValueType type = typeOf(value);
  if (type != typeOf(prefix) || (type != ValueType::S && type != ValueType::B)) return false;
  auto bytes = [](const Json& v) {
    const Json& p = v.begin().value();
    if (p.is_binary()) {
      return std::string(p.get_binary().begin(), p.get_binary().end());
    }
    return p.get<std::string>();
  };
  std::string a = bytes(value), b = bytes(prefix);
  return a.compare(0, b.size(), b) == 0 && a.size() >= b.size();
}

}  // namespace

KeyConditionSpec parseKeyCondition(std::string_view text, ExpressionContext& context) {
  detail::Parser parser(text, context, "KeyConditionExpression");
  parser.checkNotEmpty();
  Condition tree = detail::parseConditionTree(parser);
  parser.finish();
  std::vector<const Condition*> terms;
  collectTerms(tree, parser, terms);
  // More than two terms fit only a multi-attribute key; bindKeyCondition checks against the schema.
  if (terms.size() > kMaxKeyTerms) throw errors::validation(kNotSupported);
  KeyConditionSpec spec;
  for (const Condition* c : terms) {
    KeyConditionTerm term = toTerm(*c);
    for (const KeyConditionTerm& other : spec.terms) {
      if (other.attribute == term.attribute) {
        throw errors::validation("KeyConditionExpressions must only contain one condition per key");
      }
    }
    spec.terms.push_back(std::move(term));
  }
  return spec;
}

namespace {

void checkSortTerm(const KeyConditionTerm& sort, ValueType type) {
  checkType(sort.value, type);
  if (sort.op == KeyOperator::Between) {
    checkType(sort.value2, type);
    auto order = compareScalars(sort.value, sort.value2);
    if (order && *order == std::strong_ordering::greater) {
      throw errors::validation(
          "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be "
          "greater than or equal to lower bound; lower bound operand: " +
          detail::describeValue(sort.value) +
          ", upper bound operand: " + detail::describeValue(sort.value2));
    }
  }
  if (sort.op == KeyOperator::BeginsWith && type == ValueType::N) {
    throw errors::validation(kNotSupported);
  }
}

const KeyConditionTerm* termFor(const KeyConditionSpec& spec, const std::string& attribute) {
  for (const KeyConditionTerm& term : spec.terms)
    if (term.attribute == attribute) return &term;
  return nullptr;
}

// The sort attributes a condition names must be a prefix of the key's, all but the last with
// equality. DynamoDB names the first attribute that breaks this and the later one that needs it.
void checkSortPrefix(const std::vector<KeyAttributeView>& sorts,
                     const std::vector<const KeyConditionTerm*>& named) {
  for (std::size_t later = 1; later < sorts.size(); ++later) {
    if (!named[later]) continue;
    for (std::size_t prior = 0; prior < later; ++prior)
      if (!named[prior] || named[prior]->op != KeyOperator::Eq)
        throw errors::validation("RANGE key attributes " + sorts[prior].name +
                                 " must have equality conditions specified in the query because "
                                 "a condition is present on key attribute " +
                                 sorts[later].name);
  }
}

}  // namespace

KeyCondition bindKeyCondition(const KeyConditionSpec& spec, const KeySchemaView& schema) {
  std::vector<KeyAttributeView> partitions{{schema.partition_name, schema.partition_type}};
  partitions.insert(partitions.end(), schema.more_partition.begin(), schema.more_partition.end());
  std::vector<KeyAttributeView> sorts;
  if (!schema.sort_name.empty()) sorts.push_back({schema.sort_name, schema.sort_type});
  sorts.insert(sorts.end(), schema.more_sort.begin(), schema.more_sort.end());
  bool composite = partitions.size() > 1 || sorts.size() > 1;
  if (!composite && spec.terms.size() > 2)
    throw errors::validation(spec.from_legacy ? kLegacyTooMany : kNotSupported);
  std::vector<const KeyConditionTerm*> named_partitions, named_sorts;
  for (const auto& attribute : partitions)
    named_partitions.push_back(termFor(spec, attribute.name));
  for (const auto& attribute : sorts) named_sorts.push_back(termFor(spec, attribute.name));
  std::size_t known = 0;
  for (const auto* term : named_partitions) known += term != nullptr;
  for (const auto* term : named_sorts) known += term != nullptr;
  // A missing partition key is reported first, even when another attribute is named instead.
  for (std::size_t i = 0; i < partitions.size(); ++i)
    if (!named_partitions[i])
      throw errors::validation("Query condition missed key schema element: " + partitions[i].name);
  if (known < spec.terms.size()) {  // a term on a non-key attribute
    if (sorts.empty() || composite) throw errors::validation(kNotSupported);
    throw errors::validation("Query condition missed key schema element: " + sorts[0].name);
  }
  KeyCondition result;
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    if (named_partitions[i]->op != KeyOperator::Eq) throw errors::validation(kNotSupported);
    checkType(named_partitions[i]->value, partitions[i].type);
    if (i == 0)
      result.partition_value = named_partitions[i]->value;
    else
      result.more_partition_values.push_back(named_partitions[i]->value);
  }
  checkSortPrefix(sorts, named_sorts);
  for (std::size_t i = 0; i < sorts.size() && named_sorts[i]; ++i) {
    const KeyConditionTerm& term = *named_sorts[i];
    checkSortTerm(term, sorts[i].type);
    if (result.sort) result.sort_prefix.push_back(result.sort->value);
    result.sort = SortKeyCondition{term.op, term.value, term.value2};
  }
  return result;
}

bool KeyCondition::sortMatches(const Json& sort_value) const {
  if (!sort) return true;
  if (sort->op == KeyOperator::BeginsWith) return hasPrefix(sort_value, sort->value);
  auto low = compareScalars(sort_value, sort->value);
  if (!low) return false;
  switch (sort->op) {
    case KeyOperator::Eq:
      return *low == 0;
    case KeyOperator::Lt:
      return *low < 0;
    case KeyOperator::Le:
      return *low <= 0;
    case KeyOperator::Gt:
      return *low > 0;
    case KeyOperator::Ge:
      return *low >= 0;
    case KeyOperator::Between: {
      auto high = compareScalars(sort_value, sort->value2);
      return *low >= 0 && high && *high <= 0;
    }
    default:
      return false;
  }
}

}  // namespace awsemu::dynamodb
