#include "services/s3/object_digest.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "awsemu/core/encoding.hpp"

namespace awsemu::s3 {

struct Md5::Context {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(context); }
};

Md5::Md5() : context_(std::make_unique<Context>()) {
  if (!context_->context || EVP_DigestInit_ex(context_->context, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("MD5 initialisation failed");
}

Md5::~Md5() = default;

void Md5::update(std::string_view bytes) {
  if (EVP_DigestUpdate(context_->context, bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("MD5 update failed");
}

std::string Md5::finish() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_->context, digest, &length) != 1)
    throw std::runtime_error("MD5 finish failed");
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string md5(std::string_view bytes) {
  Md5 digest;
  digest.update(bytes);
  return digest.finish();
}

std::string md5OfFile(int fd, std::uint64_t offset, std::uint64_t length) {
  Md5 digest;
  std::string buffer(1 << 20, '\0');
  while (length > 0) {
    std::size_t want = length < buffer.size() ? static_cast<std::size_t>(length) : buffer.size();
    ssize_t got = ::pread(fd, buffer.data(), want, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw std::system_error(errno, std::generic_category(), "reading object data");
    if (got == 0) throw std::system_error(EIO, std::generic_category(), "object data too short");
    digest.update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
    offset += static_cast<std::uint64_t>(got);
    length -= static_cast<std::uint64_t>(got);
  }
  return digest.finish();
}

std::string md5OfFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::system_error(errno, std::generic_category(), "opening " + path.string());
  try {
    auto digest = md5OfFile(fd, 0, std::filesystem::file_size(path));
    ::close(fd);
    return digest;
  } catch (...) {
    ::close(fd);
    throw;
  }
}

std::string quotedEtag(std::string_view raw_md5) {
  return "\"" + encoding::hexEncode(raw_md5) + "\"";
}

std::string unquotedEtag(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"')
    etag = etag.substr(1, etag.size() - 2);
  return std::string(etag);
}

bool sameEtag(std::string_view a, std::string_view b) { return unquotedEtag(a) == unquotedEtag(b); }

std::string multipartEtag(const std::vector<std::string>& part_etags) {
  Md5 digest;
  for (const auto& etag : part_etags) {
    auto hex = unquotedEtag(etag);
    auto raw = hex.size() == 32 ? encoding::hexDecode(hex) : std::nullopt;
    if (!raw) throw std::invalid_argument("not an MD5 ETag: " + etag);
    digest.update(*raw);
  }
  return "\"" + encoding::hexEncode(digest.finish()) + "-" + std::to_string(part_etags.size()) +
         "\"";
}

}  // namespace awsemu::s3
