#include "src/protocol/cbor.hpp"

#include <bit>
#include <cmath>
#include <cstring>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::protocol::cbor {

// ---- writer ---------------------------------------------------------------------------------
void Writer::head(std::uint8_t major, std::uint64_t value) {
  const auto type = static_cast<char>(major << 5);
  int extra = 0;
  if (value < 24) {
    out_.push_back(static_cast<char>(type | static_cast<char>(value)));
    return;
  } else if (value <= 0xff) {
    out_.push_back(static_cast<char>(type | 24));
    extra = 1;
  } else if (value <= 0xffff) {
    out_.push_back(static_cast<char>(type | 25));
    extra = 2;
  } else if (value <= 0xffffffffULL) {
    out_.push_back(static_cast<char>(type | 26));
    extra = 4;
  } else {
    out_.push_back(static_cast<char>(type | 27));
    extra = 8;
  }
  for (int shift = (extra - 1) * 8; shift >= 0; shift -= 8)
    out_.push_back(static_cast<char>((value >> shift) & 0xff));
}

void Writer::text(std::string_view value) {
  head(3, value.size());
  out_.append(value);
}

void Writer::bytes(std::string_view value) {
  head(2, value.size());
  out_.append(value);
}

void Writer::integer(std::int64_t value) {
  if (value >= 0)
    head(0, static_cast<std::uint64_t>(value));
  else
    head(1, static_cast<std::uint64_t>(-(value + 1)));
}

void Writer::floating(double value) {
  out_.push_back(static_cast<char>(0xfb));
  const auto bits = std::bit_cast<std::uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8)
    out_.push_back(static_cast<char>((bits >> shift) & 0xff));
}

void Writer::json(const Json& value, int depth) {
  if (depth > 128) throw errors::internalFailure("output nested too deeply");
  switch (value.type()) {
    case Json::value_t::boolean:
      return boolean(value.get<bool>());
    case Json::value_t::number_integer:
      return integer(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return unsignedInteger(value.get<std::uint64_t>());
    case Json::value_t::number_float:
      return floating(value.get<double>());
    case Json::value_t::string:
      return text(value.get_ref<const std::string&>());
    case Json::value_t::binary: {
      const auto& b = value.get_binary();
      return bytes(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
    }
    case Json::value_t::array:
      arrayHeader(value.size());
      for (const auto& item : value) json(item, depth + 1);
      return;
    case Json::value_t::object:
      mapHeader(value.size());
      for (const auto& [key, item] : value.items()) {
        text(key);
        json(item, depth + 1);
      }
      return;
    default:
      return null();
  }
}

// ---- reader ---------------------------------------------------------------------------------
namespace {

AwsError malformed(const std::string& what) {
  return errors::serialization("Malformed CBOR body: " + what);
}

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool validUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra;
    if (c < 0x80)
      extra = 0;
    else if (c >= 0xc2 && c < 0xe0)
      extra = 1;
    else if (c >= 0xe0 && c < 0xf0)
      extra = 2;
    else if (c >= 0xf0 && c < 0xf5)
      extra = 3;
    else
      return false;
    if (extra > s.size() - i - 1) return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    const auto next = extra ? static_cast<unsigned char>(s[i + 1]) : 0;
    if ((c == 0xe0 && next < 0xa0) || (c == 0xed && next >= 0xa0) || (c == 0xf0 && next < 0x90) ||
        (c == 0xf4 && next >= 0x90))
      return false;
    i += extra + 1;
  }
  return true;
}

double halfToDouble(std::uint16_t half) {
  const int exponent = (half >> 10) & 0x1f;
  const int mantissa = half & 0x3ff;
  double value;
  if (exponent == 0)
    value = std::ldexp(mantissa, -24);
  else if (exponent == 31)
    value = mantissa == 0 ? INFINITY : NAN;
  else
    value = std::ldexp(mantissa + 1024, exponent - 25);
  return (half & 0x8000) ? -value : value;
}

class Reader {
 public:
  Reader(std::string_view in, int max_depth) : in_(in), max_depth_(max_depth) {}

  Json document() {
    Json value = item(0);
    if (pos_ != in_.size()) throw malformed("trailing bytes after the top-level item");
    return value;
  }

 private:
  std::uint8_t byte() {
    if (pos_ >= in_.size()) throw malformed("unexpected end of input");
    return static_cast<std::uint8_t>(in_[pos_++]);
  }

  std::uint64_t bigEndian(int count) {
    std::uint64_t value = 0;
    for (int i = 0; i < count; ++i) value = (value << 8) | byte();
    return value;
  }

  std::uint64_t argument(std::uint8_t info) {
    if (info < 24) return info;
    if (info == 24) return bigEndian(1);
    if (info == 25) return bigEndian(2);
    if (info == 26) return bigEndian(4);
    if (info == 27) return bigEndian(8);
    throw malformed("reserved additional information");
  }

  std::size_t checkedLength(std::uint64_t length) const {
    if (length > in_.size() - pos_) throw malformed("length exceeds the body");
    return static_cast<std::size_t>(length);
  }

  // A text or byte string, possibly indefinite (a sequence of definite chunks of the same type).
  std::string string(std::uint8_t major, std::uint8_t info) {
    if (info != 31) {
      const std::size_t length = checkedLength(argument(info));
      std::string out(in_.substr(pos_, length));
      pos_ += length;
      return out;
    }
    std::string out;
    for (std::uint8_t initial; (initial = byte()) != 0xff;) {
      if ((initial >> 5) != major || (initial & 0x1f) == 31) throw malformed("bad string chunk");
      out += string(major, initial & 0x1f);
    }
    return out;
  }

  Json item(int depth) {
    if (depth > max_depth_) throw malformed("nested too deeply");
    const std::uint8_t initial = byte();
    const std::uint8_t major = initial >> 5, info = initial & 0x1f;
    switch (major) {
      case 0:
        return argument(info);
      case 1: {
        const std::uint64_t n = argument(info);
        if (n <= static_cast<std::uint64_t>(INT64_MAX)) return -1 - static_cast<std::int64_t>(n);
        return -1.0 - static_cast<double>(n);
      }
      case 2:
        return makeBlob(string(2, info));
      case 3: {
        std::string text = string(3, info);
        if (!validUtf8(text)) throw malformed("text string is not UTF-8");
        return text;
      }
      case 4:
        return array(info, depth);
      case 5:
        return map(info, depth);
      case 6:
        argument(info);
        return item(depth + 1);  // tag: keep the content
      default:
        return simple(info);
    }
  }

  Json array(std::uint8_t info, int depth) {
    Json out = Json::array();
    if (info == 31) {
      while (peekBreak() == false) out.push_back(item(depth + 1));
      return out;
    }
    const std::size_t count = checkedLength(argument(info));  // each item takes >= 1 byte
    for (std::size_t i = 0; i < count; ++i) out.push_back(item(depth + 1));
    return out;
  }

  Json map(std::uint8_t info, int depth) {
    Json out = Json::object();
    const bool indefinite = info == 31;
    const std::size_t count = indefinite ? 0 : checkedLength(argument(info));
    for (std::size_t i = 0; indefinite ? !peekBreak() : i < count; ++i) {
      Json key = item(depth + 1);
      if (!key.is_string()) throw malformed("map keys must be text strings");
      out[key.get<std::string>()] = item(depth + 1);
    }
    return out;
  }

  // Consumes a break byte (0xff) if it is next.
  bool peekBreak() {
    if (pos_ >= in_.size()) throw malformed("unterminated indefinite-length item");
    if (static_cast<std::uint8_t>(in_[pos_]) != 0xff) return false;
    ++pos_;
    return true;
  }

  Json simple(std::uint8_t info) {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
      case 23:
        return nullptr;
      case 25:
        return halfToDouble(static_cast<std::uint16_t>(bigEndian(2)));
      case 26:
        return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(bigEndian(4))));
      case 27:
        return std::bit_cast<double>(bigEndian(8));
      default:
        throw malformed("unsupported simple value");
    }
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  int max_depth_;
};

}  // namespace

Json decode(std::string_view bytes, int max_depth) { return Reader(bytes, max_depth).document(); }

}  // namespace awsemu::protocol::cbor
