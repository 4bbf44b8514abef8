#include "src/protocol/xml_text.hpp"

#include <strings.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/time.hpp"

namespace awsemu::protocol::text {
namespace {

std::optional<std::int64_t> parseInteger(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    return std::nullopt;
  return value;
}

std::optional<double> parseFinite(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

// NaN and the infinities travel as these words; the document keeps them as strings.
bool isNonFiniteWord(std::string_view text) {
  return text == "NaN" || text == "Infinity" || text == "-Infinity";
}

std::optional<Json> parseIntegerOf(ShapeType type, std::string_view text) {
  std::optional<std::int64_t> value;
  switch (type) {
    case ShapeType::Byte:
      value = parseInteger(text, -128, 127);
      break;
    case ShapeType::Short:
      value = parseInteger(text, -32768, 32767);
      break;
    case ShapeType::Integer:
      value = parseInteger(text, std::numeric_limits<std::int32_t>::min(),
                           std::numeric_limits<std::int32_t>::max());
      break;
    default:
      value = parseInteger(text, std::numeric_limits<std::int64_t>::min(),
                           std::numeric_limits<std::int64_t>::max());
  }
  if (!value) return std::nullopt;
  return Json(*value);
}

std::optional<Json> parseBoolean(std::string_view text) {
  if (text.size() == 4 && strncasecmp(text.data(), "true", 4) == 0) return Json(true);
  if (text.size() == 5 && strncasecmp(text.data(), "false", 5) == 0) return Json(false);
  return std::nullopt;
}

std::string formatNumberValue(const Json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  return formatDouble(value.get<double>());
}

}  // namespace

TimestampFormat timestampFormatOf(const MemberRef& ref, const Shape& shape,
                                  TimestampFormat location_default) {
  if (ref.timestamp_format != TimestampFormat::Default) return ref.timestamp_format;
  if (shape.timestamp_format != TimestampFormat::Default) return shape.timestamp_format;
  return location_default;
}

std::string formatTimestamp(double epoch_seconds, TimestampFormat format) {
  switch (format) {
    case TimestampFormat::Rfc822:
      return timefmt::httpDate(epoch_seconds);
    case TimestampFormat::UnixTimestamp:
      return timefmt::epochText(epoch_seconds);
    default:
      return timefmt::iso8601(epoch_seconds, 3);  // fraction only when there is one
  }
}

std::optional<double> parseTimestamp(std::string_view text, TimestampFormat format) {
  if (format == TimestampFormat::UnixTimestamp)
    if (auto seconds = parseFinite(text)) return seconds;
  return timefmt::parseAny(text);
}

std::string formatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

std::string jsonText(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json epochJson(double epoch_seconds) {
  if (std::floor(epoch_seconds) == epoch_seconds && std::fabs(epoch_seconds) < 9e15)
    return Json(static_cast<std::int64_t>(epoch_seconds));
  return Json(epoch_seconds);
}

std::string formatScalar(const Shape& shape, const Json& value, TimestampFormat format) {
  switch (value.type()) {
    case Json::value_t::string:
      // A blob given as text (tests, lenient handlers) still goes out base64-encoded.
      if (shape.type == ShapeType::Blob)
        return encoding::base64Encode(value.get_ref<const std::string&>());
      return value.get<std::string>();
    case Json::value_t::binary: {
      const auto& bytes = value.get_binary();
      return encoding::base64Encode(
          std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    }
    case Json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      if (shape.type == ShapeType::Timestamp) return formatTimestamp(value.get<double>(), format);
      return formatNumberValue(value);
    case Json::value_t::null:
      return "";
    default:
      return jsonText(value);
  }
}

std::optional<Json> parseScalar(const Shape& shape, std::string_view text, TimestampFormat format) {
  switch (shape.type) {
    case ShapeType::String:
      return Json(std::string(text));
    case ShapeType::Boolean:
      return parseBoolean(text);
    case ShapeType::Byte:
    case ShapeType::Short:
    case ShapeType::Integer:
    case ShapeType::Long:
      return parseIntegerOf(shape.type, text);
    case ShapeType::BigInteger:
      if (auto integer = parseIntegerOf(ShapeType::Long, text)) return integer;
      [[fallthrough]];
    case ShapeType::Float:
    case ShapeType::Double:
    case ShapeType::BigDecimal: {
      if (isNonFiniteWord(text)) return Json(std::string(text));
      auto number = parseFinite(text);
      if (!number) return std::nullopt;
      return Json(*number);
    }
    case ShapeType::Blob: {
      auto bytes = encoding::base64Decode(text);
      if (!bytes) return std::nullopt;
      return makeBlob(*bytes);
    }
    case ShapeType::Timestamp: {
      auto seconds = parseTimestamp(text, format);
      if (!seconds) return std::nullopt;
      return epochJson(*seconds);
    }
    default:
      return std::nullopt;
  }
}

bool isScalar(ShapeType type) {
  return type != ShapeType::Structure && type != ShapeType::List && type != ShapeType::Map &&
         type != ShapeType::Document;
}

std::string_view typeName(ShapeType type) {
  switch (type) {
    case ShapeType::Boolean:
      return "boolean";
    case ShapeType::Byte:
      return "byte";
    case ShapeType::Short:
      return "short";
    case ShapeType::Integer:
      return "integer";
    case ShapeType::Long:
      return "long";
    case ShapeType::BigInteger:
      return "big integer";
    case ShapeType::Float:
      return "float";
    case ShapeType::Double:
      return "double";
    case ShapeType::BigDecimal:
      return "big decimal";
    case ShapeType::Blob:
      return "base64-encoded blob";
    case ShapeType::Timestamp:
      return "timestamp";
    default:
      return "value";
  }
}

}  // namespace awsemu::protocol::text
