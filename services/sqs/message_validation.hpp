#pragma once
// What SendMessage and SendMessageBatch accept: body characters, message (user) attributes,
// message system attributes, the size limit and batch entry ids. Each rule throws the AwsError
// Amazon SQS answers, with its code and text.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::sqs {

// 1 MiB: the largest MaximumMessageSize and its default, and the most a batch may carry in all,
// since August 2025
// (https://aws.amazon.com/about-aws/whats-new/2025/08/amazon-sqs-max-payload-size-1mib/,
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html).
inline constexpr std::size_t kMaxMessageBytes = 1048576;
inline constexpr std::size_t kMaxBatchBytes = 1048576;
inline constexpr std::size_t kMaxMessageAttributes = 10;
inline constexpr std::size_t kMaxAttributeNameBytes = 256;
inline constexpr std::size_t kMaxAttributeTypeBytes = 256;
inline constexpr std::size_t kMaxBatchEntryIdLength = 80;

// ---- characters ---------------------------------------------------------------------------------
// Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF); nullopt when invalid.
std::optional<std::u32string> decodeUtf8(std::string_view text);
// The XML 1.0 character set SQS allows in bodies and string attribute values:
// #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF.
bool isAllowedCharacter(char32_t c);
// "#x1F" for the first character outside that set (or the first byte that is not UTF-8);
// nullopt when every character is allowed.
std::optional<std::string> firstDisallowedCharacter(std::string_view text);

// ---- message body -------------------------------------------------------------------------------
// Empty -> MissingParameter "The request must contain the parameter MessageBody."; a disallowed
// character -> InvalidMessageContents "Invalid binary character '#x1F' was found in the message
// body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] |
// [#x10000-#x10FFFF]." (AWS's text, brackets included).
void validateMessageBody(std::string_view body);

// ---- message attributes -------------------------------------------------------------------------
// MessageAttributes as the codecs decode them: {"Name": {"DataType": "String"|"Number"|"Binary"
// [".custom"], "StringValue": "..."} or {"BinaryValue": Json::binary (or base64 text)}}.
// Checks, each with AWS's InvalidParameterValue text: at most 10 attributes; names 1..256 bytes of
// letters, digits, '_', '-', '.', not beginning with "AWS."/"Amazon." (any case), not beginning or
// ending with '.', no ".."; DataType String/Number/Binary with an optional ".custom" label, at most
// 256 bytes; exactly one value, of the field the type uses, not empty; Number values parse as a
// number (38 digits, 10^-128..10^+126); string values obey the body's character rules.
// StringListValues/BinaryListValues -> UnsupportedOperation (AWS does not implement them).
void validateMessageAttributes(const Json& attributes);
// Only "AWSTraceHeader" with DataType "String" and a StringValue.
void validateMessageSystemAttributes(const Json& attributes);

// The bytes of a BinaryValue: Json::binary as is, a string as base64 (nullopt when not base64).
std::optional<std::string> binaryValueBytes(const Json& value);

// ---- size ---------------------------------------------------------------------------------------
// Body bytes plus, for each attribute, its name, DataType and value bytes: everything AWS counts
// against MaximumMessageSize.
std::size_t messageSize(std::string_view body, const Json& attributes);
// Over `limit` -> InvalidParameterValue "One or more parameters are invalid. Reason: Message must
// be shorter than <limit> bytes."
void validateMessageSize(std::string_view body, const Json& attributes, std::size_t limit);

// ---- batches ------------------------------------------------------------------------------------
// 1..80 characters of [A-Za-z0-9_-]; callers throw errors::invalidBatchEntryId() otherwise.
bool isValidBatchEntryId(std::string_view id);

}  // namespace awsemu::sqs
