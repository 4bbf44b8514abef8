#pragma once
// The evaluator's form of a policy: everything that can be decided once per policy is decided
// at compile time (lower-cased actions classified as any/exact/prefix/wildcard, resource and
// condition templates, condition operators, principal entries sorted by kind).
#include <cstdint>
#include <string>
#include <vector>

#include "awsemu/iam/authorization_request.hpp"
#include "awsemu/iam/policy_document.hpp"
#include "src/iam/conditions.hpp"

namespace awsemu::iam {

struct ActionPattern {
  enum class Kind : std::uint8_t { Any, Exact, Prefix, Wildcard };
  Kind kind = Kind::Exact;
  std::string text;  // lower case; for Prefix without the trailing '*'

  bool matches(std::string_view action) const;
};

struct ResourcePattern {
  bool any = false;  // "*"
  ValueTemplate text;
};

// How directly a resource policy's statement names the caller; decides whether its Allow
// stands on its own (evaluator.hpp).
enum class Grant : std::uint8_t {
  None,
  Account,  // the caller's account (id or root ARN): the identity side must allow too
  Capped,   // the role behind a session, the user behind a federated session
  Direct,   // the caller itself, "*", its service or provider
};

struct CompiledPrincipal {
  bool wildcard = false;
  std::vector<std::string> accounts;    // 12-digit ids (root ARNs reduced to their account)
  std::vector<std::string> arns;        // user, role, session, federated-user ARNs
  std::vector<std::string> unique_ids;  // "AIDA…"/"AROA…": deleted users and roles
  std::vector<std::string> services;    // lower case
  std::vector<std::string> federated;
  std::vector<std::string> canonical_users;

  Grant grantFor(const Principal& principal) const;
  // NotPrincipal: whether the caller is among those excluded (AWS requires every facet of a
  // principal to be listed: a user and its account; a session, its role and its account).
  bool excludes(const Principal& principal) const;
};

struct CompiledStatement {
  Effect effect = Effect::Allow;
  bool not_action = false;
  std::vector<ActionPattern> actions;
  bool has_resource = false;
  bool not_resource = false;
  std::vector<ResourcePattern> resources;
  bool has_principal = false;
  bool not_principal = false;
  CompiledPrincipal principal;
  std::vector<CompiledCondition> conditions;

  bool actionMatches(std::string_view action) const;
};

struct CompiledPolicy {
  std::vector<CompiledStatement> statements;
};

CompiledPolicy compilePolicy(const PolicyDocument& document);

}  // namespace awsemu::iam
