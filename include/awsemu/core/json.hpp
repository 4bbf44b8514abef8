#pragma once
// The document type that crosses the codec/handler boundary.
//
// Conventions (every codec produces and consumes exactly these):
//  - structure -> JSON object, member names as in the model (not locationName);
//  - list -> array; map -> object;
//  - string/enum -> string; integer/long/byte/short -> integer; float/double -> number
//    (NaN/Infinity as the strings "NaN", "Infinity", "-Infinity");
//  - boolean -> bool;
//  - blob -> json::binary (raw bytes, never base64 text);
//  - timestamp -> number of seconds since the Unix epoch (integer or fractional);
//  - document (smithy document type) -> JSON as is.
// Members that are absent from the request are absent from the document (no nulls).
#include <nlohmann/json.hpp>

namespace awsemu {
using Json = nlohmann::json;
using Bytes = nlohmann::json::binary_t;

inline Json makeBlob(std::string_view bytes) {
  return Json::binary(Bytes::container_type(bytes.begin(), bytes.end()));
}
inline std::string blobToString(const Json& blob) {
  const auto& b = blob.get_binary();
  return std::string(b.begin(), b.end());
}
}  // namespace awsemu
