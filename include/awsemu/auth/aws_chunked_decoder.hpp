#pragma once
// Incremental decoder of `Content-Encoding: aws-chunked` bodies (S3 streaming uploads):
//   STREAMING-AWS4-HMAC-SHA256-PAYLOAD          hex-size;chunk-signature=sig\r\n data \r\n ...
//   0;...\r\n\r\n STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER  same, then trailers and
//   x-amz-trailer-signature STREAMING-UNSIGNED-PAYLOAD-TRAILER          hex-size\r\n data \r\n ...
//   0\r\n trailers \r\n
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
//
// Feed the raw body in pieces of any size (chunk headers may be split across feeds); decoded bytes
// go to the sink as they arrive, so the sink sees data before its chunk signature is checked: only
// a successful finish() makes the decoded body trustworthy. Errors are S3's: IncompleteBody,
// InvalidChunkSizeError, SignatureDoesNotMatch, MalformedTrailerError, BadDigest, ...
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/auth/checksum.hpp"
#include "awsemu/auth/credentials.hpp"
#include "awsemu/auth/signature.hpp"
#include "awsemu/core/http.hpp"

namespace awsemu::auth {

namespace detail {
class Sha256;
}

struct ChunkedDecoderOptions {
  PayloadMode mode = PayloadMode::StreamingSigned;  // one of the three streaming modes
  std::uint64_t decoded_length = 0;                 // x-amz-decoded-content-length
  std::optional<ChecksumAlgorithm> trailer;         // x-amz-trailer
  std::optional<ChecksumAlgorithm> also_compute;    // another checksum of the decoded bytes
  // An x-amz-checksum-* request header (instead of a trailer), verified when the body ends.
  std::optional<ChecksumValue> header_checksum;
  // Chunk signature verification (signed modes); off when the caller was not verified.
  bool verify_signatures = false;
  std::array<unsigned char, 32> signing_key{};
  std::string seed_signature, amz_date, scope;
};

class AwsChunkedDecoder {
 public:
  using Sink = std::function<void(std::string_view)>;

  // Options from the request headers and the authenticated caller. Throws MissingContentLength
  // (no valid x-amz-decoded-content-length) and InvalidRequest (unsupported x-amz-trailer, a
  // malformed x-amz-checksum-* header, or such a header together with x-amz-trailer).
  static ChunkedDecoderOptions optionsFor(const HttpRequest& request,
                                          const SignatureInfo& signature, const Caller& caller);
  static AwsChunkedDecoder forRequest(const HttpRequest& request, const SignatureInfo& signature,
                                      const Caller& caller, Sink sink,
                                      std::optional<ChecksumAlgorithm> also_compute = {});

  AwsChunkedDecoder(ChunkedDecoderOptions options, Sink sink);
  ~AwsChunkedDecoder();
  AwsChunkedDecoder(AwsChunkedDecoder&&) noexcept;
  AwsChunkedDecoder& operator=(AwsChunkedDecoder&&) noexcept;

  void feed(std::string_view bytes);  // throws AwsError; after an error every call throws it again
  void finish();                      // end of the raw body: throws unless the body was complete
  bool done() const { return state_ == State::Done; }
  std::uint64_t decodedBytes() const { return decoded_; }

  // The trailer checksum the client sent (already verified when finish() returned).
  const std::optional<ChecksumValue>& trailerChecksum() const { return trailer_value_; }
  // base64 checksum of the decoded bytes for the trailer algorithm, the x-amz-checksum-* header's
  // algorithm or `also_compute` (available once done()).
  std::optional<std::string> computedChecksum(ChecksumAlgorithm algorithm) const;

 private:
  enum class State { ChunkHeader, ChunkData, ChunkDataEnd, TrailerLines, Done, Failed };

  [[noreturn]] void fail(AwsError error);
  std::size_t feedHeader(std::string_view bytes);
  std::size_t feedData(std::string_view bytes);
  std::size_t feedDataEnd(std::string_view bytes);
  std::size_t feedTrailer(std::string_view bytes);
  bool takeLine(std::string_view bytes, std::size_t& used, std::size_t limit);
  void startChunk(std::string_view line);
  void endChunk();
  void onTrailerLine(std::string_view line);
  void endTrailers();
  bool signedMode() const;
  bool trailerMode() const;
  void verifyChunkSignature(std::string_view chunk_sha256_hex);

  ChunkedDecoderOptions options_;
  Sink sink_;
  State state_ = State::ChunkHeader;
  std::optional<AwsError> error_;
  std::string line_;  // the header or trailer line being assembled
  std::uint64_t chunk_remaining_ = 0, chunk_size_ = 0, decoded_ = 0;
  std::uint64_t chunk_count_ = 0, previous_chunk_size_ = 0;
  std::size_t data_end_seen_ = 0;  // bytes of the "\r\n" after chunk data
  std::string chunk_signature_, previous_signature_;
  std::unique_ptr<detail::Sha256> chunk_hash_;  // sha256 of the current chunk (signed modes)
  std::string trailer_canonical_, trailer_signature_;
  std::size_t trailer_bytes_ = 0;
  std::optional<ChecksumValue> trailer_value_;
  std::optional<ChecksumCalculator> trailer_sum_, extra_sum_, header_sum_;
  std::optional<std::string> trailer_computed_, extra_computed_, header_computed_;
};

}  // namespace awsemu::auth
