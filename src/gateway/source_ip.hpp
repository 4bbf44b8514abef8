#pragma once
// aws:SourceIp of a request (the authorisation stage, ENFORCE_IAM).
#include <string>

#include "awsemu/core/http.hpp"

namespace awsemu::gateway {

// The client's address as the server's socket saw it. When that peer is on this host or on a
// private network (a reverse proxy in front of awsemu, Docker's port forwarding: the way
// LocalStack-style setups reach the emulator) and the request carries X-Forwarded-For, the entry
// the nearest proxy appended (the right-most one) is the client's address; entries further left
// were written by the client and are not trusted. A peer on a public address is its own source,
// whatever X-Forwarded-For says. "127.0.0.1" when nothing is known.
std::string sourceIpOf(const HttpRequest& request);

// Loopback, RFC 1918 (10/8, 172.16/12, 192.168/16), IPv6 unique-local (fc00::/7) or link-local.
bool isLocalOrPrivateAddress(const std::string& address);

}  // namespace awsemu::gateway
