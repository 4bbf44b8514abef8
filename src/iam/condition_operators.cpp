#include "src/iam/condition_operators.hpp"

#include <array>

namespace awsemu::iam {
namespace {

struct NamedOperator {
  std::string_view name;
  ConditionOperator op;
};

constexpr ConditionOperator make(OperatorFamily family, Comparison comparison,
                                 bool negated = false) {
  return ConditionOperator{family, comparison, negated, false, SetQualifier::None};
}

using F = OperatorFamily;
using C = Comparison;
constexpr std::array<NamedOperator, 27> kOperators = {{
    {"StringEquals", make(F::String, C::Equals)},
    {"StringNotEquals", make(F::String, C::Equals, true)},
    {"StringEqualsIgnoreCase", make(F::String, C::EqualsIgnoreCase)},
    {"StringNotEqualsIgnoreCase", make(F::String, C::EqualsIgnoreCase, true)},
    {"StringLike", make(F::String, C::Like)},
    {"StringNotLike", make(F::String, C::Like, true)},
    {"NumericEquals", make(F::Numeric, C::Equals)},
    {"NumericNotEquals", make(F::Numeric, C::Equals, true)},
    {"NumericLessThan", make(F::Numeric, C::LessThan)},
    {"NumericLessThanEquals", make(F::Numeric, C::LessThanEquals)},
    {"NumericGreaterThan", make(F::Numeric, C::GreaterThan)},
    {"NumericGreaterThanEquals", make(F::Numeric, C::GreaterThanEquals)},
    {"DateEquals", make(F::Date, C::Equals)},
    {"DateNotEquals", make(F::Date, C::Equals, true)},
    {"DateLessThan", make(F::Date, C::LessThan)},
    {"DateLessThanEquals", make(F::Date, C::LessThanEquals)},
    {"DateGreaterThan", make(F::Date, C::GreaterThan)},
    {"DateGreaterThanEquals", make(F::Date, C::GreaterThanEquals)},
    {"Bool", make(F::Bool, C::Equals)},
    {"BinaryEquals", make(F::Binary, C::Equals)},
    {"IpAddress", make(F::IpAddress, C::Equals)},
    {"NotIpAddress", make(F::IpAddress, C::Equals, true)},
    {"ArnEquals", make(F::Arn, C::Like)},  // ArnEquals takes wildcards as ArnLike does
    {"ArnLike", make(F::Arn, C::Like)},
    {"ArnNotEquals", make(F::Arn, C::Like, true)},
    {"ArnNotLike", make(F::Arn, C::Like, true)},
    {"Null", make(F::Null, C::Equals)},
}};

}  // namespace

std::optional<ConditionOperator> parseConditionOperator(std::string_view name) {
  SetQualifier set = SetQualifier::None;
  if (name.starts_with("ForAllValues:")) {
    set = SetQualifier::ForAllValues;
    name.remove_prefix(13);
  } else if (name.starts_with("ForAnyValue:")) {
    set = SetQualifier::ForAnyValue;
    name.remove_prefix(12);
  }
  bool if_exists = false;
  if (name.ends_with("IfExists")) {
    if_exists = true;
    name.remove_suffix(8);
  }
  for (const auto& entry : kOperators) {
    if (entry.name != name) continue;
    // Null takes neither IfExists nor a set qualifier.
    if (entry.op.family == OperatorFamily::Null && (if_exists || set != SetQualifier::None)) {
      return std::nullopt;
    }
    ConditionOperator op = entry.op;
    op.if_exists = if_exists;
    op.set = set;
    return op;
  }
  return std::nullopt;
}

}  // namespace awsemu::iam
