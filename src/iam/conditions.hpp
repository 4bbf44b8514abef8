#pragma once
// Compiled Condition clauses and their evaluation against a request.
// Multiple keys in a block AND, multiple values of a key OR (negated operators: NOR);
// ForAllValues/ForAnyValue compare each of a multi-valued key's values; ...IfExists lets an
// absent key pass; Null tests presence.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "awsemu/iam/policy_document.hpp"
#include "src/iam/condition_operators.hpp"
#include "src/iam/policy_variables.hpp"

namespace awsemu::iam {

struct IpNetwork {
  int family = 0;  // 4 or 6; 0 when the text was not an address
  std::array<std::uint8_t, 16> address{};
  int prefix = 0;

  static IpNetwork parse(std::string_view text, bool allow_prefix);
  bool contains(const IpNetwork& address) const;
};

struct ConditionValue {
  ValueTemplate text;
  // Pre-parsed forms of a value without variables (the operator decides which is used).
  bool parsed = false;
  double number = 0;
  IpNetwork network;
};

struct CompiledCondition {
  bool known = false;  // an operator IAM does not know matches nothing
  ConditionOperator op;
  KeyRef key;
  std::vector<ConditionValue> values;
};

CompiledCondition compileCondition(const ConditionClause& clause, bool variables_enabled);

// Missing keys are appended to `missing` (as written) when it is not null.
bool conditionHolds(const CompiledCondition& condition, const RequestView& view,
                    std::vector<const KeyRef*>* missing);

}  // namespace awsemu::iam
