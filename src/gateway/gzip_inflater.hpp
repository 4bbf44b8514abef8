#pragma once
// Request bodies sent with `Content-Encoding: gzip` (SDK request compression, e.g. CloudWatch
// PutMetricData: https://docs.aws.amazon.com/sdkref/latest/guide/feature-compression.html),
// inflated as they stream in. Not used for S3, where Content-Encoding is object metadata.
#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string_view>

namespace awsemu::gateway {

class GzipInflater {
 public:
  explicit GzipInflater(std::uint64_t max_output_bytes);
  ~GzipInflater();
  GzipInflater(const GzipInflater&) = delete;
  GzipInflater& operator=(const GzipInflater&) = delete;

  // Throws AwsError (SerializationException) for a corrupt stream or output beyond the limit.
  void feed(std::string_view compressed, const std::function<void(std::string_view)>& sink);
  void finish();  // throws when the stream ended early

 private:
  z_stream stream_{};
  std::uint64_t max_output_bytes_, produced_ = 0;
  bool ended_ = false;
};

}  // namespace awsemu::gateway
