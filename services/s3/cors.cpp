#include "services/s3/config_handlers.hpp"
namespace awsemu::s3 {
void registerCorsRoutes(const ConfigRegistrar&) {}
}  // namespace awsemu::s3
