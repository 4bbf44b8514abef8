#pragma once
// The gateway's view of SigV4 (src/auth): authenticate on the header, decode aws-chunked bodies as
// they stream, finish verification once the payload hash is known.
#include <functional>
#include <memory>
#include <string_view>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/config/config.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/core/request_context.hpp"
#include "awsemu/core/time.hpp"
#include "awsemu/service/credential_registry.hpp"

namespace awsemu::gateway {

// Per-request authentication state.
class AuthSession {
 public:
  virtual ~AuthSession() = default;
  virtual const CallerIdentity& caller() const = 0;
  virtual const std::string& region() const = 0;  // from the credential scope ("" if unsigned)
  // True when the signature covers a payload hash only known after the body: the gateway then
  // passes sha256(body) to finish().
  virtual bool needsPayloadHash() const = 0;
  // aws-chunked bodies: the decoded payload goes to `sink`. Throws AwsError.
  virtual bool decodesBody() const = 0;
  virtual void feed(std::string_view raw, const std::function<void(std::string_view)>& sink) = 0;
  // Body complete: verifies chunk trailers/checksums, then (needsPayloadHash) the signature.
  virtual void finish(std::string_view payload_sha256_hex) = 0;
  // The checksum the client declared for the body (an x-amz-checksum-* header or the aws-chunked
  // trailer), verified once finish() returned; nullopt when it declared none.
  virtual std::optional<auth::ChecksumValue> declaredChecksum() const = 0;
  // Whether the client declares a checksum (known from the header: x-amz-checksum-* or
  // x-amz-trailer), so nobody computes a default one.
  virtual bool declaresChecksum() const = 0;
  // The operation does not checksum its request body (no httpChecksum trait: an
  // x-amz-checksum-* header of CompleteMultipartUpload is the whole object's, not the body's).
  virtual void ignoreHeaderChecksum() = 0;
};

class RequestAuthenticator {
 public:
  // `verify_s3_presigned`: S3 presigned URLs of unknown keys are checked with the secret "test"
  // (S3_SKIP_SIGNATURE_VALIDATION=0, LocalStack's default).
  RequestAuthenticator(const service::CredentialRegistry& credentials, config::SigV4Mode mode,
                       const Clock& clock = systemClock(), bool verify_s3_presigned = true);
  ~RequestAuthenticator();
  // Header stage. `s3_signing`: the service follows S3's SigV4 conventions and error codes
  // (RequestPolicy::s3_signing). Throws AwsError.
  // `anonymous_allowed`: an unsigned request stays anonymous even in strict mode (actions that
  // are unsigned by design, such as sts:AssumeRoleWithWebIdentity).
  std::unique_ptr<AuthSession> begin(const HttpRequest& head, bool s3_signing,
                                     bool anonymous_allowed = false);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace awsemu::gateway
