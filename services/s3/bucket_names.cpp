#include "services/s3/bucket_names.hpp"

#include <array>

#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

bool isLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

// "192.168.5.4": four dot-separated groups of 1-3 digits. S3 refuses these because a virtual-host
// request for such a bucket would look like an IP address literal.
bool looksLikeIpAddress(std::string_view name) {
  int groups = 0;
  std::size_t digits = 0;
  for (char c : name) {
    if (isDigit(c)) {
      if (++digits > 3) return false;
    } else if (c == '.') {
      if (digits == 0) return false;
      ++groups;
      digits = 0;
    } else {
      return false;
    }
  }
  return digits > 0 && groups == 3;
}

// Reserved for other kinds of S3 names (access point and Object Lambda aliases, Multi-Region
// Access Points, directory buckets, table buckets) or for AWS's own use.
constexpr std::array<std::string_view, 3> kReservedPrefixes{"xn--", "sthree-", "amzn-s3-demo-"};
constexpr std::array<std::string_view, 5> kReservedSuffixes{"-s3alias", "--ol-s3", ".mrap",
                                                            "--x-s3", "--table-s3"};

}  // namespace

std::optional<std::string> bucketNameProblem(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return "must be between 3 and 63 characters long";
  for (char c : name)
    if (!isLowerAlnum(c) && c != '.' && c != '-')
      return "may contain only lowercase letters, numbers, dots and hyphens";
  if (!isLowerAlnum(name.front()) || !isLowerAlnum(name.back()))
    return "must begin and end with a letter or number";
  if (name.find("..") != std::string_view::npos) return "must not contain two adjacent periods";
  if (looksLikeIpAddress(name)) return "must not be formatted as an IP address";
  for (auto prefix : kReservedPrefixes)
    if (name.starts_with(prefix)) return "must not start with " + std::string(prefix);
  for (auto suffix : kReservedSuffixes)
    if (name.ends_with(suffix)) return "must not end with " + std::string(suffix);
  return std::nullopt;
}

void validateBucketName(std::string_view name) {
  if (bucketNameProblem(name)) throw errors::invalidBucketName(name);
}

void validateObjectKey(std::string_view key) {
  if (key.size() > kMaxKeyBytes) throw errors::keyTooLong(key.size());
}

}  // namespace awsemu::s3
