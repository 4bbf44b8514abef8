#pragma once
// Queue attributes of CreateQueue, SetQueueAttributes and GetQueueAttributes: which names exist,
// which a request may set, their valid values (normalised to the text GetQueueAttributes returns),
// the defaults of a new queue, and the redrive policies parsed for the engine.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsemu/core/json.hpp"

namespace awsemu::sqs {

enum class AttributeUse { Create, Set };

// Whether a CreateQueue request asks for a FIFO queue: FifoQueue is "true" in any case. Pass the
// result as `fifo` to validateQueueName and validateQueueAttributes (a standard name with
// FifoQueue=true then fails on the name, with InvalidParameterValue, as AWS does).
bool requestsFifoQueue(const Json& attributes);

// Validates the request's attributes (object name -> string) and returns them normalised to the
// text AWS echoes: integers in decimal without sign or leading zeros, booleans "true"/"false",
// RedrivePolicy {"deadLetterTargetArn":"...","maxReceiveCount":N} and RedriveAllowPolicy as
// compact JSON, Policy as given. "" for Policy, RedrivePolicy, RedriveAllowPolicy or
// KmsMasterKeyId means "remove" and is returned as "" (applyQueueAttributes removes it).
// Errors, as AWS gives them:
//  - unknown, read-only ("QueueArn", "ApproximateNumberOfMessages"... and "All") and, on a
//    standard queue, FIFO-only names (FifoQueue, ContentBasedDeduplication, DeduplicationScope,
//    FifoThroughputLimit): InvalidAttributeName "Unknown Attribute X.";
//  - values out of range or malformed: InvalidAttributeValue "Invalid value for the parameter X.";
//  - FifoQueue "false" on Set: InvalidAttributeValue "... Reason: Modifying queue type is not
//    supported.";
//  - RedrivePolicy / RedriveAllowPolicy: the specific texts of redrive_policy checks below;
//  - SqsManagedSseEnabled "true" with a KmsMasterKeyId: errors::sseConflict();
//  - FifoThroughputLimit perMessageGroupId with DeduplicationScope queue in the same request.
// What needs other queues (the dead-letter queue exists, allows this source) is the caller's.
Json validateQueueAttributes(const Json& attributes, bool fifo, AttributeUse use);

// A queue's stored attributes after `changes` (validated) are applied: "" removes Policy,
// RedrivePolicy, RedriveAllowPolicy, KmsMasterKeyId; FifoQueue never changes; a KmsMasterKeyId
// turns SqsManagedSseEnabled "false" and brings KmsDataKeyReusePeriodSeconds "300" unless set;
// SqsManagedSseEnabled "true" on a queue that keeps a KMS key -> errors::sseConflict(); a result
// pairing FifoThroughputLimit perMessageGroupId with DeduplicationScope queue ->
// InvalidAttributeValue. For CreateQueue pass defaultQueueAttributes(fifo) as `current`.
Json applyQueueAttributes(const Json& current, const Json& changes);

// The settable attributes of a new queue. Standard: DelaySeconds 0, MaximumMessageSize 1048576,
// MessageRetentionPeriod 345600, ReceiveMessageWaitTimeSeconds 0, VisibilityTimeout 30,
// SqsManagedSseEnabled "true"; FIFO adds FifoQueue "true", ContentBasedDeduplication "false",
// DeduplicationScope "queue", FifoThroughputLimit "perQueue".
Json defaultQueueAttributes(bool fifo);

// Every name GetQueueAttributes accepts, "All" and the read-only ones included.
bool isKnownAttributeName(std::string_view name);
// The names "All" stands for, in the order AWS lists them.
const std::vector<std::string>& allAttributeNames();
// The names GetQueueAttributes computes rather than stores.
bool isReadOnlyAttributeName(std::string_view name);

// ---- redrive policies ---------------------------------------------------------------------------
struct RedrivePolicy {
  std::string dead_letter_target_arn;
  int max_receive_count = 0;
};
// nullopt for "" (and for text that is not a validated policy).
std::optional<RedrivePolicy> parseRedrivePolicy(const std::string& text);

struct RedriveAllowPolicy {
  std::string permission;  // allowAll, denyAll, byQueue
  std::vector<std::string> source_queue_arns;
};
std::optional<RedriveAllowPolicy> parseRedriveAllowPolicy(const std::string& text);

// Whether a dead-letter queue with `dlq_policy` accepts `source_queue_arn` as a source; no policy
// means allowAll.
bool redriveAllowed(const std::optional<RedriveAllowPolicy>& dlq_policy,
                    const std::string& source_queue_arn);

}  // namespace awsemu::sqs
