// S3 event notifications: the bucket's NotificationConfiguration decides which events go to which
// SQS queues (and later SNS topics, Lambda functions), delivered through the event bus in AWS's
// event format. https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {

// (First cut: no deliveries yet. The notifications work replaces this.)
void S3Service::notify(RequestContext&, std::string_view, const std::string&, const ObjectVersion&,
                       const std::optional<std::string>&) {}

}  // namespace awsemu::s3
