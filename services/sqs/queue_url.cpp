#include "services/sqs/queue_url.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <vector>

namespace awsemu::sqs {
namespace {

bool isAccount(std::string_view s) {
  return s.size() == 12 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isRegion(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  }) && s.find('-') != std::string_view::npos;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// The region a queue host names: sqs.REGION.*, REGION.queue.*, queue.amazonaws.com.
std::string regionOfHost(std::string_view host) {
  auto labels = split(host, '.');
  if (labels.size() >= 3 && labels[0] == "sqs" && isRegion(labels[1]))
    return std::string(labels[1]);
  if (labels.size() >= 3 && labels[1] == "queue" && isRegion(labels[0]))
    return std::string(labels[0]);
  if (host == "queue.amazonaws.com") return "us-east-1";
  return "";
}

std::optional<QueueAddress> fromPath(std::string_view path, std::string region) {
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.ends_with('/')) path.remove_suffix(1);
  auto segments = split(path, '/');
  if (segments.size() == 4 && segments[0] == "queue" && isRegion(segments[1])) {
    region = std::string(segments[1]);
    segments.erase(segments.begin(), segments.begin() + 2);
  }
  if (segments.size() != 2 || !isAccount(segments[0]) || segments[1].empty()) return std::nullopt;
  return QueueAddress{std::string(segments[0]), std::move(region), std::string(segments[1])};
}

}  // namespace

std::optional<QueueAddress> parseQueueUrl(std::string_view url) {
  // A bare queue name ("orders"): AWS resolves it in the caller's account and region.
  if (!url.empty() && url.find_first_of("/:") == std::string_view::npos)
    return QueueAddress{"", "", std::string(url)};
  if (url.starts_with('/')) return fromPath(url, "");
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https") ||
      !parsed->has_authority())
    return std::nullopt;
  std::string host(parsed->encoded_host());
  std::transform(host.begin(), host.end(), host.begin(), ::tolower);
  return fromPath(parsed->encoded_path(), regionOfHost(host));
}

std::string formatQueueUrl(const QueueUrlStyle& style, const std::string& region,
                           const std::string& account, const std::string& name) {
  const std::string tail = "/" + account + "/" + name;
  if (style.strategy == "off") return "http://" + style.request_host + tail;
  if (style.strategy == "path")
    return "http://" + style.localstack_host + "/queue/" + region + tail;
  if (style.strategy == "domain")
    return "http://" + (region == "us-east-1" ? std::string() : region + ".") + "queue." +
           style.localstack_host + tail;
  return "http://sqs." + region + "." + style.localstack_host + tail;
}

}  // namespace awsemu::sqs
