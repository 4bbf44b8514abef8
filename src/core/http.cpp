#include "awsemu/core/http.hpp"

#include <fstream>
#include <iterator>
#include <strings.h>

namespace awsemu {

const std::string* findHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
      return &value;
  return nullptr;
}

std::string headerOr(const HeaderList& headers, std::string_view name, std::string fallback) {
  const auto* value = findHeader(headers, name);
  return value ? *value : std::move(fallback);
}

std::string RequestBody::readAll() const {
  if (!file) return memory;
  std::ifstream in(*file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void HttpRequest::setTarget(std::string t) {
  target = std::move(t);
  auto q = target.find('?');
  if (q == std::string::npos) {
    path = target;
    query.clear();
  } else {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
}

void HttpResponse::setHeader(std::string name, std::string value) {
  for (auto& [key, existing] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      existing = std::move(value);
      return;
    }
  headers.emplace_back(std::move(name), std::move(value));
}

}  // namespace awsemu
