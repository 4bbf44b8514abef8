#include "services/s3/preconditions.hpp"

#include <charconv>
#include <cmath>

#include "services/s3/object_digest.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<std::uint64_t> number(std::string_view text) {
  std::uint64_t value = 0;
  if (text.empty()) return std::nullopt;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::int64_t seconds(std::int64_t ms) { return ms / 1000; }

}  // namespace

bool etagListMatches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = trim(header.substr(0, comma));
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || (!item.empty() && sameEtag(item, etag))) return true;
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  return false;
}

void checkReadConditions(const ReadConditions& c, const ObjectVersion& object) {
  const auto modified = seconds(object.last_modified_ms);
  if (c.if_match) {
    if (!etagListMatches(*c.if_match, object.etag)) throw errors::preconditionFailed("If-Match");
  } else if (c.if_unmodified_since && modified > std::floor(*c.if_unmodified_since)) {
    throw errors::preconditionFailed("If-Unmodified-Since");
  }
  if (c.if_none_match) {
    if (etagListMatches(*c.if_none_match, object.etag)) throw errors::notModified();
  } else if (c.if_modified_since && modified <= std::floor(*c.if_modified_since)) {
    throw errors::notModified();
  }
}

std::optional<ByteRange> parseRange(std::string_view header, std::uint64_t size) {
  header = trim(header);
  if (!header.starts_with("bytes=")) return std::nullopt;
  auto spec = trim(header.substr(6));
  auto dash = spec.find('-');
  if (dash == std::string_view::npos || spec.find(',') != std::string_view::npos)
    return std::nullopt;
  auto first_text = trim(spec.substr(0, dash));
  auto last_text = trim(spec.substr(dash + 1));
  ByteRange range;
  if (first_text.empty()) {  // suffix: the last N bytes
    auto suffix = number(last_text);
    if (!suffix) return std::nullopt;
    if (*suffix == 0 || size == 0) throw errors::invalidRange(size, header);
    range.first = *suffix >= size ? 0 : size - *suffix;
    range.last = size - 1;
    return range;
  }
  auto first = number(first_text);
  auto last = last_text.empty() ? std::optional<std::uint64_t>(UINT64_MAX) : number(last_text);
  if (!first || !last || *last < *first) return std::nullopt;
  if (*first >= size) throw errors::invalidRange(size, header);
  range.first = *first;
  range.last = *last >= size ? size - 1 : *last;
  return range;
}

std::string contentRange(const ByteRange& range, std::uint64_t size) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
         std::to_string(size);
}

ByteRange partRange(const ObjectVersion& object, int part_number) {
  if (object.part_count == 0 || !object.parts.is_array() || object.parts.empty()) {
    if (part_number != 1 || object.size == 0) throw errors::invalidPartNumber();
    return ByteRange{0, object.size - 1};
  }
  if (part_number < 1 || static_cast<std::size_t>(part_number) > object.parts.size())
    throw errors::invalidPartNumber();
  std::uint64_t offset = 0;
  for (int i = 0; i + 1 < part_number; ++i) offset += object.parts[i].value("size", 0ull);
  std::uint64_t length = object.parts[part_number - 1].value("size", 0ull);
  if (length == 0) throw errors::invalidPartNumber();
  return ByteRange{offset, offset + length - 1};
}

}  // namespace awsemu::s3
