#pragma once
// ETags. A simple object's ETag is the hex MD5 of its bytes in double quotes; a multipart object's
// is the hex MD5 of the concatenated binary MD5s of its parts, then "-" and the part count
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html).
// Handlers compute the MD5 of a request body while it streams in; these helpers serve the
// in-memory path, copies and tests.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace awsemu::s3 {

// Incremental MD5 (OpenSSL).
class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  void update(std::string_view bytes);
  std::string finish();  // the raw 16 bytes; the object is spent afterwards

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

std::string md5(std::string_view bytes);  // raw 16 bytes
// Raw MD5 of `length` bytes of an open file from `offset` (pread; the file position is kept).
// Throws std::system_error on a read error or a short file.
std::string md5OfFile(int fd, std::uint64_t offset, std::uint64_t length);
std::string md5OfFile(const std::filesystem::path& path);

std::string quotedEtag(std::string_view raw_md5);  // "\"<32 hex digits>\""
std::string unquotedEtag(std::string_view etag);   // strips one pair of surrounding quotes
// ETags name the same content when they are equal apart from surrounding quotes (clients send
// part ETags in CompleteMultipartUpload with or without them).
bool sameEtag(std::string_view a, std::string_view b);
// "\"<hex>-<count>\"" from the parts' ETags (quoted or not). An ETag that is not 32 hex digits
// throws std::invalid_argument (the caller compared them with the stored parts first).
std::string multipartEtag(const std::vector<std::string>& part_etags);

}  // namespace awsemu::s3
