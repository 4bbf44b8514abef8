#include "src/gateway/body_digests.hpp"

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"

namespace awsemu::gateway {

BodyDigests::BodyDigests(bool client_declared_checksum) : md5_(EVP_MD_CTX_new()) {
  if (!md5_ || EVP_DigestInit_ex(md5_, EVP_md5(), nullptr) != 1)
    throw errors::internalFailure("MD5 initialisation failed");
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html: S3
  // computes a CRC64NVME for uploads that carry no checksum of their own.
  if (!client_declared_checksum) default_checksum_.emplace(auth::ChecksumAlgorithm::CRC64NVME);
}

BodyDigests::~BodyDigests() { EVP_MD_CTX_free(md5_); }

void BodyDigests::update(std::string_view bytes) {
  EVP_DigestUpdate(md5_, bytes.data(), bytes.size());
  if (default_checksum_) default_checksum_->update(bytes);
}

void BodyDigests::finish(RequestBody& body, const std::optional<auth::ChecksumValue>& verified,
                         const std::string* content_md5) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(md5_, digest, &length);
  body.md5.assign(reinterpret_cast<const char*>(digest), length);
  if (verified) {
    body.checksum_algorithm = std::string(auth::checksumName(verified->algorithm));
    body.checksum = verified->value;
  } else if (default_checksum_) {
    body.checksum_algorithm = std::string(auth::checksumName(default_checksum_->algorithm()));
    body.checksum = default_checksum_->base64();
  }
  if (!content_md5) return;
  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
  auto declared = encoding::base64Decode(*content_md5);
  if (!declared || declared->size() != 16)
    throw AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", 400);
  if (*declared != body.md5)
    throw AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.",
                   400);
}

}  // namespace awsemu::gateway
