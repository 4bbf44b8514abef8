#include "services/s3/sse_customer.hpp"

#include "awsemu/core/encoding.hpp"
#include "services/s3/object_digest.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3::ssec {
namespace {

constexpr std::string_view kAlgorithm = "AES256";
constexpr std::size_t kKeyBytes = 32;  // AES-256
// S3 names this header in every SSE-C argument error, whichever header was wrong.
constexpr std::string_view kArgumentName = "x-amz-server-side-encryption";

struct Members {
  const char* algorithm;
  const char* key;
  const char* key_md5;
};

Members membersOf(Role role) {
  if (role == Role::CopySource)
    return {"CopySourceSSECustomerAlgorithm", "CopySourceSSECustomerKey",
            "CopySourceSSECustomerKeyMD5"};
  return {"SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5"};
}

std::optional<std::string> text(const Json& input, const char* member) {
  auto it = input.find(member);
  if (it == input.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

AwsError invalidArgument(std::string message, std::string_view value = {}) {
  return errors::invalidArgument(std::move(message), kArgumentName, value);
}

AwsError invalidAlgorithm(std::string_view algorithm) {
  AwsError error{"InvalidEncryptionAlgorithmError",
                 "The Encryption request you specified is not valid. Supported value: AES256.",
                 400};
  error.with("ArgumentName", std::string(kArgumentName))
      .with("ArgumentValue", std::string(algorithm));
  return error;
}

AwsError encryptedObject() {
  return errors::invalidRequest(
      "The object was stored using a form of Server Side Encryption. The correct parameters must "
      "be provided to retrieve the object.");
}

std::string storedMd5(const ObjectAttributes& stored) {
  return stored.sse.is_object() ? stored.sse.value("SSECustomerKeyMD5", std::string())
                                : std::string();
}

}  // namespace

std::optional<CustomerKey> fromRequest(const Json& input, Role role) {
  const Members members = membersOf(role);
  const auto algorithm = text(input, members.algorithm);
  const auto key = text(input, members.key);
  const auto key_md5 = text(input, members.key_md5);
  if (!algorithm && !key && !key_md5) return std::nullopt;
  const std::string prefix =
      "Requests specifying Server Side Encryption with Customer provided keys ";
  if (!algorithm) throw invalidArgument(prefix + "must provide a valid encryption algorithm.");
  if (!key) throw invalidArgument(prefix + "must provide an appropriate secret key.");
  if (*algorithm != kAlgorithm) throw invalidAlgorithm(*algorithm);
  const auto raw = encoding::base64Decode(*key);
  if (!raw || raw->size() != kKeyBytes)
    throw invalidArgument("The secret key was invalid for the specified algorithm.");
  if (!key_md5)
    throw invalidArgument(prefix + "must provide the client calculated MD5 of the secret key.");
  if (encoding::base64Encode(md5(*raw)) != *key_md5)
    throw invalidArgument(
        "The calculated MD5 hash of the key did not match the hash that was "
        "provided.");
  return CustomerKey{*algorithm, *key_md5};
}

Json forWrite(const Json& input) {
  const auto key = fromRequest(input, Role::Object);
  if (!key) return Json::object();
  if (const auto sse = text(input, "ServerSideEncryption"))
    throw invalidArgument(
        "Server Side Encryption with Customer provided key is incompatible with the encryption "
        "method specified",
        *sse);
  return {{"SSECustomerAlgorithm", key->algorithm}, {"SSECustomerKeyMD5", key->key_md5}};
}

void checkAllowed(const Json& sse, const std::optional<Json>& encryption) {
  if (!encryption || !sse.is_object() || !sse.contains("SSECustomerKeyMD5")) return;
  for (const auto& rule : encryption->value("Rules", Json::array())) {
    const Json blocked = rule.value("BlockedEncryptionTypes", Json::object());
    for (const auto& type : blocked.value("EncryptionType", Json::array()))
      if (type == "SSE-C") throw errors::accessDenied();
  }
}

bool isCustomerEncrypted(const ObjectAttributes& stored) { return !storedMd5(stored).empty(); }

void checkRead(const ObjectAttributes& stored, const std::optional<CustomerKey>& key) {
  const std::string expected = storedMd5(stored);
  if (expected.empty()) {
    if (key)
      throw errors::invalidRequest("The encryption parameters are not applicable to this object.");
    return;
  }
  if (!key) throw encryptedObject();
  if (key->key_md5 != expected) throw errors::accessDenied();
}

void checkPart(const ObjectAttributes& upload, const std::optional<CustomerKey>& key) {
  const std::string expected = storedMd5(upload);
  if (expected.empty()) {
    if (key)
      throw errors::invalidRequest(
          "The provided encryption parameters did not match the ones used originally.");
    return;
  }
  if (!key)
    throw errors::invalidRequest(
        "The multipart upload initiate requested encryption. Subsequent part requests must "
        "include the appropriate encryption parameters.");
  if (key->key_md5 != expected)
    throw errors::invalidRequest(
        "The provided encryption parameters did not match the ones used originally.");
}

void checkUploadRequest(const ObjectAttributes& upload, const std::optional<CustomerKey>& key,
                        bool key_required) {
  if (!key && !(key_required && isCustomerEncrypted(upload))) return;
  checkPart(upload, key);
}

}  // namespace awsemu::s3::ssec
