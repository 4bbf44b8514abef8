#pragma once
// How IAM renders its entities in answers, pagination, tags, and checks shared by the handlers.
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/iam/iam_state.hpp"

namespace awsemu::iam_service {

// Policy documents travel URL-encoded in IAM's answers (boto3 decodes them).
std::string encodeDocument(const std::string& document);

// `full`: GetUser/GetRole also show tags, boundary and last-used; the List* calls do not.
Json userJson(const User& user, bool full);
Json groupJson(const Group& group);
Json roleJson(const Role& role, bool full);
// attachment_count: AttachmentCount; boundary_count: PermissionsBoundaryUsageCount.
Json policyJson(const ManagedPolicy& policy, int attachment_count, bool full,
                int boundary_count = 0);
Json versionJson(const PolicyVersion& version, bool is_default, bool with_document);
Json instanceProfileJson(const Account& account, const InstanceProfile& profile);
Json tagsJson(const Tags& tags);
Json attachedJson(const std::vector<std::string>& arns);  // AttachedPolicies members

// Marker/MaxItems paging (default 100 items): fills `member`, IsTruncated and Marker.
Json paginate(std::vector<Json> items, const Json& input, const char* member);

// A path prefix filter: PathPrefix (default "/") starts `path`.
bool pathMatches(const Json& input, const std::string& path);

// Tag checks and updates (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html):
// at most 50 tags per resource, no duplicate keys in a request, keys ignore case.
Tags tagsFrom(const Json& input);  // the request's Tags member, checked
void mergeTags(Tags& tags, const Tags& added);
void removeTags(Tags& tags, const Json& keys);

// The notAfter of a PEM X.509 certificate (epoch seconds); MalformedCertificate otherwise.
double certificateExpiration(const std::string& pem);

}  // namespace awsemu::iam_service
