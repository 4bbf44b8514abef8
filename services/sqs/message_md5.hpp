#pragma once
// The MD5 digests SendMessage and ReceiveMessage return, which SDKs recompute to check what SQS
// received (the Java and .NET SDKs reject a mismatch).
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::sqs {

// Lower-case hex MD5 of the bytes (MD5OfMessageBody / MD5OfBody).
std::string md5Hex(std::string_view bytes);

// MD5OfMessageAttributes over attributes as the codecs decode them ({"Name": {"DataType", and
// "StringValue" or "BinaryValue" (Json::binary, or base64 text)}}). AWS's algorithm: the names in
// order (Java String order, i.e. UTF-16 code units); for each, a 4-byte big-endian length and the
// UTF-8 bytes of the name, the same for the DataType, then the transport type byte (1 string or
// number, 2 binary, 3 string list, 4 binary list) and length-prefixed value bytes. "" when there
// are no attributes.
std::string md5OfMessageAttributes(const Json& attributes);

// MD5OfMessageSystemAttributes: the same algorithm over MessageSystemAttributes (AWSTraceHeader).
std::string md5OfMessageSystemAttributes(const Json& attributes);

}  // namespace awsemu::sqs
