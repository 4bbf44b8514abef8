#pragma once
// Helpers shared by the auth unit tests: an in-memory credential store, a fixed clock, request
// construction, and a test-side aws-chunked encoder (the reverse of the decoder under test).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "awsemu/auth/canonical_request.hpp"
#include "awsemu/auth/credentials.hpp"
#include "awsemu/auth/signature.hpp"
#include "awsemu/auth/sigv4_verifier.hpp"
#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/http.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::auth::testing {

class MapStore : public CredentialStore {
 public:
  void add(Credential credential) {
    auto key = credential.access_key_id;
    credentials_[key] = std::move(credential);
  }
  std::optional<Credential> find(std::string_view access_key_id) const override {
    auto it = credentials_.find(std::string(access_key_id));
    if (it == credentials_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::map<std::string, Credential> credentials_;
};

class FixedClock : public Clock {
 public:
  explicit FixedClock(SystemTime now) : now_(now) {}
  explicit FixedClock(std::string_view amz_date) : now_(*timefmt::parseAmzDate(amz_date)) {}
  SystemTime now() const override { return now_; }
  void set(SystemTime now) { now_ = now; }
  void advance(std::chrono::seconds by) { now_ += by; }

 private:
  SystemTime now_;
};

// The gateway's whole verification of a request with an in-memory body: header stage, then the
// payload hash when the signature covers it.
inline Caller authenticateFully(const SigV4Verifier& verifier, const HttpRequest& request) {
  SignatureInfo signature = parseSignature(request);
  Caller caller = verifier.authenticate(request, signature);
  if (caller.body_hash_required)
    verifier.verifyPayload(request, signature, caller, encoding::sha256Hex(request.body.memory));
  return caller;
}

inline HttpRequest makeRequest(std::string method, std::string target, HeaderList headers,
                               std::string body = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.setTarget(std::move(target));
  for (auto& [name, value] : headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(lower), std::move(value));
  }
  request.body.memory = std::move(body);
  request.body.size = request.body.memory.size();
  return request;
}

// Runs `action`, expecting an AwsError with `code` (and `status` when non-zero); returns it.
inline AwsError expectAwsError(const std::function<void()>& action, std::string_view code,
                               int status = 0) {
  try {
    action();
  } catch (const AwsError& error) {
    EXPECT_EQ(error.code, code) << error.message;
    if (status != 0) {
      EXPECT_EQ(error.http_status, status) << error.code;
    }
    return error;
  }
  ADD_FAILURE() << "expected AwsError " << code;
  return {};
}

// Test-side signer: adds an Authorization header computed with the canonical-request functions.
struct SignParams {
  std::string access_key = "AKIDEXAMPLE";
  std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  std::string amz_date = "20150830T123600Z";
  std::string region = "us-east-1";
  std::string service = "sqs";
  std::string signed_headers = "host;x-amz-date";
  std::string payload_hash;  // empty: sha256(body)
};

inline std::string scopeOf(const SignParams& params) {
  return params.amz_date.substr(0, 8) + "/" + params.region + "/" + params.service +
         "/aws4_request";
}

inline std::string signRequest(HttpRequest& request, const SignParams& params) {
  std::string payload =
      params.payload_hash.empty() ? encoding::sha256Hex(request.body.memory) : params.payload_hash;
  CanonicalInput input{request.method,        request.path, request.query,         &request.headers,
                       params.signed_headers, payload,      params.service == "s3"};
  std::string to_sign = stringToSign(params.amz_date, scopeOf(params), canonicalRequest(input));
  SigningKey key =
      deriveSigningKey(params.secret, params.amz_date.substr(0, 8), params.region, params.service);
  std::string signature = signatureHex(key, to_sign);
  request.headers.emplace_back(
      "authorization", "AWS4-HMAC-SHA256 Credential=" + params.access_key + "/" + scopeOf(params) +
                           ", SignedHeaders=" + params.signed_headers + ", Signature=" + signature);
  return signature;
}

// Presigns `request` (its query gets the X-Amz-* parameters and the signature).
inline void presignRequest(HttpRequest& request, const SignParams& params, std::int64_t expires,
                           std::string token = {}) {
  std::string query = request.query;
  auto add = [&](std::string name, std::string value) {
    query += (query.empty() ? "" : "&") + name + "=" + encoding::uriEncode(value);
  };
  add("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  add("X-Amz-Credential", params.access_key + "/" + scopeOf(params));
  add("X-Amz-Date", params.amz_date);
  add("X-Amz-Expires", std::to_string(expires));
  if (!token.empty()) add("X-Amz-Security-Token", token);
  add("X-Amz-SignedHeaders", params.signed_headers);
  request.setTarget(request.path + "?" + query);
  bool s3 = params.service == "s3";
  std::string payload = s3 ? "UNSIGNED-PAYLOAD" : encoding::sha256Hex(request.body.memory);
  CanonicalInput input{
      request.method, request.path, request.query, &request.headers, params.signed_headers,
      payload,        s3,           true};
  std::string to_sign = stringToSign(params.amz_date, scopeOf(params), canonicalRequest(input));
  SigningKey key =
      deriveSigningKey(params.secret, params.amz_date.substr(0, 8), params.region, params.service);
  request.setTarget(request.target + "&X-Amz-Signature=" + signatureHex(key, to_sign));
}

// aws-chunked encoder for tests: chunk sizes as given (a final 0 chunk is added), chunk signatures
// chained from `seed` when `key` is set, optional trailer lines and trailer signature.
struct ChunkedBody {
  std::string wire;
  std::vector<std::string> chunk_signatures;  // including the final empty chunk
  std::string trailer_signature;
};

struct ChunkedSpec {
  std::string payload;
  std::vector<std::size_t> chunk_sizes;  // must add up to payload.size()
  const SigningKey* key = nullptr;       // signed modes
  std::string seed, amz_date, scope;
  std::vector<std::pair<std::string, std::string>> trailers;  // name, value
  bool sign_trailer = false;
};

inline std::string chunkStringToSign(const ChunkedSpec& spec, const std::string& previous,
                                     std::string_view data) {
  return "AWS4-HMAC-SHA256-PAYLOAD\n" + spec.amz_date + "\n" + spec.scope + "\n" + previous + "\n" +
         std::string(kEmptySha256) + "\n" + encoding::sha256Hex(data);
}

inline ChunkedBody encodeChunked(const ChunkedSpec& spec) {
  ChunkedBody body;
  std::string previous = spec.seed;
  std::size_t offset = 0;
  auto sizes = spec.chunk_sizes;
  sizes.push_back(0);
  for (std::size_t size : sizes) {
    std::string_view data = std::string_view(spec.payload).substr(offset, size);
    offset += size;
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx", size);
    body.wire += hex;
    if (spec.key) {
      previous = signatureHex(*spec.key, chunkStringToSign(spec, previous, data));
      body.chunk_signatures.push_back(previous);
      body.wire += ";chunk-signature=" + previous;
    }
    body.wire += "\r\n";
    if (size > 0) body.wire += std::string(data) + "\r\n";
  }
  std::string canonical;
  for (const auto& [name, value] : spec.trailers) {
    body.wire += name + ":" + value + "\r\n";
    canonical += name + ":" + value + "\n";
  }
  if (spec.sign_trailer && spec.key) {
    body.trailer_signature =
        signatureHex(*spec.key, "AWS4-HMAC-SHA256-TRAILER\n" + spec.amz_date + "\n" + spec.scope +
                                    "\n" + previous + "\n" + encoding::sha256Hex(canonical));
    body.wire += "x-amz-trailer-signature:" + body.trailer_signature + "\r\n";
  }
  body.wire += "\r\n";
  return body;
}

}  // namespace awsemu::auth::testing
