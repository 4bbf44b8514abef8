#include "awsemu/iam/authorization_request.hpp"

#include <algorithm>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/strings.hpp"

namespace awsemu::iam {

Principal Principal::root(std::string account_id) {
  Principal p;
  p.type = PrincipalType::Root;
  p.arn = "arn:aws:iam::" + account_id + ":root";
  p.user_id = account_id;
  p.account_id = std::move(account_id);
  return p;
}

Principal Principal::anonymous() {
  Principal p;
  p.type = PrincipalType::Anonymous;
  p.arn = "*";
  p.user_id = "anonymous";
  return p;
}

Principal Principal::user(std::string account_id, std::string name, std::string user_id,
                          std::string path) {
  Principal p;
  p.type = PrincipalType::User;
  p.arn = "arn:aws:iam::" + account_id + ":user" + path + name;
  p.account_id = std::move(account_id);
  p.username = std::move(name);
  p.user_id = std::move(user_id);
  return p;
}

Principal Principal::assumedRole(std::string account_id, std::string role_name,
                                 std::string session_name, std::string role_id,
                                 std::string role_path) {
  Principal p;
  p.type = PrincipalType::AssumedRole;
  p.arn = "arn:aws:sts::" + account_id + ":assumed-role/" + role_name + "/" + session_name;
  p.role_arn = "arn:aws:iam::" + account_id + ":role" + role_path + role_name;
  p.user_id = role_id + ":" + session_name;
  p.account_id = std::move(account_id);
  return p;
}

Principal Principal::federatedUser(std::string account_id, std::string name,
                                   std::string source_user_arn) {
  Principal p;
  p.type = PrincipalType::FederatedUser;
  p.arn = "arn:aws:sts::" + account_id + ":federated-user/" + name;
  p.user_id = account_id + ":" + name;
  p.source_user_arn = std::move(source_user_arn);
  p.account_id = std::move(account_id);
  return p;
}

Principal Principal::servicePrincipal(std::string service) {
  Principal p;
  p.type = PrincipalType::Service;
  p.arn = service;
  p.service = std::move(service);
  return p;
}

std::optional<Principal> Principal::fromArn(std::string_view text, std::string user_id) {
  auto arn = Arn::parse(text);
  if (!arn) return std::nullopt;
  const std::string& resource = arn->resource;
  std::optional<Principal> out;
  if (arn->service == "iam" && resource == "root") {
    out = root(arn->account_id);
  } else if (arn->service == "iam" && resource.starts_with("user/")) {
    std::size_t last = resource.rfind('/');
    out = user(arn->account_id, resource.substr(last + 1), user_id,
               resource.substr(4, last - 4 + 1));  // "/path/" between "user" and the name
  } else if (arn->service == "sts" && resource.starts_with("assumed-role/")) {
    std::string_view rest = std::string_view(resource).substr(13);
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    std::string session(rest.substr(slash + 1));
    std::string role_id = user_id.substr(0, user_id.find(':'));
    out = assumedRole(arn->account_id, std::string(rest.substr(0, slash)), session, role_id);
  } else if (arn->service == "sts" && resource.starts_with("federated-user/")) {
    out = federatedUser(arn->account_id, resource.substr(15), "");
  } else {
    return std::nullopt;
  }
  if (!user_id.empty()) out->user_id = std::move(user_id);
  return out;
}

void ContextKeys::set(std::string_view key, std::string value) {
  set(key, std::vector<std::string>{std::move(value)});
}

void ContextKeys::set(std::string_view key, std::vector<std::string> values) {
  std::string lower = strings::toLower(key);
  for (auto& entry : entries_) {
    if (entry.key == lower) {
      entry.values = std::move(values);
      return;
    }
  }
  entries_.push_back(Entry{std::move(lower), std::move(values)});
}

void ContextKeys::add(std::string_view key, std::string value) {
  std::string lower = strings::toLower(key);
  for (auto& entry : entries_) {
    if (entry.key == lower) {
      entry.values.push_back(std::move(value));
      return;
    }
  }
  entries_.push_back(Entry{std::move(lower), {std::move(value)}});
}

void ContextKeys::erase(std::string_view key) {
  std::erase_if(entries_, [&](const Entry& entry) { return strings::iequals(entry.key, key); });
}

const std::vector<std::string>* ContextKeys::find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (strings::iequals(entry.key, key)) return &entry.values;
  }
  return nullptr;
}

}  // namespace awsemu::iam
