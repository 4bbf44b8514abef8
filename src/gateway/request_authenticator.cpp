#include "src/gateway/request_authenticator.hpp"

#include "awsemu/auth/aws_chunked_decoder.hpp"
#include "awsemu/auth/checksum.hpp"
#include "awsemu/auth/sigv4_verifier.hpp"

namespace awsemu::gateway {
namespace {

auth::VerifyMode verifyMode(config::SigV4Mode mode) {
  switch (mode) {
    case config::SigV4Mode::Off:
      return auth::VerifyMode::Off;
    case config::SigV4Mode::Known:
      return auth::VerifyMode::Known;
    case config::SigV4Mode::Strict:
      return auth::VerifyMode::Strict;
  }
  return auth::VerifyMode::Known;
}

class SigV4Session : public AuthSession {
 public:
  SigV4Session(const auth::SigV4Verifier& verifier, const HttpRequest& head,
               auth::SignatureInfo signature, bool s3, bool anonymous_allowed)
      : verifier_(verifier), head_(head), signature_(std::move(signature)) {
    caller_ = verifier_.authenticate(head, signature_);
    if (caller_.anonymous && !s3 && !anonymous_allowed) {
      // Outside S3 AWS refuses unsigned calls; LocalStack (and so awsemu, unless strict) treats
      // them as the default account's root so that curl and forgotten credentials still work.
      if (verifier_.mode() == auth::VerifyMode::Strict)
        throw AwsError("MissingAuthenticationToken", "Request is missing Authentication Token",
                       403);
      caller_ = auth::rootCaller("", auth::kDefaultAccountId);
    }
    identity_.access_key_id = caller_.access_key_id;
    identity_.account_id = caller_.account_id;
    identity_.arn = caller_.arn;
    identity_.user_id = caller_.user_id;
    identity_.session_token = caller_.session_token;
    identity_.anonymous = caller_.anonymous;
    header_checksum_ = auth::findChecksumHeader(head.headers);
    if (signature_.streaming())
      decoder_.emplace(auth::AwsChunkedDecoder::forRequest(
          head, signature_, caller_, [this](std::string_view bytes) { (*sink_)(bytes); }));
    else
      // Plain x-amz-checksum-* headers (current SDKs over HTTP): verified over the whole body.
      if (auto declared = auth::findChecksumHeader(head.headers)) {
        declared_checksum_ = *declared;
        checksum_.emplace(declared->algorithm);
      }
  }

  const CallerIdentity& caller() const override { return identity_; }
  const std::string& region() const override { return caller_.region; }
  bool needsPayloadHash() const override { return caller_.body_hash_required; }
  bool decodesBody() const override { return decoder_.has_value() || checksum_.has_value(); }

  void feed(std::string_view raw, const std::function<void(std::string_view)>& sink) override {
    if (decoder_) {
      sink_ = &sink;
      decoder_->feed(raw);
      return;
    }
    checksum_->update(raw);
    sink(raw);
  }

  std::optional<auth::ChecksumValue> declaredChecksum() const override {
    if (decoder_ && decoder_->trailerChecksum()) return decoder_->trailerChecksum();
    return header_checksum_;
  }
  void ignoreHeaderChecksum() override {
    if (decoder_) return;  // aws-chunked bodies: the checksum belongs to the decoded payload
    header_checksum_.reset();
    declared_checksum_.reset();
    checksum_.reset();
  }
  bool declaresChecksum() const override {
    return header_checksum_.has_value() || head_.header("x-amz-trailer") != nullptr;
  }

  void finish(std::string_view payload_sha256_hex) override {
    if (decoder_) decoder_->finish();
    if (checksum_) auth::verifyChecksum(*declared_checksum_, checksum_->base64());
    if (caller_.body_hash_required)
      verifier_.verifyPayload(head_, signature_, caller_, payload_sha256_hex);
  }

 private:
  const auth::SigV4Verifier& verifier_;
  const HttpRequest& head_;
  auth::SignatureInfo signature_;
  auth::Caller caller_;
  CallerIdentity identity_;
  std::optional<auth::AwsChunkedDecoder> decoder_;
  const std::function<void(std::string_view)>* sink_ = nullptr;
  std::optional<auth::ChecksumValue> declared_checksum_;
  std::optional<auth::ChecksumValue> header_checksum_;  // x-amz-checksum-*, streaming or not
  std::optional<auth::ChecksumCalculator> checksum_;
};

}  // namespace

struct RequestAuthenticator::Impl {
  Impl(const auth::CredentialStore& store, auth::VerifyMode mode, const Clock& clock)
      : verifier(store, mode, clock) {}
  auth::SigV4Verifier verifier;
};

RequestAuthenticator::RequestAuthenticator(const service::CredentialRegistry& credentials,
                                           config::SigV4Mode mode, const Clock& clock,
                                           bool verify_s3_presigned)
    : impl_(std::make_unique<Impl>(credentials, verifyMode(mode), clock)) {
  impl_->verifier.setPresignedFallbackSecret(verify_s3_presigned ? "test" : "");
}

RequestAuthenticator::~RequestAuthenticator() = default;

std::unique_ptr<AuthSession> RequestAuthenticator::begin(const HttpRequest& head, bool s3_signing,
                                                         bool anonymous_allowed) {
  auto flavor = s3_signing ? auth::AuthFlavor::S3 : auth::AuthFlavor::Generic;
  return std::make_unique<SigV4Session>(impl_->verifier, head, auth::parseSignature(head, flavor),
                                        flavor == auth::AuthFlavor::S3, anonymous_allowed);
}

}  // namespace awsemu::gateway
