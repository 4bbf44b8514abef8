#include "services/sns/publish_request.hpp"

#include <cstdlib>
#include <regex>

#include "services/sns/sns_errors.hpp"

namespace awsemu::sns {
namespace {

constexpr std::size_t kMaxAttributes = 10;

std::string attributeError(const std::string& name, const std::string& text) {
  return "The message attribute '" + name + "' " + text;
}

bool numeric(const std::string& text) {
  if (text.empty()) return false;
  char* end = nullptr;
  std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html
void checkAttributes(const Json& attributes) {
  if (attributes.size() > kMaxAttributes)
    throw errors::invalidParameter("Number of message attributes [" +
                                   std::to_string(attributes.size()) +
                                   "] exceeds the allowed maximum [10].");
  static const std::regex name_pattern(R"([A-Za-z0-9_\-.]{1,256})");
  for (const auto& [name, value] : attributes.items()) {
    if (!std::regex_match(name, name_pattern) || name.starts_with("AWS.") ||
        name.starts_with("Amazon.") || name.front() == '.' || name.back() == '.' ||
        name.find("..") != std::string::npos)
      throw errors::invalidParameterValue("The message attribute name '" + name + "' is invalid.");
    std::string type = value.value("DataType", "");
    if (type.empty())
      throw errors::invalidParameterValue(
          attributeError(name, "must contain non-empty message attribute type."));
    std::string base = type.substr(0, type.find('.'));
    if (base != "String" && base != "Number" && base != "Binary")
      throw errors::invalidParameterValue(attributeError(
          name,
          "has an invalid message attribute type, the set of supported type prefixes is Binary, "
          "Number, and String."));
    if (base == "Binary") {
      if (!value.contains("BinaryValue"))
        throw errors::invalidParameterValue(
            attributeError(name, "with type 'Binary' must use field 'Binary'."));
      continue;
    }
    std::string text = value.value("StringValue", "");
    if (text.empty())
      throw errors::invalidParameterValue(attributeError(
          name, "must contain non-empty message attribute value for message attribute type '" +
                    base + "'."));
    if (base == "Number" && !numeric(text))
      throw errors::invalidParameterValue("Could not cast message attribute '" + name +
                                          "' value to number.");
    if (type == "String.Array") {
      Json array = Json::parse(text, nullptr, false);
      if (!array.is_array())
        throw errors::invalidParameter("MessageAttributes",
                                       "Invalid value for String.Array type: " + text);
    }
  }
}

// Printable ASCII, no line breaks, at most 100 characters.
bool validSubject(const std::string& subject) {
  if (subject.empty() || subject.size() > 100) return false;
  for (unsigned char c : subject)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

}  // namespace

PublishedMessage parsePublishRequest(const Json& input, bool to_endpoint) {
  PublishedMessage m;
  m.raw_message = input.value("Message", "");
  if (m.raw_message.empty()) throw errors::invalidParameter("Empty message");
  m.message = m.raw_message;
  m.message_structure = input.value("MessageStructure", "");
  if (m.message_structure == "json") {
    m.structure = Json::parse(m.raw_message, nullptr, false);
    if (!m.structure.is_object())
      throw errors::invalidParameter("Message Structure - JSON message body failed to parse");
    auto it = m.structure.find("default");
    if (to_endpoint && it == m.structure.end()) {
      // kept as sent
    } else if (it == m.structure.end() || !it->is_string())
      throw errors::invalidParameter("Message Structure - No default entry in JSON message body");
    else
      m.message = it->get<std::string>();
  } else if (!m.message_structure.empty()) {
    throw errors::invalidParameter("MessageStructure");
  }
  if (input.contains("Subject")) {
    m.subject = input.value("Subject", "");
    if (!validSubject(m.subject)) throw errors::invalidParameter("Subject");
  }
  if (auto it = input.find("MessageAttributes"); it != input.end() && it->is_object()) {
    checkAttributes(*it);
    m.attributes = *it;
  }
  m.group_id = input.value("MessageGroupId", "");
  m.deduplication_id = input.value("MessageDeduplicationId", "");
  if (publishedSize(m) > kMaxMessageBytes) throw errors::invalidParameter("Message too long");
  return m;
}

std::size_t publishedSize(const PublishedMessage& m) {
  std::size_t size = m.raw_message.size();
  for (const auto& [name, value] : m.attributes.items()) {
    size += name.size() + value.value("DataType", "").size();
    if (auto it = value.find("BinaryValue"); it != value.end())
      size += it->is_binary() ? it->get_binary().size() : it->get<std::string>().size();
    else
      size += value.value("StringValue", "").size();
  }
  return size;
}

}  // namespace awsemu::sns
