#include "services/sns/notification.hpp"

#include <chrono>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/time.hpp"
#include "services/sns/message_signer.hpp"

namespace awsemu::sns {
namespace {

using Ordered = nlohmann::ordered_json;

std::string attributeValueText(const Json& attribute) {
  if (auto it = attribute.find("BinaryValue"); it != attribute.end()) {
    if (it->is_binary()) return encoding::base64Encode(blobToString(*it));
    return it->get<std::string>();
  }
  return attribute.value("StringValue", "");
}

// "Name\nvalue\n" for each field, in the order the signature documentation lists them.
void field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).push_back('\n');
  out.append(value).push_back('\n');
}

}  // namespace

const std::string& PublishedMessage::textFor(const std::string& protocol) const {
  if (structure.is_object()) {
    if (auto it = structure.find(protocol); it != structure.end() && it->is_string())
      return it->get_ref<const std::string&>();
    if (auto it = structure.find("default"); it != structure.end() && it->is_string())
      return it->get_ref<const std::string&>();
  }
  return message;
}

std::string nowTimestamp() {
  return timefmt::iso8601(toEpochSeconds(systemClock().now()), 3, true);
}

std::string subscribeUrl(const std::string& base_url, const std::string& topic_arn,
                         const std::string& token) {
  return base_url + "/?Action=ConfirmSubscription&TopicArn=" + encoding::uriEncode(topic_arn) +
         "&Token=" + token;
}

std::string unsubscribeUrl(const std::string& base_url, const std::string& subscription_arn) {
  return base_url + "/?Action=Unsubscribe&SubscriptionArn=" + encoding::uriEncode(subscription_arn);
}

std::string NotificationBuilder::certificateUrl(const std::string& base_url) const {
  return base_url + "/_aws/sns/" + signer_.certificateName();
}

// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message-verify-message-signature.html:
// Message, MessageId, Subject (if any), Timestamp, TopicArn, Type.
std::string NotificationBuilder::signatureOf(const PublishedMessage& message,
                                             const std::string& text,
                                             std::map<std::string, std::string>& signatures) const {
  auto it = signatures.find(text);
  if (it != signatures.end()) return it->second;
  std::string canonical;
  canonical.reserve(text.size() + 256);
  field(canonical, "Message", text);
  field(canonical, "MessageId", message.message_id);
  if (!message.subject.empty()) field(canonical, "Subject", message.subject);
  field(canonical, "Timestamp", message.timestamp);
  field(canonical, "TopicArn", message.topic_arn);
  field(canonical, "Type", "Notification");
  std::string signature = signer_.sign(canonical, message.sha256);
  signatures.emplace(text, signature);
  return signature;
}

// Field order as SNS writes it. FIFO topics' notifications carry a SequenceNumber and no signature.
std::string NotificationBuilder::notification(
    const PublishedMessage& message, const std::string& text, const std::string& base_url,
    const std::string& subscription_arn, std::map<std::string, std::string>& signatures) const {
  Ordered envelope;
  envelope["Type"] = "Notification";
  envelope["MessageId"] = message.message_id;
  if (message.fifo) envelope["SequenceNumber"] = message.sequence_number;
  envelope["TopicArn"] = message.topic_arn;
  if (!message.subject.empty()) envelope["Subject"] = message.subject;
  envelope["Message"] = text;
  envelope["Timestamp"] = message.timestamp;
  if (!message.fifo) {
    envelope["SignatureVersion"] = message.sha256 ? "2" : "1";
    envelope["Signature"] = signatureOf(message, text, signatures);
    envelope["SigningCertURL"] = certificateUrl(base_url);
  }
  envelope["UnsubscribeURL"] = unsubscribeUrl(base_url, subscription_arn);
  if (!message.attributes.empty()) {
    Ordered attributes = Ordered::object();
    for (const auto& [name, value] : message.attributes.items())
      attributes[name] = {{"Type", value.value("DataType", "String")},
                          {"Value", attributeValueText(value)}};
    envelope["MessageAttributes"] = std::move(attributes);
  }
  return envelope.dump();
}

// https://docs.aws.amazon.com/lambda/latest/dg/with-sns.html
std::string NotificationBuilder::lambdaEvent(const PublishedMessage& message,
                                             const std::string& text, const std::string& base_url,
                                             const std::string& subscription_arn,
                                             std::map<std::string, std::string>& signatures) const {
  Ordered sns;
  sns["Type"] = "Notification";
  sns["MessageId"] = message.message_id;
  sns["TopicArn"] = message.topic_arn;
  sns["Subject"] = message.subject.empty() ? Ordered() : Ordered(message.subject);
  sns["Message"] = text;
  sns["Timestamp"] = message.timestamp;
  sns["SignatureVersion"] = message.sha256 ? "2" : "1";
  sns["Signature"] = signatureOf(message, text, signatures);
  sns["SigningCertUrl"] = certificateUrl(base_url);
  sns["UnsubscribeUrl"] = unsubscribeUrl(base_url, subscription_arn);
  Ordered attributes = Ordered::object();
  for (const auto& [name, value] : message.attributes.items())
    attributes[name] = {{"Type", value.value("DataType", "String")},
                        {"Value", attributeValueText(value)}};
  sns["MessageAttributes"] = std::move(attributes);
  Ordered record;
  record["EventSource"] = "aws:sns";
  record["EventVersion"] = "1.0";
  record["EventSubscriptionArn"] = subscription_arn;
  record["Sns"] = std::move(sns);
  Ordered event;
  event["Records"] = Ordered::array({std::move(record)});
  return event.dump();
}

// Confirmations sign Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
std::string NotificationBuilder::confirmation(const std::string& type,
                                              const std::string& message_id,
                                              const std::string& topic_arn,
                                              const std::string& token, const std::string& base_url,
                                              bool sha256) const {
  std::string text =
      type == "SubscriptionConfirmation"
          ? "You have chosen to subscribe to the topic " + topic_arn +
                ".\nTo confirm the subscription, visit the SubscribeURL included in this message."
          : "You have chosen to deactivate subscription " + topic_arn +
                ".\nTo cancel this operation and restore the subscription, visit the SubscribeURL "
                "included in this message.";
  std::string url = subscribeUrl(base_url, topic_arn, token);
  std::string timestamp = nowTimestamp();
  std::string canonical;
  field(canonical, "Message", text);
  field(canonical, "MessageId", message_id);
  field(canonical, "SubscribeURL", url);
  field(canonical, "Timestamp", timestamp);
  field(canonical, "Token", token);
  field(canonical, "TopicArn", topic_arn);
  field(canonical, "Type", type);
  Ordered envelope;
  envelope["Type"] = type;
  envelope["MessageId"] = message_id;
  envelope["Token"] = token;
  envelope["TopicArn"] = topic_arn;
  envelope["Message"] = text;
  envelope["SubscribeURL"] = url;
  envelope["Timestamp"] = timestamp;
  envelope["SignatureVersion"] = sha256 ? "2" : "1";
  envelope["Signature"] = signer_.sign(canonical, sha256);
  envelope["SigningCertURL"] = certificateUrl(base_url);
  return envelope.dump();
}

Json envelopeAttributes(const Json& attributes) {
  Json out = Json::object();
  for (const auto& [name, value] : attributes.items())
    out[name] = {{"Type", value.value("DataType", "String")}, {"Value", attributeValueText(value)}};
  return out;
}

Json sqsAttributes(const Json& attributes) {
  Json out = Json::object();
  for (const auto& [name, value] : attributes.items()) {
    Json attribute = {{"DataType", value.value("DataType", "String")}};
    if (auto it = value.find("BinaryValue"); it != value.end())
      attribute["BinaryValue"] = it->is_binary() ? *it : makeBlob(it->get<std::string>());
    else
      attribute["StringValue"] = value.value("StringValue", "");
    out[name] = std::move(attribute);
  }
  return out;
}

}  // namespace awsemu::sns
