#pragma once
// A compiled policy: parsed and validated once, then evaluated any number of times, from any
// number of threads at once (it is immutable; evaluation keeps its scratch space per thread).
// Action patterns are lower-cased, resource patterns split into ARN segments, condition
// operators resolved and their values pre-parsed (numbers, dates, CIDR blocks) at compile time.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "awsemu/iam/policy_document.hpp"

namespace awsemu::iam {

struct CompiledPolicy;  // src/iam/compiled_policy.hpp

// How evaluation results name a policy (SimulatePrincipalPolicy's SourcePolicyId and
// SourcePolicyType: "user", "group", "role", "aws-managed", "user-managed", "resource", "none").
struct PolicyLabel {
  std::string id;
  std::string type;
};

class Policy;
using PolicyPtr = std::shared_ptr<const Policy>;

class Policy {
 public:
  // Parses, validates for `kind` and compiles; throws PolicyError with AWS's message.
  static PolicyPtr parse(std::string_view text, PolicyKind kind, PolicyLabel label = {});
  static PolicyPtr parse(std::string_view text, const ParseOptions& options,
                         PolicyLabel label = {});
  // Compiles an already-parsed document.
  static PolicyPtr compile(PolicyDocument document, PolicyLabel label = {});

  const PolicyLabel& label() const { return label_; }
  const PolicyDocument& document() const { return document_; }
  std::size_t statementCount() const { return document_.statements.size(); }
  const CompiledPolicy& compiled() const { return *compiled_; }

  ~Policy();
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

 private:
  Policy(PolicyDocument document, PolicyLabel label);
  PolicyDocument document_;
  PolicyLabel label_;
  std::unique_ptr<const CompiledPolicy> compiled_;
};

}  // namespace awsemu::iam
