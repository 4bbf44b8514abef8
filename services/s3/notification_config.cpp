#include "services/s3/config_handlers.hpp"
namespace awsemu::s3 {
void registerNotificationConfigs(const ConfigRegistrar&) {}
}  // namespace awsemu::s3
