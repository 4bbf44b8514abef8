#pragma once
// Condition operator names ("ForAnyValue:StringNotLikeIfExists") → what they compare and how.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
#include <optional>
#include <string_view>

namespace awsemu::iam {

enum class OperatorFamily { String, Numeric, Date, Bool, Binary, IpAddress, Arn, Null };

enum class Comparison {
  Equals,
  EqualsIgnoreCase,
  Like,
  LessThan,
  LessThanEquals,
  GreaterThan,
  GreaterThanEquals,
};

enum class SetQualifier { None, ForAllValues, ForAnyValue };

struct ConditionOperator {
  OperatorFamily family = OperatorFamily::String;
  Comparison comparison = Comparison::Equals;
  bool negated = false;    // StringNotEquals, NotIpAddress, ArnNotLike, ...
  bool if_exists = false;  // ...IfExists: an absent key satisfies the condition
  SetQualifier set = SetQualifier::None;
};

// Operator names are case-sensitive in IAM ("stringequals" is not an operator).
std::optional<ConditionOperator> parseConditionOperator(std::string_view name);

}  // namespace awsemu::iam
