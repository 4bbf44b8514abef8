#include "awsemu/auth/sigv4_verifier.hpp"

#include <strings.h>

#include <cmath>

#include "awsemu/auth/auth_errors.hpp"
#include "awsemu/auth/canonical_request.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "src/auth/sha256.hpp"
#include "src/auth/sigv2_signature.hpp"

namespace awsemu::auth {
namespace {

Caller callerFor(const SignatureInfo& signature, const std::optional<Credential>& credential) {
  if (signature.anonymous()) {
    Caller caller;
    caller.anonymous = true;
    return caller;
  }
  Caller caller;
  if (credential) {
    caller.access_key_id = credential->access_key_id;
    caller.account_id = credential->account_id.empty()
                            ? accountForAccessKey(signature.access_key_id)
                            : credential->account_id;
    caller.arn =
        credential->arn.empty() ? "arn:aws:iam::" + caller.account_id + ":root" : credential->arn;
    caller.user_id = credential->user_id.empty() ? caller.account_id : credential->user_id;
    caller.known_key = true;
  } else {
    caller = rootCaller(signature.access_key_id, accountForAccessKey(signature.access_key_id));
  }
  caller.region = signature.region;
  caller.service = signature.service;
  caller.session_token = signature.security_token;
  return caller;
}

// A request without a body (no Content-Length or 0, no Transfer-Encoding) hashes the empty string,
// so most GET/HEAD/DELETE requests verify before their (empty) body is read.
bool hasNoBody(const HttpRequest& request) {
  if (request.header("transfer-encoding")) return false;
  const std::string* length = request.header("content-length");
  return !length || *length == "0";
}

}  // namespace

SigV4Verifier::SigV4Verifier(const CredentialStore& store, VerifyMode mode, const Clock& clock)
    : store_(store), mode_(mode), clock_(clock) {}

Caller SigV4Verifier::resolve(const SignatureInfo& signature) const {
  if (signature.anonymous()) return callerFor(signature, std::nullopt);
  return callerFor(signature, store_.find(signature.access_key_id));
}

Caller SigV4Verifier::authenticate(const HttpRequest& request,
                                   const SignatureInfo& signature) const {
  if (signature.anonymous()) return callerFor(signature, std::nullopt);
  auto credential = store_.find(signature.access_key_id);
  Caller caller = callerFor(signature, credential);
  if (mode_ == VerifyMode::Off) return caller;
  bool s3_presigned =
      signature.flavor == AuthFlavor::S3 && (signature.presigned() || signature.sigv2_presigned);
  if (!credential && s3_presigned && mode_ == VerifyMode::Known && !presigned_secret_.empty()) {
    // An unknown key's presigned URL is checked with the default secret (see the header); the
    // caller stays the account root the key names.
    Credential fallback;
    fallback.access_key_id = signature.access_key_id;
    fallback.secret_access_key = presigned_secret_;
    fallback.account_id = caller.account_id;
    credential = fallback;
  }
  if (signature.kind == SignatureInfo::Kind::SigV2) {
    verifySigV2(request, signature, credential ? &*credential : nullptr);
    return caller;
  }
  checkTime(signature);
  if (!credential && mode_ == VerifyMode::Strict)
    throw errors::invalidAccessKey(signature.flavor, signature.access_key_id);
  if (signature.flavor == AuthFlavor::S3) checkAmzHeadersSigned(request, signature);
  if (!credential) {
    // Known mode: accepted as the account root, nothing to verify against; the declared payload
    // hash can still be checked against the body.
    caller.body_hash_required = signature.payload == PayloadMode::DeclaredHash;
    return caller;
  }
  checkCredential(signature, *credential);
  caller.signing_key =
      keys_.get(credential->secret_access_key, signature.date, signature.region, signature.service);
  caller.has_signing_key = true;
  caller.seed_signature = signature.signature;
  caller.amz_date = signature.amz_date;
  caller.scope = signature.scope();
  std::string_view payload_hash = knownPayloadHash(signature);
  if (!payload_hash.empty()) {
    verifySignature(request, signature, caller, payload_hash);
  } else if (hasNoBody(request)) {
    // A guess: if it fails, the check waits for the body (verifyPayload) rather than failing.
    caller.signature_verified = signatureMatches(request, signature, caller, kEmptySha256);
  }
  caller.body_hash_required =
      signature.payload == PayloadMode::DeclaredHash ||
      (signature.payload == PayloadMode::BodyHash && !caller.signature_verified);
  return caller;
}

void SigV4Verifier::verifyPayload(const HttpRequest& request, const SignatureInfo& signature,
                                  Caller& caller, std::string_view body_sha256_hex) const {
  if (mode_ == VerifyMode::Off || signature.anonymous()) return;
  if (signature.payload == PayloadMode::DeclaredHash) {
    const std::string& declared = signature.content_sha256;
    if (declared.size() != body_sha256_hex.size() ||
        strncasecmp(declared.data(), body_sha256_hex.data(), declared.size()) != 0)
      throw errors::xAmzContentSha256Mismatch(declared, body_sha256_hex);
  } else if (signature.payload == PayloadMode::BodyHash && caller.has_signing_key &&
             !caller.signature_verified) {
    verifySignature(request, signature, caller, body_sha256_hex);
  }
  caller.body_hash_required = false;
}

std::string SigV4Verifier::canonicalRequestFor(const HttpRequest& request,
                                               const SignatureInfo& signature,
                                               std::string_view payload_hash) const {
  CanonicalInput input;
  input.method = request.method;
  input.path = request.path;
  input.query = request.query;
  input.headers = &request.headers;
  input.signed_headers = signature.signed_headers;
  input.payload_hash = payload_hash;
  input.s3 = signature.flavor == AuthFlavor::S3;
  input.presigned = signature.presigned();
  return canonicalRequest(input);
}

// S3 presigned URLs live X-Amz-Expires seconds from X-Amz-Date; every other signature must be
// within 15 minutes of the server clock (either direction).
// SigV2 (S3's legacy signature): a presigned URL expires at its Expires time; the signature is
// checked against the keys awsemu knows, unknown keys are treated as for SigV4.
void SigV4Verifier::verifySigV2(const HttpRequest& request, const SignatureInfo& signature,
                                const Credential* credential) const {
  double now = toEpochSeconds(clock_.now());
  if (signature.sigv2_presigned && now > static_cast<double>(signature.expires))
    throw AwsError("AccessDenied", "Request has expired", 403)
        .with("Expires", timefmt::iso8601(static_cast<double>(signature.expires)))
        .with("ServerTime", timefmt::iso8601(now));
  if (!credential) {
    if (mode_ == VerifyMode::Strict)
      throw errors::invalidAccessKey(signature.flavor, signature.access_key_id);
    return;
  }
  auto string_to_sign = sigV2StringToSign(request, signature.sigv2_presigned, request.host_bucket);
  auto expected = sigV2Signature(credential->secret_access_key, string_to_sign);
  if (!encoding::constantTimeEquals(expected, signature.signature))
    throw errors::signatureDoesNotMatch(signature.flavor, signature.access_key_id, string_to_sign,
                                        signature.signature);
}

// S3 refuses x-amz-* headers the signature does not cover: they change what the request does.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
void SigV4Verifier::checkAmzHeadersSigned(const HttpRequest& request,
                                          const SignatureInfo& signature) {
  std::string signed_list = ";" + strings::toLower(signature.signed_headers) + ";";
  std::string missing;
  for (const auto& [name, value] : request.headers) {
    if (!name.starts_with("x-amz-")) continue;
    if (signed_list.find(";" + name + ";") != std::string::npos) continue;
    if (missing.find(name) != std::string::npos) continue;
    missing += (missing.empty() ? "" : ",") + name;
  }
  if (!missing.empty())
    throw AwsError("AccessDenied",
                   "There were headers present in the request which were not signed", 403)
        .with("HeadersNotSigned", missing);
}

void SigV4Verifier::checkTime(const SignatureInfo& signature) const {
  double now = toEpochSeconds(clock_.now());
  double requested = toEpochSeconds(signature.request_time);
  if (signature.presigned() && signature.flavor == AuthFlavor::S3) {
    double expires = requested + static_cast<double>(signature.expires);
    if (requested > now + kMaxSkewSeconds)
      throw errors::presignedNotYetValid(requested, expires, now);
    if (now > expires) throw errors::presignedExpired(expires, now, signature.expires);
    return;
  }
  if (std::fabs(requested - now) > kMaxSkewSeconds)
    throw errors::requestTimeSkewed(signature.flavor, signature.amz_date, requested, now,
                                    kMaxSkewSeconds);
}

// Temporary credentials: the session token must be the one issued with the key, and the key must
// not have expired. A token sent with a long-term key is ignored (tools often export a dummy
// AWS_SESSION_TOKEN next to the default test/test keys).
void SigV4Verifier::checkCredential(const SignatureInfo& signature,
                                    const Credential& credential) const {
  if (!credential.active) throw errors::invalidAccessKey(signature.flavor, signature.access_key_id);
  if (!credential.session_token.empty() &&
      !encoding::constantTimeEquals(credential.session_token, signature.security_token))
    throw errors::invalidSessionToken(signature.flavor);
  if (credential.expiration && *credential.expiration <= clock_.now())
    throw errors::expiredToken(signature.flavor);
}

bool SigV4Verifier::signatureMatches(const HttpRequest& request, const SignatureInfo& signature,
                                     const Caller& caller, std::string_view payload_hash,
                                     std::string* canonical_out, std::string* to_sign_out) const {
  std::string canonical = canonicalRequestFor(request, signature, payload_hash);
  std::string to_sign = stringToSign(signature.amz_date, caller.scope, canonical);
  auto expected = detail::hmacSha256(detail::view(caller.signing_key), to_sign);
  bool match = detail::hexEquals(signature.signature, expected);
  if (canonical_out) *canonical_out = std::move(canonical);
  if (to_sign_out) *to_sign_out = std::move(to_sign);
  return match;
}

void SigV4Verifier::verifySignature(const HttpRequest& request, const SignatureInfo& signature,
                                    Caller& caller, std::string_view payload_hash) const {
  std::string canonical, to_sign;
  if (!signatureMatches(request, signature, caller, payload_hash, &canonical, &to_sign))
    throw errors::signatureDoesNotMatch(signature.flavor, signature.access_key_id, to_sign,
                                        signature.signature, canonical);
  caller.signature_verified = true;
}

std::string_view SigV4Verifier::knownPayloadHash(const SignatureInfo& signature) const {
  return signature.payload == PayloadMode::BodyHash ? std::string_view()
                                                    : std::string_view(signature.content_sha256);
}

}  // namespace awsemu::auth
