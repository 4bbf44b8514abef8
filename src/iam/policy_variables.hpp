#pragma once
// Policy variables in Resource and condition values: ${aws:username}, ${aws:PrincipalTag/team},
// defaults (${aws:username, 'nobody'}) and the escapes ${*}, ${?}, ${$}. Only 2012-10-17
// documents substitute; in older ones the text is literal.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/iam/request_keys.hpp"

namespace awsemu::iam {

// A value that may contain variables. In wildcard form (Resource, StringLike, ArnLike) literal
// '*'/'?' coming from ${*}, ${?} or a substituted value are escaped so they match themselves;
// the policy's own '*' and '?' stay wildcards.
class ValueTemplate {
 public:
  ValueTemplate() = default;
  ValueTemplate(std::string_view text, bool variables_enabled, bool wildcard_form);

  bool hasVariables() const { return !parts_.empty(); }
  // The value when it has no variables (escaped in wildcard form).
  const std::string& literal() const { return literal_; }

  // Writes the value for this request into `out`; false when a variable has neither a value
  // (exactly one) nor a default, in which case the value matches nothing.
  bool resolve(const RequestView& view, std::string& out) const;

 private:
  struct Part {
    bool variable = false;
    std::string text;  // literal text (already escaped in wildcard form)
    KeyRef key;
    std::optional<std::string> default_value;
  };
  void appendValue(std::string& out, std::string_view value) const;

  std::string literal_;
  std::vector<Part> parts_;  // empty when there are no variables
  bool wildcard_form_ = false;
};

}  // namespace awsemu::iam
