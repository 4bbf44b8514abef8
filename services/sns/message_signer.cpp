#include "services/sns/message_signer.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "awsemu/core/encoding.hpp"

namespace awsemu::sns {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;

std::string bioText(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("sns signing key: ") + what + " failed");
}

}  // namespace

struct MessageSigner::Keys {
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  std::string pem;  // the certificate
  std::string name;
  ~Keys() {
    EVP_PKEY_free(key);
    X509_free(certificate);
  }
};

MessageSigner::MessageSigner(std::filesystem::path file) : file_(std::move(file)) {}
MessageSigner::~MessageSigner() = default;

namespace {

// A self-signed certificate for the key, valid ten years, named like SNS's signer.
X509* selfSigned(EVP_PKEY* key) {
  X509* cert = X509_new();
  check(cert != nullptr, "X509_new");
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), static_cast<long>(std::time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(cert), -24 * 3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  auto add = [&](const char* field, const char* value) {
    X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(value), -1, -1, 0);
  };
  add("C", "US");
  add("O", "awsemu");
  add("CN", "sns.amazonaws.com");
  X509_set_issuer_name(cert, name);
  check(X509_sign(cert, key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

}  // namespace

const MessageSigner::Keys& MessageSigner::keys() const {
  std::call_once(once_, [this] {
    auto keys = std::make_unique<Keys>();
    if (!file_.empty() && std::filesystem::exists(file_)) {
      std::ifstream in(file_, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      std::string pem = text.str();
      Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
      keys->key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
      keys->certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
      if (!keys->key || !keys->certificate) {
        spdlog::warn("sns: {} holds no usable key and certificate; making new ones",
                     file_.string());
        keys = std::make_unique<Keys>();
      }
    }
    if (!keys->key) {
      keys->key = EVP_RSA_gen(2048);
      check(keys->key != nullptr, "EVP_RSA_gen");
      keys->certificate = selfSigned(keys->key);
      if (!file_.empty()) {
        Bio out(BIO_new(BIO_s_mem()));
        PEM_write_bio_PrivateKey(out.get(), keys->key, nullptr, nullptr, 0, nullptr, nullptr);
        PEM_write_bio_X509(out.get(), keys->certificate);
        auto temporary = file_;
        temporary += ".tmp";
        {
          std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
          file << bioText(out.get());
        }
        std::filesystem::permissions(
            temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
        std::filesystem::rename(temporary, file_);
      }
    }
    Bio pem(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(pem.get(), keys->certificate);
    keys->pem = bioText(pem.get());
    unsigned char* der = nullptr;
    int length = i2d_X509(keys->certificate, &der);
    std::string der_bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    keys->name = "SimpleNotificationService-" + encoding::md5Hex(der_bytes) + ".pem";
    keys_ = std::move(keys);
  });
  return *keys_;
}

std::string MessageSigner::sign(std::string_view canonical, bool sha256) const {
  const Keys& k = keys();
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  check(context != nullptr, "EVP_MD_CTX_new");
  std::size_t length = 0;
  std::string signature;
  bool ok = EVP_DigestSignInit(context, nullptr, sha256 ? EVP_sha256() : EVP_sha1(), nullptr,
                               k.key) == 1 &&
            EVP_DigestSign(context, nullptr, &length,
                           reinterpret_cast<const unsigned char*>(canonical.data()),
                           canonical.size()) == 1;
  if (ok) {
    signature.resize(length);
    ok = EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                        reinterpret_cast<const unsigned char*>(canonical.data()),
                        canonical.size()) == 1;
    signature.resize(length);
  }
  EVP_MD_CTX_free(context);
  check(ok, "EVP_DigestSign");
  return encoding::base64Encode(signature);
}

std::string MessageSigner::certificatePem() const { return keys().pem; }
std::string MessageSigner::certificateName() const { return keys().name; }

}  // namespace awsemu::sns
