#pragma once
// The digests a body-storing service (S3) needs of a request body, computed as the decoded bytes
// stream past: MD5 (ETags, Content-MD5) and, when the client declared no checksum, the CRC64NVME
// S3 computes and stores for every upload. The declared checksum itself is verified by the
// authentication stage (header or aws-chunked trailer); its value is taken from there.
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string_view>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/core/http.hpp"

namespace awsemu::gateway {

class BodyDigests {
 public:
  // `declared`: the client's checksum algorithm (x-amz-checksum-* header or x-amz-trailer), if any.
  explicit BodyDigests(bool client_declared_checksum);
  ~BodyDigests();
  BodyDigests(const BodyDigests&) = delete;
  BodyDigests& operator=(const BodyDigests&) = delete;

  void update(std::string_view bytes);
  // Fills body.md5 and, with `verified` (the client's checksum, already checked) or the computed
  // CRC64NVME, body.checksum_algorithm / body.checksum. Then checks a Content-MD5 header:
  // InvalidDigest when it is not a base64 MD5, BadDigest when it differs (S3's codes).
  void finish(RequestBody& body, const std::optional<auth::ChecksumValue>& verified,
              const std::string* content_md5);

 private:
  EVP_MD_CTX* md5_;
  std::optional<auth::ChecksumCalculator> default_checksum_;
};

}  // namespace awsemu::gateway
