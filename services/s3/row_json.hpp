#pragma once
// JSON members of S3 rows as TEXT: readable with the sqlite3 shell, and never fatal to a read.
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::s3::rowjson {

// Invalid UTF-8 (which S3 metadata can hold only through percent-decoding mistakes) is replaced
// rather than refused: a stored row must always serialise.
inline std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// A damaged document reads as `fallback` instead of failing the whole request.
inline Json parse(std::string_view text, Json fallback) {
  // Most JSON columns of a row are empty: skip the parser for them (listings read thousands).
  if (text == "{}") return Json::object();
  if (text == "[]") return Json::array();
  auto parsed = Json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

}  // namespace awsemu::s3::rowjson
