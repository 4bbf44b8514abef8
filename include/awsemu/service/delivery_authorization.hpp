#pragma once
// ENFORCE_IAM for deliveries between services (S3 event notifications to SQS queues and SNS
// topics, SNS fan-out and dead-letter queues): the sending service is a service principal
// ("s3.amazonaws.com") that the target's resource policy must allow for the action the delivery
// is (sqs:SendMessage, sns:Publish), with aws:SourceArn and aws:SourceAccount naming the bucket
// or topic. As on AWS there is no same-account exception: without such a policy the delivery is
// refused (S3's configuration test event then fails "Unable to validate the following
// destination configurations"; later events are dropped, SNS messages go to the subscription's
// dead-letter queue).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
// https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
#include "awsemu/events/event_bus.hpp"

namespace awsemu::service {

// The check to install on the event bus (EventBus::setCheck). `soft`: refusals are only logged
// (ENFORCE_IAM=soft). The target's resource policy comes from its service's authoriser
// (services/common/delivery_authorization.cpp).
events::DeliveryCheck deliveryAuthorization(bool soft);

}  // namespace awsemu::service
