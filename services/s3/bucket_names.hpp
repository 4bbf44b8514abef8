#pragma once
// Names of general purpose buckets and object keys: what S3 accepts.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace awsemu::s3 {

// Why `name` is not a valid bucket name (for logs and tests); nullopt when it is valid.
std::optional<std::string> bucketNameProblem(std::string_view name);
inline bool isValidBucketName(std::string_view name) { return !bucketNameProblem(name); }
// Throws InvalidBucketName (400) for an invalid name.
void validateBucketName(std::string_view name);

// Object keys are at most 1024 bytes of UTF-8.
constexpr std::size_t kMaxKeyBytes = 1024;
// Throws KeyTooLongError for a key over 1024 bytes.
void validateObjectKey(std::string_view key);

}  // namespace awsemu::s3
