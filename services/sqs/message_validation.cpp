#include "services/sqs/message_validation.hpp"

#include <locale.h>
#include <wctype.h>

#include <cctype>
#include <cstdio>
#include <string>

#include "awsemu/core/encoding.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace {

constexpr const char* kAllowedCharacters =
    "#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]";

// One UTF-8 sequence at `pos`; advances `pos` past it. nullopt (pos unchanged) when invalid.
std::optional<char32_t> decodeOne(std::string_view text, std::size_t& pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  if (lead < 0x80) return static_cast<char32_t>(text[pos++]);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || pos + length > text.size()) return std::nullopt;
  char32_t c = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return std::nullopt;
    c = (c << 6) | (byte(pos + i) & 0x3F);
  }
  static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kSmallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
  pos += length;
  return c;
}

std::string hexLabel(unsigned long value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "#x%lX", value);
  return buffer;
}

AwsError invalid(const std::string& message) { return errors::invalidParameterValue(message); }

// Letters and digits of any script: AWS accepts names such as "attr.1øßä" (LocalStack's
// AWS-validated test_send_message_with_invalid_string_attributes) and rejects "§".
bool isNameCharacter(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) || c == '_' || c == '-' || c == '.';
  static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return utf8 != nullptr && iswalnum_l(static_cast<wint_t>(c), utf8);
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// kind is "(user)" or "system", as in AWS's texts.
void validateAttributeName(const std::string& name, const std::string& kind) {
  if (name.empty()) {
    throw invalid("The request must contain non-empty message " + kind + " attribute names.");
  }
  if (name.size() > kMaxAttributeNameBytes) {
    throw invalid("Message " + kind + " attribute name must be shorter than 256 bytes.");
  }
  if (startsWithIgnoringCase(name, "aws.") || startsWithIgnoringCase(name, "amazon.")) {
    throw invalid(
        "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. These strings "
        "are reserved for internal use.");
  }
  if (name.front() == '.') {
    throw invalid("Message " + kind + " attribute name must not begin with character '.'.");
  }
  if (name.back() == '.') {
    throw invalid("Message " + kind + " attribute name must not end with character '.'.");
  }
  if (name.find("..") != std::string::npos) {
    throw invalid("Message " + kind + " attribute name must not have successive '.' characters.");
  }
  auto characters = decodeUtf8(name);
  bool valid = characters.has_value();
  for (std::size_t i = 0; valid && i < characters->size(); ++i)
    valid = isNameCharacter((*characters)[i]);
  if (!valid) {
    // AWS's text, trailing space included.
    throw invalid("Message " + kind +
                  " attributes name can only contain upper and lower score characters, digits, "
                  "periods, hyphens and underscores. ");
  }
}

bool hasListValues(const Json& value) {
  for (const char* field : {"StringListValues", "BinaryListValues"}) {
    auto it = value.find(field);
    if (it != value.end() && !it->is_null() && !(it->is_array() && it->empty())) return true;
  }
  return false;
}

// "String", "Number" or "Binary", optionally followed by "." and a custom label.
std::string baseType(std::string_view type) {
  for (std::string_view base : {"String", "Number", "Binary"}) {
    if (type == base) return std::string(base);
    if (type.size() > base.size() + 1 && type.starts_with(base) && type[base.size()] == '.') {
      return std::string(base);
    }
  }
  return {};
}

std::string dataTypeOf(const std::string& name, const Json& value, const std::string& kind) {
  auto type = value.find("DataType");
  if (type == value.end() || !type->is_string() || type->get_ref<const std::string&>().empty()) {
    throw invalid("The message " + kind + " attribute '" + name +
                  "' must contain a non-empty message attribute type.");
  }
  const auto& text = type->get_ref<const std::string&>();
  if (text.size() > kMaxAttributeTypeBytes) {
    throw invalid("Message " + kind + " attribute type must be shorter than 256 bytes.");
  }
  if (baseType(text).empty() || firstDisallowedCharacter(text)) {
    throw invalid("The type of message " + kind + " attribute '" + name +
                  "' is invalid. You must use only the following supported type prefixes: "
                  "Binary, Number, String.");
  }
  return text;
}

// A decimal number as Java's BigDecimal reads it, within what SQS stores: at most 38 significant
// digits and a magnitude between 10^-128 and 10^+126.
bool isSqsNumber(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::string digits;
  int point = -1;
  for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.');
       ++i) {
    if (text[i] == '.') {
      if (point >= 0) return false;
      point = static_cast<int>(digits.size());
    } else {
      digits += text[i];
    }
  }
  if (digits.empty()) return false;
  long exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t start = ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == text.size() || i - start > 6) return false;
    for (std::size_t j = i; j < text.size(); ++j) {
      if (!std::isdigit(static_cast<unsigned char>(text[j]))) return false;
    }
    exponent = std::stol(std::string(text.substr(start)));
    i = text.size();
  }
  if (i != text.size()) return false;
  auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) return true;  // zero
  auto last = digits.find_last_not_of('0');
  if (last - first + 1 > 38) return false;
  // value = 0.d1d2... x 10^magnitude
  long magnitude =
      (point < 0 ? static_cast<long>(digits.size()) : point) - static_cast<long>(first) + exponent;
  return magnitude - 1 >= -128 && magnitude - 1 <= 126;
}

void validateStringValue(const std::string& name, const std::string& type, const Json& value,
                         const std::string& kind) {
  auto string_value = value.find("StringValue");
  if (string_value == value.end() && value.contains("BinaryValue")) {
    throw invalid("Message " + kind + " attribute '" + name + "' with type '" + type +
                  "' must use field 'String'.");
  }
  if (string_value == value.end() || !string_value->is_string() ||
      string_value->get_ref<const std::string&>().empty()) {
    throw invalid("Message " + kind + " attribute '" + name +
                  "' must contain a non-empty value of type '" + type + "'.");
  }
  const auto& text = string_value->get_ref<const std::string&>();
  if (auto bad = firstDisallowedCharacter(text)) {
    throw invalid("Invalid binary character '" + *bad + "' was found in the value of message " +
                  kind + " attribute '" + name + "', the set of allowed characters is " +
                  kAllowedCharacters + ".");
  }
  if (baseType(type) == "Number" && !isSqsNumber(text)) {
    throw invalid("Can't cast the value of message " + kind + " attribute '" + name +
                  "' to a number.");
  }
}

void validateBinaryValue(const std::string& name, const std::string& type, const Json& value,
                         const std::string& kind) {
  auto binary_value = value.find("BinaryValue");
  if (binary_value == value.end() && value.contains("StringValue")) {
    throw invalid("Message " + kind + " attribute '" + name +
                  "' with type 'Binary' must use field 'Binary'.");
  }
  std::optional<std::string> bytes;
  if (binary_value != value.end()) bytes = binaryValueBytes(*binary_value);
  if (!bytes || bytes->empty()) {
    throw invalid("Message " + kind + " attribute '" + name +
                  "' must contain a non-empty value of type '" + type + "'.");
  }
}

void validateAttributeValue(const std::string& name, const Json& value, const std::string& kind) {
  if (!value.is_object() || value.empty()) {
    throw invalid("The message " + kind + " attribute '" + name +
                  "' must contain a non-empty message attribute value.");
  }
  if (hasListValues(value)) {
    throw errors::unsupportedOperation(
        "Message attribute list values in SendMessage operation are not supported.");
  }
  std::string type = dataTypeOf(name, value, kind);
  if (value.contains("StringValue") && value.contains("BinaryValue")) {
    throw invalid("Message " + kind + " attribute '" + name + "' must have a single value.");
  }
  if (baseType(type) == "Binary") {
    validateBinaryValue(name, type, value, kind);
  } else {
    validateStringValue(name, type, value, kind);
  }
}

// Name, DataType and value bytes of one attribute.
std::size_t attributeBytes(const std::string& name, const Json& value) {
  std::size_t size = name.size();
  if (!value.is_object()) return size;
  for (const char* field : {"DataType", "StringValue"}) {
    auto it = value.find(field);
    if (it != value.end() && it->is_string()) size += it->get_ref<const std::string&>().size();
  }
  auto binary_value = value.find("BinaryValue");
  if (binary_value != value.end()) {
    if (auto bytes = binaryValueBytes(*binary_value)) size += bytes->size();
  }
  return size;
}

}  // namespace

std::optional<std::u32string> decodeUtf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    auto c = decodeOne(text, pos);
    if (!c) return std::nullopt;
    out.push_back(*c);
  }
  return out;
}

bool isAllowedCharacter(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::optional<std::string> firstDisallowedCharacter(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    auto c = decodeOne(text, pos);
    if (!c) return hexLabel(static_cast<unsigned char>(text[pos]));
    if (!isAllowedCharacter(*c)) return hexLabel(*c);
  }
  return std::nullopt;
}

void validateMessageBody(std::string_view body) {
  if (body.empty()) throw errors::missingParameter("MessageBody");
  if (auto bad = firstDisallowedCharacter(body)) {
    throw errors::invalidMessageContents("Invalid binary character '" + *bad +
                                         "' was found in the message body, the set of allowed "
                                         "characters is " +
                                         kAllowedCharacters + ".");
  }
}

void validateMessageAttributes(const Json& attributes) {
  if (attributes.is_null()) return;
  if (!attributes.is_object()) throw invalid("MessageAttributes must be a map.");
  if (attributes.size() > kMaxMessageAttributes) {
    throw invalid("Number of message attributes [" + std::to_string(attributes.size()) +
                  "] exceeds the allowed maximum [" + std::to_string(kMaxMessageAttributes) + "].");
  }
  for (const auto& [name, value] : attributes.items()) {
    validateAttributeName(name, "(user)");
    validateAttributeValue(name, value, "(user)");
  }
}

void validateMessageSystemAttributes(const Json& attributes) {
  if (attributes.is_null()) return;
  if (!attributes.is_object()) throw invalid("MessageSystemAttributes must be a map.");
  for (const auto& [name, value] : attributes.items()) {
    if (name != "AWSTraceHeader") {
      throw invalid("Message system attribute name '" + name + "' is invalid.");
    }
    validateAttributeValue(name, value, "system");
    if (value.at("DataType") != "String") {
      throw invalid("The type of message system attribute '" + name +
                    "' is invalid. You must use only the following supported type prefixes: "
                    "String.");
    }
  }
}

std::optional<std::string> binaryValueBytes(const Json& value) {
  if (value.is_binary()) return blobToString(value);
  if (value.is_string()) return encoding::base64Decode(value.get_ref<const std::string&>());
  return std::nullopt;
}

std::size_t messageSize(std::string_view body, const Json& attributes) {
  std::size_t size = body.size();
  if (!attributes.is_object()) return size;
  for (const auto& [name, value] : attributes.items()) size += attributeBytes(name, value);
  return size;
}

void validateMessageSize(std::string_view body, const Json& attributes, std::size_t limit) {
  if (messageSize(body, attributes) > limit) {
    throw invalid("One or more parameters are invalid. Reason: Message must be shorter than " +
                  std::to_string(limit) + " bytes.");
  }
}

bool isValidBatchEntryId(std::string_view id) {
  if (id.empty() || id.size() > kMaxBatchEntryIdLength) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace awsemu::sqs
