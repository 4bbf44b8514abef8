#include "src/gateway/gzip_inflater.hpp"

#include "awsemu/core/aws_error.hpp"

namespace awsemu::gateway {
namespace {
AwsError corrupt() {
  return errors::serialization(
      "The request body could not be decompressed (Content-Encoding: gzip).");
}
}  // namespace

GzipInflater::GzipInflater(std::uint64_t max_output_bytes) : max_output_bytes_(max_output_bytes) {
  // 16 + MAX_WBITS: a gzip wrapper (not raw deflate or zlib)
  if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK)
    throw errors::internalFailure("zlib initialisation failed");
}

GzipInflater::~GzipInflater() { inflateEnd(&stream_); }

void GzipInflater::feed(std::string_view compressed,
                        const std::function<void(std::string_view)>& sink) {
  char out[16384];
  stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream_.avail_in = static_cast<uInt>(compressed.size());
  while (stream_.avail_in > 0 && !ended_) {
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = sizeof out;
    int rc = inflate(&stream_, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) throw corrupt();
    std::size_t produced = sizeof out - stream_.avail_out;
    produced_ += produced;
    if (produced_ > max_output_bytes_)
      throw errors::requestEntityTooLarge("The decompressed request body is too large.");
    if (produced) sink(std::string_view(out, produced));
    if (rc == Z_STREAM_END) ended_ = true;
    if (rc == Z_BUF_ERROR && produced == 0) break;
  }
  if (ended_ && stream_.avail_in > 0) throw corrupt();  // bytes after the gzip trailer
}

void GzipInflater::finish() {
  if (!ended_) throw corrupt();
}

}  // namespace awsemu::gateway
