#pragma once
// Identifiers S3 hands out: object version ids and multipart upload ids.
#include <string>
#include <string_view>

namespace awsemu::s3 {

// The version id of objects written while versioning was off or suspended, and of delete markers
// made while it is suspended
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/versioning-workflows.html).
inline constexpr std::string_view kNullVersionId = "null";

// A fresh version id: 32 random URL-safe characters (letters, digits, '.', '_'), the form S3 uses
// today ("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrH"). Unique with overwhelming probability.
std::string newVersionId();
// Whether `text` could be a version id (ours or "null"): anything else is answered with
// InvalidArgument rather than NoSuchVersion, as S3 does for malformed ids.
bool isWellFormedVersionId(std::string_view text);

// A fresh multipart upload id: 64 random base64url characters.
std::string newUploadId();

}  // namespace awsemu::s3
