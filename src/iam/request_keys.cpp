#include "src/iam/request_keys.hpp"

#include "awsemu/core/strings.hpp"

namespace awsemu::iam {
namespace {

constexpr std::string_view kPrincipalTagPrefix = "aws:principaltag/";

std::string_view principalTypeName(PrincipalType type) {
  switch (type) {
    case PrincipalType::Root:
      return "Account";
    case PrincipalType::User:
      return "User";
    case PrincipalType::AssumedRole:
      return "AssumedRole";
    case PrincipalType::FederatedUser:
      return "FederatedUser";
    case PrincipalType::Anonymous:
      return "Anonymous";
    default:
      return {};
  }
}

KeyValues derivedValue(const KeyRef& key, const RequestView& view) {
  const Principal& p = view.principal;
  auto nonEmpty = [](std::string_view value) {
    return value.empty() ? KeyValues::none() : KeyValues::single(value);
  };
  switch (key.derived) {
    case DerivedKey::None:
      return KeyValues::none();
    case DerivedKey::Username:
      return p.type == PrincipalType::User ? nonEmpty(p.username) : KeyValues::none();
    case DerivedKey::UserId:
      return nonEmpty(p.user_id);
    case DerivedKey::PrincipalArn:
      // For role sessions aws:PrincipalArn is the role's ARN, not the session's.
      return nonEmpty(p.type == PrincipalType::AssumedRole && !p.role_arn.empty() ? p.role_arn
                                                                                  : p.arn);
    case DerivedKey::PrincipalAccount:
      return nonEmpty(p.account_id);
    case DerivedKey::PrincipalType:
      return nonEmpty(principalTypeName(p.type));
    case DerivedKey::PrincipalServiceName:
      return p.type == PrincipalType::Service ? nonEmpty(p.service) : KeyValues::none();
    case DerivedKey::PrincipalIsAwsService:
      return KeyValues::single(p.type == PrincipalType::Service ? "true" : "false");
    case DerivedKey::ResourceAccount:
      return nonEmpty(view.request.resource_account.empty() ? std::string_view(p.account_id)
                                                            : view.request.resource_account);
    case DerivedKey::PrincipalTag:
      for (const auto& [tag, value] : p.tags) {
        if (strings::iequals(tag, key.tag_key)) return KeyValues::single(value);
      }
      return KeyValues::none();
  }
  return KeyValues::none();
}

}  // namespace

KeyRef compileKey(std::string_view written) {
  KeyRef key;
  key.written = std::string(written);
  key.lower = strings::toLower(written);
  static const std::pair<std::string_view, DerivedKey> kDerived[] = {
      {"aws:username", DerivedKey::Username},
      {"aws:userid", DerivedKey::UserId},
      {"aws:principalarn", DerivedKey::PrincipalArn},
      {"aws:principalaccount", DerivedKey::PrincipalAccount},
      {"aws:principaltype", DerivedKey::PrincipalType},
      {"aws:principalservicename", DerivedKey::PrincipalServiceName},
      {"aws:principalisawsservice", DerivedKey::PrincipalIsAwsService},
      {"aws:resourceaccount", DerivedKey::ResourceAccount},
  };
  for (const auto& [name, derived] : kDerived) {
    if (key.lower == name) key.derived = derived;
  }
  if (key.lower.starts_with(kPrincipalTagPrefix)) {
    key.derived = DerivedKey::PrincipalTag;
    key.tag_key = std::string(written.substr(kPrincipalTagPrefix.size()));
  }
  return key;
}

KeyValues lookupKey(const KeyRef& key, const RequestView& view) {
  if (const ContextKeys* context = view.request.context) {
    for (const auto& entry : context->entries()) {
      if (entry.key == key.lower) return KeyValues::list(entry.values);
    }
  }
  return derivedValue(key, view);
}

}  // namespace awsemu::iam
