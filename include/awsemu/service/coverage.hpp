#pragma once
// docs/coverage.md, generated from the handler tables and the models (awsemu --coverage).
#include <string>

#include "awsemu/service/registry.hpp"

namespace awsemu::service {
std::string coverageMarkdown(const ServiceRegistry& registry);
}
