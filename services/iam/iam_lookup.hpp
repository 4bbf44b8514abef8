#pragma once
// Finding entities of an account by name or ARN, with IAM's NoSuchEntity answers; the AWS
// managed policies; attachment counts. Callers hold the state's lock.
#include <map>
#include <string>

#include "services/iam/iam_state.hpp"

namespace awsemu::iam_service {

User& userNamed(Account& account, const std::string& name);
Group& groupNamed(Account& account, const std::string& name);
Role& roleNamed(Account& account, const std::string& name);
InstanceProfile& instanceProfileNamed(Account& account, const std::string& name);

// The AWS managed policies (services/iam/aws_managed_policies.json), keyed by ARN; loaded once.
const std::map<std::string, ManagedPolicy>& awsManagedPolicies();
bool isAwsManagedArn(const std::string& arn);

// A customer managed policy of the account by ARN, or nullptr.
ManagedPolicy* findLocalPolicy(Account& account, const std::string& arn);
// A customer or AWS managed policy by ARN; NoSuchEntity when there is none. `arn` must be an ARN
// (the model checks its length; a malformed one is InvalidInput, as IAM answers).
const ManagedPolicy& findPolicy(Account& account, const std::string& arn);

// How many users, groups and roles of the account have the policy attached.
int attachmentCount(const Account& account, const std::string& policy_arn);
// How many users and roles of the account have it as permissions boundary.
int boundaryUsageCount(const Account& account, const std::string& policy_arn);

// Whether a user or role ARN a trust policy names exists. Accounts awsemu has no IAM state for
// cannot be asked, so their principals are taken to exist.
bool principalExists(std::map<std::string, Account>& accounts, std::string_view arn);

// The ARN of an IAM entity: arn:aws:iam::<account>:<type>/<path-without-leading-slash><name>.
std::string entityArn(const std::string& account_id, const std::string& type,
                      const std::string& path, const std::string& name);

}  // namespace awsemu::iam_service
