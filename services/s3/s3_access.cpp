// Who may do what on a bucket: S3's decision from the caller's account, the bucket's ACL and
// policy, and public access block. https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-overview.html
#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {

// (First cut: every caller is allowed. The access-control work replaces this.)
void S3Service::authorize(RequestContext&, const std::string&, const Json&) {}

}  // namespace awsemu::s3
