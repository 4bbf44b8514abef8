#include "awsemu/core/strings.hpp"
#include "awsemu/auth/aws_chunked_decoder.hpp"

#include <strings.h>

#include <charconv>

#include "awsemu/auth/auth_errors.hpp"
#include "src/auth/sha256.hpp"

namespace awsemu::auth {
namespace {

// A chunk header is "<hex size>;chunk-signature=<64 hex>" (~86 bytes); extensions of unsigned
// chunks are ignored but bounded, like the trailer section.
constexpr std::size_t kMaxHeaderLine = 4096;
constexpr std::size_t kMaxTrailerBytes = 16384;
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html: "the chunk size must be at
// least 8 KB ... except the last chunk".
constexpr std::uint64_t kMinChunkSize = 8192;
constexpr std::string_view kSignatureExtension = ";chunk-signature=";

bool isLowerHex(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::optional<std::uint64_t> parseHexSize(std::string_view digits) {
  if (digits.empty() || digits.size() > 16) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, 16);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parseDecimal(std::string_view text) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

ChunkedDecoderOptions AwsChunkedDecoder::optionsFor(const HttpRequest& request,
                                                    const SignatureInfo& signature,
                                                    const Caller& caller) {
  ChunkedDecoderOptions options;
  options.mode = signature.payload;
  const std::string* length = request.header("x-amz-decoded-content-length");
  auto decoded = length ? parseDecimal(strings::trim(*length)) : std::nullopt;
  if (!decoded) throw errors::missingDecodedContentLength();
  options.decoded_length = *decoded;
  if (const std::string* trailer = request.header("x-amz-trailer");
      trailer && !strings::trim(*trailer).empty()) {
    options.trailer = checksumAlgorithmForHeader(strings::trim(*trailer));
    if (!options.trailer) throw errors::unsupportedTrailer();
  }
  options.header_checksum = findChecksumHeader(request.headers);
  if (options.header_checksum && options.trailer) throw errors::multipleChecksums();
  bool signed_mode = signature.payload == PayloadMode::StreamingSigned ||
                     signature.payload == PayloadMode::StreamingSignedTrailer;
  options.verify_signatures = signed_mode && caller.has_signing_key;
  if (options.verify_signatures) {
    options.signing_key = caller.signing_key;
    options.seed_signature = caller.seed_signature;
    options.amz_date = caller.amz_date;
    options.scope = caller.scope;
  }
  return options;
}

AwsChunkedDecoder AwsChunkedDecoder::forRequest(const HttpRequest& request,
                                                const SignatureInfo& signature,
                                                const Caller& caller, Sink sink,
                                                std::optional<ChecksumAlgorithm> also_compute) {
  ChunkedDecoderOptions options = optionsFor(request, signature, caller);
  options.also_compute = also_compute;
  return AwsChunkedDecoder(std::move(options), std::move(sink));
}

AwsChunkedDecoder::AwsChunkedDecoder(ChunkedDecoderOptions options, Sink sink)
    : options_(std::move(options)), sink_(std::move(sink)) {
  previous_signature_ = options_.seed_signature;
  line_.reserve(128);
  if (options_.verify_signatures) chunk_hash_ = std::make_unique<detail::Sha256>();
  if (options_.trailer) trailer_sum_.emplace(*options_.trailer);
  if (options_.header_checksum) header_sum_.emplace(options_.header_checksum->algorithm);
  if (options_.also_compute && options_.also_compute != options_.trailer &&
      !(options_.header_checksum && options_.also_compute == options_.header_checksum->algorithm))
    extra_sum_.emplace(*options_.also_compute);
}

AwsChunkedDecoder::~AwsChunkedDecoder() = default;
AwsChunkedDecoder::AwsChunkedDecoder(AwsChunkedDecoder&&) noexcept = default;
AwsChunkedDecoder& AwsChunkedDecoder::operator=(AwsChunkedDecoder&&) noexcept = default;

bool AwsChunkedDecoder::signedMode() const {
  return options_.mode == PayloadMode::StreamingSigned ||
         options_.mode == PayloadMode::StreamingSignedTrailer;
}

bool AwsChunkedDecoder::trailerMode() const {
  return options_.mode == PayloadMode::StreamingSignedTrailer ||
         options_.mode == PayloadMode::StreamingUnsignedTrailer;
}

void AwsChunkedDecoder::fail(AwsError error) {
  state_ = State::Failed;
  error_ = error;
  throw error;
}

void AwsChunkedDecoder::feed(std::string_view bytes) {
  if (state_ == State::Failed) throw *error_;
  while (!bytes.empty()) {
    std::size_t used = 0;
    switch (state_) {
      case State::ChunkHeader:
        used = feedHeader(bytes);
        break;
      case State::ChunkData:
        used = feedData(bytes);
        break;
      case State::ChunkDataEnd:
        used = feedDataEnd(bytes);
        break;
      case State::TrailerLines:
        used = feedTrailer(bytes);
        break;
      case State::Done:
        fail(errors::incompleteBody());  // bytes after the end
      case State::Failed:
        throw *error_;
    }
    bytes.remove_prefix(used);
  }
}

void AwsChunkedDecoder::finish() {
  if (state_ == State::Failed) throw *error_;
  if (state_ == State::Done) return;
  // Tolerated: a body that stops right after the last trailer line, without the empty line.
  if (state_ == State::TrailerLines && line_.empty()) {
    endTrailers();
    return;
  }
  fail(errors::incompleteBody());
}

// Collects one CRLF-terminated line into line_ (without the CRLF). Returns true when complete.
bool AwsChunkedDecoder::takeLine(std::string_view bytes, std::size_t& used, std::size_t limit) {
  auto newline = bytes.find('\n');
  used = newline == std::string_view::npos ? bytes.size() : newline + 1;
  line_.append(bytes.data(), used);
  bool in_trailer = state_ == State::TrailerLines;
  if (line_.size() > limit)
    fail(in_trailer ? errors::malformedTrailer() : errors::incompleteBody());
  if (newline == std::string_view::npos) return false;
  if (line_.size() < 2 || line_[line_.size() - 2] != '\r')
    fail(in_trailer ? errors::malformedTrailer() : errors::incompleteBody());
  line_.resize(line_.size() - 2);
  return true;
}

std::size_t AwsChunkedDecoder::feedHeader(std::string_view bytes) {
  std::size_t used = 0;
  if (!takeLine(bytes, used, kMaxHeaderLine)) return used;
  startChunk(line_);
  line_.clear();
  return used;
}

void AwsChunkedDecoder::startChunk(std::string_view line) {
  auto semicolon = line.find(';');
  auto size = parseHexSize(line.substr(0, semicolon));
  if (!size) fail(errors::incompleteBody());
  if (signedMode()) {
    auto extension =
        semicolon == std::string_view::npos ? std::string_view() : line.substr(semicolon);
    auto signature = extension.substr(std::min(extension.size(), kSignatureExtension.size()));
    if (extension.substr(0, kSignatureExtension.size()) != kSignatureExtension ||
        signature.size() != 64 || !isLowerHex(signature))
      fail(errors::incompleteBody());
    chunk_signature_.assign(signature);
  }
  ++chunk_count_;
  if (*size > 0 && chunk_count_ > 1 && previous_chunk_size_ < kMinChunkSize)
    fail(errors::invalidChunkSize(chunk_count_, previous_chunk_size_));
  if (*size > options_.decoded_length - decoded_)
    fail(errors::incompleteBodyLength(options_.decoded_length, decoded_ + *size));
  chunk_size_ = chunk_remaining_ = *size;
  if (*size > 0) {
    state_ = State::ChunkData;
    return;
  }
  if (decoded_ != options_.decoded_length)
    fail(errors::incompleteBodyLength(options_.decoded_length, decoded_));
  endChunk();
  state_ = State::TrailerLines;
}

std::size_t AwsChunkedDecoder::feedData(std::string_view bytes) {
  auto take = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_remaining_, bytes.size()));
  std::string_view piece = bytes.substr(0, take);
  if (chunk_hash_) chunk_hash_->update(piece);
  if (trailer_sum_) trailer_sum_->update(piece);
  if (extra_sum_) extra_sum_->update(piece);
  if (header_sum_) header_sum_->update(piece);
  decoded_ += take;
  chunk_remaining_ -= take;
  if (sink_) sink_(piece);
  if (chunk_remaining_ == 0) {
    state_ = State::ChunkDataEnd;
    data_end_seen_ = 0;
  }
  return take;
}

std::size_t AwsChunkedDecoder::feedDataEnd(std::string_view bytes) {
  std::size_t used = 0;
  while (used < bytes.size() && data_end_seen_ < 2) {
    char expected = data_end_seen_ == 0 ? '\r' : '\n';
    if (bytes[used] != expected) fail(errors::incompleteBody());
    ++data_end_seen_;
    ++used;
  }
  if (data_end_seen_ == 2) {
    endChunk();
    state_ = State::ChunkHeader;
  }
  return used;
}

void AwsChunkedDecoder::endChunk() {
  if (options_.verify_signatures) {
    char chunk_hash[64];
    detail::hexInto(chunk_hash_->finish(), chunk_hash);
    verifyChunkSignature({chunk_hash, sizeof chunk_hash});
  }
  previous_signature_ = chunk_signature_;
  previous_chunk_size_ = chunk_size_;
}

// String to sign of a chunk: "AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous signature>\n
// <sha256("")>\n<sha256(chunk data)>"; the seed is the request signature.
void AwsChunkedDecoder::verifyChunkSignature(std::string_view chunk_sha256_hex) {
  std::string to_sign;
  to_sign.reserve(25 + options_.amz_date.size() + options_.scope.size() + 3 * 64 + 5);
  to_sign += "AWS4-HMAC-SHA256-PAYLOAD\n";
  to_sign += options_.amz_date;
  to_sign += '\n';
  to_sign += options_.scope;
  to_sign += '\n';
  to_sign += previous_signature_;
  to_sign += '\n';
  to_sign += kEmptySha256;
  to_sign += '\n';
  to_sign += chunk_sha256_hex;
  auto key = std::string_view(reinterpret_cast<const char*>(options_.signing_key.data()),
                              options_.signing_key.size());
  if (!detail::hexEquals(chunk_signature_, detail::hmacSha256(key, to_sign)))
    fail(errors::signatureDoesNotMatch(AuthFlavor::S3));
}

std::size_t AwsChunkedDecoder::feedTrailer(std::string_view bytes) {
  std::size_t used = 0;
  bool complete = takeLine(bytes, used, kMaxTrailerBytes);
  trailer_bytes_ += used;
  if (trailer_bytes_ > kMaxTrailerBytes) fail(errors::malformedTrailer());
  if (!complete) return used;
  if (line_.empty()) {
    endTrailers();
  } else {
    onTrailerLine(line_);
    line_.clear();
  }
  return used;
}

// A trailer is "<name>:<value>": the checksum named by x-amz-trailer, and in the signed mode the
// x-amz-trailer-signature after it. Anything else is MalformedTrailerError.
void AwsChunkedDecoder::onTrailerLine(std::string_view line) {
  auto colon = line.find(':');
  if (colon == std::string_view::npos || !trailerMode()) fail(errors::malformedTrailer());
  auto name = strings::trim(line.substr(0, colon)), value = strings::trim(line.substr(colon + 1));
  if (name.size() == 23 && strncasecmp(name.data(), "x-amz-trailer-signature", 23) == 0) {
    if (options_.mode != PayloadMode::StreamingSignedTrailer || !trailer_signature_.empty())
      fail(errors::malformedTrailer());
    trailer_signature_.assign(value.empty() ? " " : value);
    return;
  }
  auto algorithm = checksumAlgorithmForHeader(name);
  if (!algorithm || algorithm != options_.trailer || trailer_value_ || !trailer_signature_.empty())
    fail(errors::malformedTrailer());
  if (!validChecksumValue(*algorithm, value)) fail(errors::invalidChecksumValue(*algorithm, true));
  trailer_value_ = ChecksumValue{*algorithm, std::string(value)};
  trailer_canonical_ += checksumHeaderName(*algorithm);
  trailer_canonical_ += ':';
  trailer_canonical_ += value;
  trailer_canonical_ += '\n';
}

// The trailer signature: "AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<last chunk signature>\n
// <sha256 of the trailers as 'name:value\n' lines>".
void AwsChunkedDecoder::endTrailers() {
  if (options_.trailer && !trailer_value_) fail(errors::malformedTrailer());
  if (options_.mode == PayloadMode::StreamingSignedTrailer && options_.verify_signatures) {
    std::string to_sign = "AWS4-HMAC-SHA256-TRAILER\n" + options_.amz_date + "\n" + options_.scope +
                          "\n" + previous_signature_ + "\n" +
                          detail::hex(detail::sha256(trailer_canonical_));
    auto key = std::string_view(reinterpret_cast<const char*>(options_.signing_key.data()),
                                options_.signing_key.size());
    if (!detail::hexEquals(trailer_signature_, detail::hmacSha256(key, to_sign)))
      fail(errors::signatureDoesNotMatch(AuthFlavor::S3));
  }
  if (trailer_sum_) trailer_computed_ = trailer_sum_->base64();
  if (extra_sum_) extra_computed_ = extra_sum_->base64();
  if (header_sum_) header_computed_ = header_sum_->base64();
  if (trailer_value_ && trailer_value_->value != *trailer_computed_)
    fail(errors::badDigest(trailer_value_->algorithm));
  if (options_.header_checksum && options_.header_checksum->value != *header_computed_)
    fail(errors::badDigest(options_.header_checksum->algorithm));
  state_ = State::Done;
}

std::optional<std::string> AwsChunkedDecoder::computedChecksum(ChecksumAlgorithm algorithm) const {
  if (options_.trailer == algorithm && trailer_computed_) return trailer_computed_;
  if (options_.header_checksum && options_.header_checksum->algorithm == algorithm &&
      header_computed_)
    return header_computed_;
  if (options_.also_compute == algorithm && extra_computed_) return extra_computed_;
  return std::nullopt;
}

}  // namespace awsemu::auth
