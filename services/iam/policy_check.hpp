#pragma once
// Policy documents IAM stores are checked against the policy grammar of the shared engine
// (awsemu/iam/policy_document.hpp) and IAM's size quotas before they are stored.
#include <functional>
#include <string>
#include <string_view>

#include "services/iam/iam_types.hpp"

namespace awsemu::iam_service {

enum class DocumentKind { Identity, Trust, Session };

// MalformedPolicyDocument with AWS's message when the document breaks the grammar. For trust
// policies, `principal_exists` tells whether a user or role ARN named as principal exists.
void checkPolicyDocument(const std::string& document, DocumentKind kind,
                         const std::function<bool(std::string_view)>& principal_exists = {});

// Quotas (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), counted
// without whitespace: LimitExceeded with IAM's message.
void checkManagedPolicySize(const std::string& document);
void checkTrustPolicySize(const std::string& document);
// The sum of a holder's inline policies once `name` is (re)placed with `document`.
// kind: "user", "group" or "role".
void checkInlinePolicySize(const InlinePolicies& policies, const std::string& name,
                           const std::string& document, const std::string& kind,
                           const std::string& holder);

}  // namespace awsemu::iam_service
