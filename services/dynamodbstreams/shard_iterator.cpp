#include "services/dynamodbstreams/shard_iterator.hpp"

#include <charconv>

#include "awsemu/core/encoding.hpp"
#include "services/dynamodbstreams/streams_errors.hpp"

namespace awsemu::dynamodbstreams {
namespace {

constexpr double kLifetimeSeconds = 15 * 60;

bool parseNumber(std::string_view text, std::uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::string encodeIterator(const ShardIterator& iterator) {
  std::string opaque = iterator.position.shard_id + "\n" +
                       std::to_string(iterator.position.sequence) + "\n" +
                       std::to_string(static_cast<std::uint64_t>(iterator.created * 1000));
  return iterator.position.stream_arn + "|1|" + encoding::base64Encode(opaque);
}

ShardIterator decodeIterator(const std::string& text) {
  auto second = text.rfind('|');
  if (second == std::string::npos || second < 2 || text.compare(second - 2, 2, "|1") != 0)
    throw errors::invalidIterator();
  ShardIterator out;
  out.position.stream_arn = text.substr(0, second - 2);
  auto decoded = encoding::base64Decode(std::string_view(text).substr(second + 1));
  if (!decoded) throw errors::invalidIterator();
  const std::string& opaque = *decoded;
  auto first_break = opaque.find('\n');
  auto second_break =
      first_break == std::string::npos ? first_break : opaque.find('\n', first_break + 1);
  if (second_break == std::string::npos) throw errors::invalidIterator();
  out.position.shard_id = opaque.substr(0, first_break);
  std::uint64_t sequence = 0, millis = 0;
  if (!parseNumber(std::string_view(opaque).substr(first_break + 1, second_break - first_break - 1),
                   sequence) ||
      !parseNumber(std::string_view(opaque).substr(second_break + 1), millis))
    throw errors::invalidIterator();
  out.position.sequence = sequence;
  out.created = static_cast<double>(millis) / 1000;
  if (out.position.stream_arn.find(":table/") == std::string::npos) throw errors::invalidIterator();
  return out;
}

void checkNotExpired(const ShardIterator& iterator, double now) {
  if (now - iterator.created > kLifetimeSeconds)
    throw errors::expiredIterator(iterator.created, now);
}

}  // namespace awsemu::dynamodbstreams
