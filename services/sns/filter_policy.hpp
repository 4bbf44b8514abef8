#pragma once
// Subscription filter policies: which published messages a subscription receives.
// https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
//
// A policy is parsed once (when FilterPolicy is set) into its disjunctive normal form: a list of
// alternatives ($or multiplies them), each a list of (key path, conditions). A message matches
// when, for some alternative, every key has at least one condition matching one of its values.
// Parsing applies AWS's constraints (5 keys, 150 combinations, operator syntax) and throws
// InvalidParameter with AWS's "Invalid parameter: FilterPolicy: ..." messages.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::sns {

enum class FilterScope { MessageAttributes, MessageBody };

// One value a key has in a message: attributes give one (String, Number) or several
// (String.Array); a body leaf may be any JSON scalar, or an array of them.
struct FilterValue {
  enum class Type { String, Number, Boolean, Null } type = Type::String;
  std::string text;   // String
  double number = 0;  // Number
  bool flag = false;  // Boolean
};

struct FilterCondition {
  enum class Kind {
    ExactString,
    ExactNumber,
    ExactBoolean,
    ExactNull,
    Prefix,
    Suffix,
    EqualsIgnoreCase,
    AnythingBut,        // strings/numbers listed are excluded
    AnythingButPrefix,  // text
    AnythingButSuffix,  // text
    Numeric,
    Exists,
    Cidr,
  } kind = Kind::ExactString;
  std::string text;
  double number = 0;
  bool flag = false;
  std::vector<std::string> strings;  // AnythingBut
  std::vector<double> numbers;       // AnythingBut
  // Numeric: an interval; an "=" sets both bounds, inclusive.
  std::optional<double> lower, upper;
  bool lower_inclusive = false, upper_inclusive = false;
  // Cidr: network bytes (4 or 16) and prefix length.
  std::string network;
  int prefix_bits = 0;

  bool matches(const FilterValue& value) const;
};

class FilterPolicy {
 public:
  // Throws AwsError (InvalidParameter) when the policy is not one AWS accepts.
  static std::shared_ptr<const FilterPolicy> parse(std::string_view text, FilterScope scope);

  FilterScope scope() const { return scope_; }
  // attributes: SNS form {"name": {"DataType": "String", "StringValue": "x"}}.
  bool matchesAttributes(const Json& attributes) const;
  // body: the message text; a body that is not a JSON object matches no policy.
  bool matchesBody(std::string_view body) const;
  bool matchesBody(const Json& body) const;

  struct Key {
    std::vector<std::string> path;  // one element for attributes
    std::vector<FilterCondition> conditions;
  };
  using Alternative = std::vector<Key>;
  const std::vector<Alternative>& alternatives() const { return alternatives_; }

 private:
  template <class ValuesOf>
  bool matchesWith(const ValuesOf& values_of) const;

  FilterScope scope_ = FilterScope::MessageAttributes;
  std::vector<Alternative> alternatives_;
};

// The values of one message attribute (SNS form) for matching; empty for Binary.
std::vector<FilterValue> attributeValues(const Json& attribute);

}  // namespace awsemu::sns
