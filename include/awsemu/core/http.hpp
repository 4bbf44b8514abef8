#pragma once
// Transport-neutral HTTP request/response as the gateway, auth and codecs see them.
// The server (Beast) converts to and from these; nothing below the server includes Beast.
#include <cstdint>
#include <filesystem>
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

  bool inMemory() const { return !file.has_value(); }
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
  std::string host() const { return headerOr(headers, "host"); }
  const std::string* header(std::string_view name) const { return findHeader(headers, name); }

  // Splits target into path and query.
  void setTarget(std::string t);
};

struct HttpResponse {
  int status = 200;
  HeaderList headers;  // names as they go on the wire
  std::string body;
  std::optional<std::filesystem::path> body_file;  // stream this file (range below) instead of body
  std::uint64_t file_offset = 0, file_length = 0;

  void setHeader(std::string name, std::string value);
};

}  // namespace awsemu
