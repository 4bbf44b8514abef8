#pragma once
// What subscribers receive: AWS's JSON envelope (Notification, SubscriptionConfirmation,
// UnsubscribeConfirmation) with its signature, the Lambda event, and raw-delivery attributes.
// https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html
// https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
#include <map>
#include <mutex>
#include <string>

#include "awsemu/core/json.hpp"

namespace awsemu::sns {

class MessageSigner;

// One published message, as every subscription's delivery sees it.
struct PublishedMessage {
  std::string message_id;
  std::string topic_arn;
  std::string subject;  // "" = none
  std::string message;  // the default text
  Json structure;       // MessageStructure=json: the per-protocol texts; null otherwise
  Json attributes = Json::object();  // SNS form {"n": {"DataType", "StringValue"|"BinaryValue"}}
  std::string timestamp;             // 2012-04-26T20:45:04.751Z
  std::string group_id, deduplication_id, sequence_number;  // FIFO topics
  std::string raw_message;        // the Message parameter as sent (recorded SMS / push messages)
  std::string message_structure;  // "json" or ""
  bool fifo = false;
  bool sha256 = false;  // topic SignatureVersion 2

  // The text for one protocol: its own entry of a json-structured message, else the default.
  const std::string& textFor(const std::string& protocol) const;
};

class NotificationBuilder {
 public:
  explicit NotificationBuilder(const MessageSigner& signer) : signer_(signer) {}

  // The Notification envelope for `subscription_arn` (its UnsubscribeURL); the signature of each
  // distinct text is computed once per message (`signatures` caches it).
  std::string notification(const PublishedMessage& message, const std::string& text,
                           const std::string& base_url, const std::string& subscription_arn,
                           std::map<std::string, std::string>& signatures) const;
  // The event a Lambda function subscribed to the topic receives.
  std::string lambdaEvent(const PublishedMessage& message, const std::string& text,
                          const std::string& base_url, const std::string& subscription_arn,
                          std::map<std::string, std::string>& signatures) const;
  // SubscriptionConfirmation / UnsubscribeConfirmation.
  std::string confirmation(const std::string& type, const std::string& message_id,
                           const std::string& topic_arn, const std::string& token,
                           const std::string& base_url, bool sha256) const;
  std::string certificateUrl(const std::string& base_url) const;

 private:
  std::string signatureOf(const PublishedMessage& message, const std::string& text,
                          std::map<std::string, std::string>& signatures) const;
  const MessageSigner& signer_;
};

// SNS attributes in the envelope's form: {"n": {"Type": "String", "Value": "x"}} (Binary base64).
Json envelopeAttributes(const Json& attributes);
// SNS attributes as SQS message attributes (raw delivery).
Json sqsAttributes(const Json& attributes);
std::string nowTimestamp();
std::string subscribeUrl(const std::string& base_url, const std::string& topic_arn,
                         const std::string& token);
std::string unsubscribeUrl(const std::string& base_url, const std::string& subscription_arn);

}  // namespace awsemu::sns
