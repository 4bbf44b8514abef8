#pragma once
// SigV4 verification: resolves the caller of a parsed signature through the credential store and
// checks the signature, the request time and the declared payload hash.
//
// Gateway flow:
//   SignatureInfo sig = parseSignature(request, flavour_hint);       // headers known
//   Caller caller = verifier.authenticate(request, sig);              // throws AwsError
//   if (sig.streaming())   -> AwsChunkedDecoder::forRequest(request, sig, caller, sink)
//   else if (caller.body_hash_required)
//     verifier.verifyPayload(request, sig, caller, hex(sha256(body)));  // after reading the body
#include <chrono>
#include <string>
#include <string_view>

#include "awsemu/auth/credentials.hpp"
#include "awsemu/auth/signature.hpp"
#include "awsemu/auth/signing_key_cache.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::auth {

class SigV4Verifier {
 public:
  // AWS accepts request times within 15 minutes of its clock.
  static constexpr int kMaxSkewSeconds = 15 * 60;
  static constexpr std::int64_t kMaxPresignedExpires = 604800;  // seven days

  SigV4Verifier(const CredentialStore& store, VerifyMode mode = VerifyMode::Known,
                const Clock& clock = systemClock());

  VerifyMode mode() const { return mode_; }
  // S3 presigned URLs signed with a key awsemu does not know are verified with this secret (the
  // LocalStack convention: "test", the secret of the default credentials), so a tampered or
  // expired URL fails as on AWS. Empty (S3_SKIP_SIGNATURE_VALIDATION=1): such URLs are not
  // verified, like any request of an unknown key in known mode.
  void setPresignedFallbackSecret(std::string secret) { presigned_secret_ = std::move(secret); }

  // Resolves the caller and, when the payload hash is known without the body (declared hash,
  // UNSIGNED-PAYLOAD, STREAMING-*), verifies the signature at once. Sets caller.body_hash_required
  // when verifyPayload must follow once the body is read. Throws AwsError.
  Caller authenticate(const HttpRequest& request, const SignatureInfo& signature) const;

  // After the body is read: verifies the signature with sha256(body) (BodyHash) or compares the
  // declared x-amz-content-sha256 with it (XAmzContentSHA256Mismatch). Throws AwsError.
  void verifyPayload(const HttpRequest& request, const SignatureInfo& signature, Caller& caller,
                     std::string_view body_sha256_hex) const;

  // The caller a signature names, without any check (store lookup or the account root).
  Caller resolve(const SignatureInfo& signature) const;

  // The canonical request the verifier computes for `payload_hash` (diagnostics and tests).
  std::string canonicalRequestFor(const HttpRequest& request, const SignatureInfo& signature,
                                  std::string_view payload_hash) const;

  const SigningKeyCache& signingKeys() const { return keys_; }

 private:
  void checkTime(const SignatureInfo& signature) const;
  static void checkAmzHeadersSigned(const HttpRequest& request, const SignatureInfo& signature);
  void verifySigV2(const HttpRequest& request, const SignatureInfo& signature,
                   const Credential* credential) const;
  void checkCredential(const SignatureInfo& signature, const Credential& credential) const;
  bool signatureMatches(const HttpRequest& request, const SignatureInfo& signature,
                        const Caller& caller, std::string_view payload_hash,
                        std::string* canonical_out = nullptr,
                        std::string* to_sign_out = nullptr) const;
  void verifySignature(const HttpRequest& request, const SignatureInfo& signature, Caller& caller,
                       std::string_view payload_hash) const;
  std::string_view knownPayloadHash(const SignatureInfo& signature) const;

  const CredentialStore& store_;
  VerifyMode mode_;
  std::string presigned_secret_ = "test";
  const Clock& clock_;
  mutable SigningKeyCache keys_;
};

}  // namespace awsemu::auth
