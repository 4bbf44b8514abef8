#pragma once
// Reading one parameter of a query string or form body (Boost.URL does the parsing and decoding).
#include <optional>
#include <string>
#include <string_view>

namespace awsemu::gateway {

// The first value of `name` in `encoded` (application/x-www-form-urlencoded: '+' is a space);
// "" for a key without '='; nullopt when absent or when `encoded` is not valid percent-encoding.
std::optional<std::string> findFormParam(std::string_view encoded, std::string_view name);

}  // namespace awsemu::gateway
