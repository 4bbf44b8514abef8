#include "services/sqs/message_md5.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

#include "awsemu/core/encoding.hpp"
#include "services/sqs/message_validation.hpp"

namespace awsemu::sqs {
namespace {

constexpr unsigned char kStringType = 1;
constexpr unsigned char kBinaryType = 2;
constexpr unsigned char kStringListType = 3;
constexpr unsigned char kBinaryListType = 4;

class Md5 {
 public:
  Md5() : context_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_md5(), nullptr) != 1) {
      throw std::runtime_error("MD5 is not available");
    }
  }
  void add(std::string_view bytes) { EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()); }
  void addByte(unsigned char byte) { EVP_DigestUpdate(context_.get(), &byte, 1); }
  // A 4-byte big-endian length, then the bytes.
  void addField(std::string_view bytes) {
    auto length = static_cast<std::uint32_t>(bytes.size());
    unsigned char prefix[4] = {
        static_cast<unsigned char>(length >> 24), static_cast<unsigned char>(length >> 16),
        static_cast<unsigned char>(length >> 8), static_cast<unsigned char>(length)};
    add(std::string_view(reinterpret_cast<const char*>(prefix), sizeof prefix));
    add(bytes);
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(context_.get(), digest, &size);
    return encoding::hexEncode(std::string_view(reinterpret_cast<const char*>(digest), size));
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

const std::string* stringField(const Json& value, const char* field) {
  auto it = value.find(field);
  return it != value.end() && it->is_string() ? &it->get_ref<const std::string&>() : nullptr;
}

std::string binaryBytes(const Json& value) {
  if (auto bytes = binaryValueBytes(value)) return *bytes;
  return value.is_string() ? value.get<std::string>() : std::string();
}

// Java orders map keys by UTF-16 code units; that differs from UTF-8 byte order only between
// characters past U+FFFF and those in U+E000..U+FFFF.
std::u16string javaSortKey(const std::string& name) {
  auto characters = decodeUtf8(name);
  if (!characters) return std::u16string(name.begin(), name.end());
  std::u16string key;
  for (char32_t c : *characters) {
    if (c < 0x10000) {
      key.push_back(static_cast<char16_t>(c));
    } else {
      key.push_back(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      key.push_back(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    }
  }
  return key;
}

void addValue(Md5& md5, const Json& value) {
  if (const auto* text = stringField(value, "StringValue")) {
    md5.addByte(kStringType);
    md5.addField(*text);
  } else if (auto binary = value.find("BinaryValue"); binary != value.end()) {
    md5.addByte(kBinaryType);
    md5.addField(binaryBytes(*binary));
  } else if (auto list = value.find("StringListValues"); list != value.end() && list->is_array()) {
    md5.addByte(kStringListType);
    for (const auto& item : *list) md5.addField(item.is_string() ? item.get<std::string>() : "");
  } else if (auto list = value.find("BinaryListValues"); list != value.end() && list->is_array()) {
    md5.addByte(kBinaryListType);
    for (const auto& item : *list) md5.addField(binaryBytes(item));
  }
}

std::string digestAttributes(const Json& attributes) {
  if (!attributes.is_object() || attributes.empty()) return "";
  std::vector<std::pair<std::u16string, std::string>> names;
  for (auto it = attributes.begin(); it != attributes.end(); ++it) {
    names.emplace_back(javaSortKey(it.key()), it.key());
  }
  std::sort(names.begin(), names.end());
  Md5 md5;
  for (const auto& [key, name] : names) {
    const Json& value = attributes.at(name);
    md5.addField(name);
    if (!value.is_object()) continue;
    const auto* type = stringField(value, "DataType");
    md5.addField(type ? *type : std::string());
    addValue(md5, value);
  }
  return md5.hex();
}

}  // namespace

std::string md5Hex(std::string_view bytes) { return encoding::md5Hex(bytes); }

std::string md5OfMessageAttributes(const Json& attributes) { return digestAttributes(attributes); }

std::string md5OfMessageSystemAttributes(const Json& attributes) {
  return digestAttributes(attributes);
}

}  // namespace awsemu::sqs
