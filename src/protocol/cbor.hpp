#pragma once
// CBOR (RFC 8949) encoding and decoding for smithy-rpc-v2-cbor bodies.
// Our own small codec instead of nlohmann's: decoding must bound nesting depth and lengths on
// untrusted input, and encoding needs tag 1 (epoch timestamps) which nlohmann cannot write.
#include <cstdint>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::protocol::cbor {

// Appends CBOR data items to a byte string. Containers are written with definite lengths.
class Writer {
 public:
  void mapHeader(std::uint64_t pairs) { head(5, pairs); }
  void arrayHeader(std::uint64_t items) { head(4, items); }
  void text(std::string_view value);
  void bytes(std::string_view value);
  void integer(std::int64_t value);
  void unsignedInteger(std::uint64_t value) { head(0, value); }
  void floating(double value);  // always an IEEE 754 double (major 7, 27)
  void boolean(bool value) { out_.push_back(static_cast<char>(value ? 0xf5 : 0xf4)); }
  void null() { out_.push_back(static_cast<char>(0xf6)); }
  void tag(std::uint64_t number) { head(6, number); }
  // Any document value without a shape (documents, unmodelled error fields).
  void json(const Json& value, int depth = 0);

  std::string take() { return std::move(out_); }

 private:
  void head(std::uint8_t major, std::uint64_t value);
  std::string out_;
};

// Decodes exactly one data item into a document: byte strings become Json::binary, text strings
// (validated UTF-8) strings, tags are dropped (tag 1 epoch -> its number), half/single/double
// floats doubles, undefined null. Map keys must be text strings. Throws AwsError
// (SerializationException) on malformed input, trailing bytes or nesting deeper than max_depth.
Json decode(std::string_view bytes, int max_depth = 128);

}  // namespace awsemu::protocol::cbor
