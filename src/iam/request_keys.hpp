#pragma once
// Condition keys as the evaluator reads them: from the request's ContextKeys, else derived from
// the principal (aws:username, aws:userid, aws:PrincipalArn, aws:PrincipalAccount,
// aws:PrincipalType, aws:PrincipalTag/<key>) or the request (aws:ResourceAccount).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/iam/authorization_request.hpp"
#include "src/iam/glob.hpp"

namespace awsemu::iam {

enum class DerivedKey {
  None,
  Username,
  UserId,
  PrincipalArn,
  PrincipalAccount,
  PrincipalType,
  PrincipalTag,
  PrincipalServiceName,
  PrincipalIsAwsService,
  ResourceAccount,
};

// A key name compiled once: lower-cased for lookups, kept as written for reports.
struct KeyRef {
  std::string written;
  std::string lower;
  DerivedKey derived = DerivedKey::None;
  std::string tag_key;  // PrincipalTag: the part after "aws:PrincipalTag/" (as written)
};

KeyRef compileKey(std::string_view written);

// The values one key has in a request: a list from the context, one derived value, or none.
class KeyValues {
 public:
  static KeyValues none() { return {}; }
  static KeyValues list(const std::vector<std::string>& values) {
    KeyValues out;
    out.list_ = &values;
    return out;
  }
  static KeyValues single(std::string_view value) {
    KeyValues out;
    out.single_ = value;
    out.has_single_ = true;
    return out;
  }
  std::size_t size() const { return list_ ? list_->size() : (has_single_ ? 1 : 0); }
  std::string_view operator[](std::size_t i) const {
    return list_ ? std::string_view((*list_)[i]) : single_;
  }

 private:
  const std::vector<std::string>* list_ = nullptr;
  std::string_view single_;
  bool has_single_ = false;
};

// The request as one evaluation sees it; built once per decision.
struct RequestView {
  const AuthorizationRequest& request;
  const Principal& principal;
  ArnParts resource;

  RequestView(const AuthorizationRequest& request, const Principal& principal)
      : request(request), principal(principal), resource(ArnParts::split(request.resource)) {}
};

KeyValues lookupKey(const KeyRef& key, const RequestView& view);

}  // namespace awsemu::iam
