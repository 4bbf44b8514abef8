#pragma once
// Transport-neutral HTTP request/response as the gateway, auth and codecs see them.
// The server (Beast) converts to and from these; nothing below the server includes Beast.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace awsemu {

// Header list; request header names are stored lower-case (HTTP names are case-insensitive).
using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive lookup of the first header with that name.
const std::string* findHeader(const HeaderList& headers, std::string_view name);
std::string headerOr(const HeaderList& headers, std::string_view name, std::string fallback = {});

// A request body: small bodies live in memory, large ones were spooled to a file by the server
// while they streamed in (a body is never required to fit in memory).
struct RequestBody {
  std::string memory;                         // the body when it is held in memory
  std::optional<std::filesystem::path> file;  // the body when it was spooled to disk
  std::uint64_t size = 0;
  // For services that store bodies (RequestPolicy::body_digests), computed in the pass that
  // decoded the body, so a 5 GiB upload is read once:
  std::string md5;                 // raw MD5 of the decoded body (ETags, Content-MD5)
  std::string checksum_algorithm;  // "CRC32", "CRC32C", "CRC64NVME", "SHA1" or "SHA256"
  std::string checksum;  // base64: the one the client sent (verified), else a CRC64NVME computed

  bool inMemory() const { return !file.has_value(); }
  // Hands the spool file over (to be renamed into an object store, say): from now on it is the
  // caller's, and the gateway no longer removes it.
  std::optional<std::filesystem::path> takeFile() {
    auto taken = std::move(file);
    file.reset();
    return taken;
  }
  // The whole body as a string. A spooled body is read back with checked reads (std::runtime_error
  // when the file is unreadable or short); its size was bounded by the service's request policy
  // as it arrived, and the gateway calls codecs that read it on the blocking pool.
  std::string readAll() const;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // raw request-target, e.g. "/bucket/key%20x?uploads"
  std::string path;    // raw (percent-encoded) path part of target
  std::string query;   // raw query string without '?'
  HeaderList headers;  // lower-case names, in arrival order
  RequestBody body;    // payload (aws-chunked bodies are already decoded here)
  // The bucket a virtual-hosted S3 request names in its Host (set by the gateway's detection);
  // S3's legacy signature (SigV2) signs it as part of the resource.
  std::string host_bucket;
  // The client's IP address as the server's socket sees it (the TCP peer; "" when unknown). The
  // authorisation stage makes aws:SourceIp of it.
  std::string remote_address;
  std::string host() const { return headerOr(headers, "host"); }
  const std::string* header(std::string_view name) const { return findHeader(headers, name); }

  // Splits target into path and query.
  void setTarget(std::string t);
};

// An open file a response streams from. The descriptor is opened when the handler picks what to
// send, so an overwrite or delete during the transfer cannot mix two versions of the data.
class ResponseFile {
 public:
  explicit ResponseFile(int fd) : fd_(fd) {}
  ~ResponseFile();
  ResponseFile(const ResponseFile&) = delete;
  ResponseFile& operator=(const ResponseFile&) = delete;
  int fd() const { return fd_; }
  // Opens `path` read-only (close-on-exec); nullptr when it cannot be opened.
  static std::shared_ptr<const ResponseFile> open(const std::filesystem::path& path);

 private:
  int fd_;
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;  // names as they go on the wire
  std::string body;
  std::shared_ptr<const ResponseFile> body_file;  // stream this (range below) instead of body
  std::uint64_t file_offset = 0, file_length = 0;

  void setHeader(std::string name, std::string value);
};

// What a handler may add to the response the codec renders from its output: another status
// (206 Partial Content), headers the model does not describe, a file to stream as the body.
struct ResponseOverrides {
  std::optional<int> status;
  HeaderList headers;
  std::shared_ptr<const ResponseFile> file;
  std::uint64_t file_offset = 0, file_length = 0;
};

}  // namespace awsemu
