#include "src/gateway/source_ip.hpp"

#include <boost/asio/ip/address.hpp>

#include "awsemu/core/strings.hpp"

namespace awsemu::gateway {

bool isLocalOrPrivateAddress(const std::string& address) {
  boost::system::error_code ec;
  auto parsed = boost::asio::ip::make_address(address, ec);
  if (ec) return false;
  if (parsed.is_loopback()) return true;
  if (parsed.is_v6()) {
    auto v6 = parsed.to_v6();
    if (v6.is_v4_mapped())
      return isLocalOrPrivateAddress(
          boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string());
    return (v6.to_bytes()[0] & 0xfe) == 0xfc || v6.is_link_local();
  }
  auto bytes = parsed.to_v4().to_bytes();
  return bytes[0] == 10 || (bytes[0] == 172 && (bytes[1] & 0xf0) == 16) ||
         (bytes[0] == 192 && bytes[1] == 168) || (bytes[0] == 169 && bytes[1] == 254);
}

std::string sourceIpOf(const HttpRequest& request) {
  const std::string& peer = request.remote_address;
  const std::string* forwarded = request.header("x-forwarded-for");
  if (forwarded && (peer.empty() || isLocalOrPrivateAddress(peer))) {
    std::string_view list(*forwarded);
    auto comma = list.rfind(',');
    std::string_view last =
        strings::trim(comma == std::string_view::npos ? list : list.substr(comma + 1));
    if (!last.empty()) return std::string(last);
  }
  return peer.empty() ? "127.0.0.1" : peer;
}

}  // namespace awsemu::gateway
