#include "services/s3/listing_output.hpp"

#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_owner.hpp"

namespace awsemu::s3::listing_output {
namespace {

// Kept as they are under encoding-type=url: RFC 3986 unreserved characters, the path separator
// and the sub-delimiters S3 leaves alone in keys ("a=b:c/d" stays as it is; measured on S3).
bool keptByUrlEncoding(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
    case '/':
    case '=':
    case ':':
    case ',':
    case '!':
    case '*':
    case '\'':
    case '(':
    case ')':
    case '@':
    case '$':
    case ';':
      return true;
    default:
      return false;
  }
}

}  // namespace

Json owner(std::string_view account) {
  return {{"ID", canonicalUserId(account)}, {"DisplayName", displayName(account)}};
}

double seconds(std::int64_t epoch_ms) { return static_cast<double>(epoch_ms) / 1000.0; }

std::string urlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (keptByUrlEncoding(c)) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::optional<std::string> encodingType(const Json& input) {
  auto it = input.find("EncodingType");
  if (it == input.end() || !it->is_string()) return std::nullopt;
  const auto value = it->get<std::string>();
  if (value != "url")
    throw errors::invalidArgument("Invalid Encoding Method specified in Request", "encoding-type",
                                  value);
  return value;
}

std::string encoded(const std::optional<std::string>& encoding, std::string_view text) {
  return encoding ? urlEncode(text) : std::string(text);
}

std::int64_t limitArgument(const Json& input, const char* member, std::string_view argument,
                           std::int64_t fallback) {
  auto it = input.find(member);
  if (it == input.end() || !it->is_number_integer()) return fallback;
  const auto value = it->get<std::int64_t>();
  if (value < 0 || value > 2147483647)
    throw errors::invalidArgument(
        "Argument " + std::string(argument) + " must be an integer between 0 and 2147483647",
        argument, std::to_string(value));
  return value;
}

std::optional<std::string> checksumAlgorithm(const Json& checksum) {
  auto it = checksum.find("algorithm");
  if (it == checksum.end() || !it->is_string() || it->get<std::string>().empty())
    return std::nullopt;
  return it->get<std::string>();
}

std::optional<std::string> checksumType(const Json& checksum) {
  if (!checksumAlgorithm(checksum)) return std::nullopt;
  auto it = checksum.find("type");
  if (it != checksum.end() && it->is_string() && !it->get<std::string>().empty())
    return it->get<std::string>();
  return checksum.value("algorithm", "") == "CRC64NVME" ? "FULL_OBJECT" : "COMPOSITE";
}

Json objectEntry(const ObjectVersion& object, const std::optional<std::string>& encoding,
                 bool with_owner) {
  Json entry = {{"Key", encoded(encoding, object.key)},
                {"LastModified", seconds(object.last_modified_ms)},
                {"ETag", object.etag},
                {"Size", object.size},
                {"StorageClass", object.attributes.storage_class}};
  if (auto algorithm = checksumAlgorithm(object.attributes.checksum)) {
    entry["ChecksumAlgorithm"] = Json::array({*algorithm});
    entry["ChecksumType"] = *checksumType(object.attributes.checksum);
  }
  if (with_owner) entry["Owner"] = owner(object.attributes.owner);
  return entry;
}

Json versionEntry(const ObjectVersion& object, const std::optional<std::string>& encoding) {
  Json entry = {{"Key", encoded(encoding, object.key)},
                {"VersionId", object.version_id},
                {"IsLatest", object.is_latest},
                {"LastModified", seconds(object.last_modified_ms)},
                {"Owner", owner(object.attributes.owner)}};
  if (object.is_delete_marker) return entry;
  entry["ETag"] = object.etag;
  entry["Size"] = object.size;
  entry["StorageClass"] = object.attributes.storage_class;
  if (auto algorithm = checksumAlgorithm(object.attributes.checksum)) {
    entry["ChecksumAlgorithm"] = Json::array({*algorithm});
    entry["ChecksumType"] = *checksumType(object.attributes.checksum);
  }
  return entry;
}

Json commonPrefixes(const std::vector<std::string>& prefixes,
                    const std::optional<std::string>& encoding) {
  Json list = Json::array();
  for (const auto& prefix : prefixes) list.push_back({{"Prefix", encoded(encoding, prefix)}});
  return list;
}

}  // namespace awsemu::s3::listing_output
