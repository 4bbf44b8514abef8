#include "awsemu/iam/policy.hpp"

#include "src/iam/compiled_policy.hpp"

namespace awsemu::iam {

Policy::Policy(PolicyDocument document, PolicyLabel label)
    : document_(std::move(document)),
      label_(std::move(label)),
      compiled_(std::make_unique<const CompiledPolicy>(compilePolicy(document_))) {}

Policy::~Policy() = default;

PolicyPtr Policy::parse(std::string_view text, PolicyKind kind, PolicyLabel label) {
  ParseOptions options;
  options.kind = kind;
  return parse(text, options, std::move(label));
}

PolicyPtr Policy::parse(std::string_view text, const ParseOptions& options, PolicyLabel label) {
  return compile(parsePolicyDocument(text, options), std::move(label));
}

PolicyPtr Policy::compile(PolicyDocument document, PolicyLabel label) {
  return PolicyPtr(new Policy(std::move(document), std::move(label)));
}

}  // namespace awsemu::iam
