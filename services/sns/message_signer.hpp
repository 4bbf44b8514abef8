#pragma once
// The key and certificate SNS signs its messages with, and the signatures.
// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
//
// The emulator makes its own RSA-2048 key and self-signed certificate the first time it signs
// (not at start-up: generating the key takes tens of milliseconds) and serves the certificate at
// the SigningCertURL. With PERSISTENCE the pair is kept in DATA_DIR/sns-signing.pem, so
// certificates subscribers cached stay valid across restarts.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace awsemu::sns {

class MessageSigner {
 public:
  // `file`: where the key and certificate are kept; empty: in memory only.
  explicit MessageSigner(std::filesystem::path file);
  ~MessageSigner();

  // SignatureVersion "1": SHA1withRSA; "2": SHA256withRSA. Base64 of the PKCS#1 v1.5 signature.
  std::string sign(std::string_view canonical, bool sha256) const;
  std::string certificatePem() const;
  // "SimpleNotificationService-<md5 of the certificate>.pem"
  std::string certificateName() const;

 private:
  struct Keys;
  const Keys& keys() const;  // made or loaded on first use

  std::filesystem::path file_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<Keys> keys_;
};

}  // namespace awsemu::sns
