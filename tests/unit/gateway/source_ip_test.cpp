// aws:SourceIp: the socket's peer, or the address a local proxy appended to X-Forwarded-For.
#include <gtest/gtest.h>

#include "src/gateway/source_ip.hpp"

namespace awsemu::gateway {
namespace {

HttpRequest fromPeer(std::string peer, const char* forwarded = nullptr) {
  HttpRequest request;
  request.remote_address = std::move(peer);
  if (forwarded) request.headers.emplace_back("x-forwarded-for", forwarded);
  return request;
}

TEST(SourceIp, IsTheSocketPeer) {
  EXPECT_EQ(sourceIpOf(fromPeer("203.0.113.7")), "203.0.113.7");
  EXPECT_EQ(sourceIpOf(fromPeer("127.0.0.1")), "127.0.0.1");
  EXPECT_EQ(sourceIpOf(fromPeer("")), "127.0.0.1");  // unknown (a test without a socket)
}

TEST(SourceIp, ForwardedForIsTrustedFromLocalAndPrivatePeersOnly) {
  // Behind a proxy on this host or in Docker's network: the entry the proxy appended.
  EXPECT_EQ(sourceIpOf(fromPeer("127.0.0.1", "198.51.100.1")), "198.51.100.1");
  EXPECT_EQ(sourceIpOf(fromPeer("172.17.0.1", "10.9.9.9, 198.51.100.2")), "198.51.100.2");
  EXPECT_EQ(sourceIpOf(fromPeer("::1", " 2001:db8::5 ")), "2001:db8::5");
  // A client on a public address cannot choose its aws:SourceIp.
  EXPECT_EQ(sourceIpOf(fromPeer("203.0.113.7", "10.0.0.1")), "203.0.113.7");
  EXPECT_EQ(sourceIpOf(fromPeer("127.0.0.1", "")), "127.0.0.1");
}

TEST(SourceIp, PrivateAddresses) {
  for (const char* address :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.1.1",
        "::1", "fd00::1", "fe80::1", "::ffff:192.168.0.1"})
    EXPECT_TRUE(isLocalOrPrivateAddress(address)) << address;
  for (const char* address : {"8.8.8.8", "172.32.0.1", "203.0.113.7", "2001:db8::1", "junk", ""})
    EXPECT_FALSE(isLocalOrPrivateAddress(address)) << address;
}

}  // namespace
}  // namespace awsemu::gateway
