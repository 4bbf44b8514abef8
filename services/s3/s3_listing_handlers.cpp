#include "services/s3/s3_service.hpp"

namespace awsemu::s3 {

void S3Service::registerListingHandlers() {}

}  // namespace awsemu::s3
