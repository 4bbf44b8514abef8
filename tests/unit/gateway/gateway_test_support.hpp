#pragma once
// Helpers shared by the gateway unit tests: a scratch directory, gzip compression (the reverse of
// the inflater under test), S3's unsigned aws-chunked body with a trailing checksum, and a
// coroutine runner.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include "awsemu/auth/checksum.hpp"

namespace awsemu::gateway::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string templ = (std::filesystem::temp_directory_path() / "awsemu-test-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

  // Regular files directly in `dir` (spool files are created flat).
  static std::size_t fileCount(const std::filesystem::path& dir) {
    std::error_code error;
    if (!std::filesystem::exists(dir, error)) return 0;
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file()) ++count;
    return count;
  }

 private:
  std::filesystem::path path_;
};

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// gzip-wrapped deflate of `plain` (what an SDK sends with Content-Encoding: gzip).
inline std::string gzipCompress(std::string_view plain, int level = Z_BEST_COMPRESSION) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out;
  char buffer[16384];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  stream.avail_in = static_cast<uInt>(plain.size());
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = deflate(&stream, Z_FINISH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      deflateEnd(&stream);
      throw std::runtime_error("deflate failed");
    }
    out.append(buffer, sizeof buffer - stream.avail_out);
  }
  deflateEnd(&stream);
  return out;
}

// gzip of `size` zero bytes, compressed a block at a time (no buffer of `size` bytes needed).
inline std::string gzipZeros(std::uint64_t size) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9,
                   Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  static const std::string zeros(1 << 20, '\0');
  std::string out;
  char buffer[16384];
  std::uint64_t left = size;
  for (;;) {
    auto piece = static_cast<uInt>(std::min<std::uint64_t>(left, zeros.size()));
    left -= piece;
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
    stream.avail_in = piece;
    int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    int rc = Z_OK;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer);
      stream.avail_out = sizeof buffer;
      rc = deflate(&stream, flush);
      out.append(buffer, sizeof buffer - stream.avail_out);
    } while (stream.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    if (left == 0) break;
  }
  deflateEnd(&stream);
  return out;
}

inline std::string crc32Base64(std::string_view data) {
  return auth::computeChecksum(auth::ChecksumAlgorithm::CRC32, data);
}

// STREAMING-UNSIGNED-PAYLOAD-TRAILER framing: hex-size\r\n data\r\n ... 0\r\n trailer\r\n\r\n.
// S3 requires 8 KiB chunks but the last.
inline std::string unsignedTrailerBody(std::string_view data, std::string_view trailer_crc32,
                                       std::size_t chunk = 8192) {
  std::string out;
  for (std::size_t i = 0; i < data.size(); i += chunk) {
    auto piece = data.substr(i, chunk);
    char hex[32];
    std::snprintf(hex, sizeof hex, "%zx", piece.size());
    out += std::string(hex) + "\r\n" + std::string(piece) + "\r\n";
  }
  out += "0\r\nx-amz-checksum-crc32:" + std::string(trailer_crc32) + "\r\n\r\n";
  return out;
}

// Runs a coroutine to completion on a fresh io_context; its exception, if any, is rethrown.
inline void runCoroutine(const std::function<boost::asio::awaitable<void>()>& make) {
  boost::asio::io_context ioc;
  std::exception_ptr failure;
  boost::asio::co_spawn(ioc, make(), [&failure](std::exception_ptr e) { failure = e; });
  ioc.run();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace awsemu::gateway::testing
