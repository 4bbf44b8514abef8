#pragma once
// Identifier generation: request ids, AWS-style access key ids and unique ids, secrets.
#include <string>

namespace awsemu::ids {

std::string uuid4();  // "8f5e2b1c-...": request ids, message ids
std::string randomAlnum(std::size_t length, bool upper_only = false);
// AWS-style identifiers: a 4-letter prefix + 16 upper-case base32 characters, e.g. "ASIA...",
// "AKIA...", "AROA..."
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids)
std::string awsId(std::string_view prefix);
std::string secretKey();     // 40 characters, base64 alphabet
std::string sessionToken();  // long opaque token
std::string s3HostId();      // x-amz-id-2 style

}  // namespace awsemu::ids
