// Look-ups on a loaded ServiceModel and the protocol names used by botocore's "metadata.protocol".
#include "awsemu/protocol/model.hpp"

namespace awsemu::protocol {
namespace {
constexpr std::pair<std::string_view, Protocol> kProtocolNames[] = {
    {"query", Protocol::Query},      {"ec2", Protocol::Ec2},
    {"json", Protocol::Json},        {"rest-json", Protocol::RestJson},
    {"rest-xml", Protocol::RestXml}, {"smithy-rpc-v2-cbor", Protocol::SmithyRpcV2Cbor}};

template <class Map>
auto findIn(const Map& map, std::string_view key) {
  // unordered_map<std::string> without heterogeneous lookup: one string copy per call.
  return map.find(std::string(key));
}
}  // namespace

std::optional<Protocol> protocolFromName(std::string_view name) {
  for (const auto& [text, protocol] : kProtocolNames)
    if (text == name) return protocol;
  return std::nullopt;
}

std::string_view protocolName(Protocol p) {
  for (const auto& [text, protocol] : kProtocolNames)
    if (protocol == p) return text;
  return "unknown";
}

const MemberRef* Shape::findMember(std::string_view member_name) const {
  for (const auto& member : members)
    if (member.name == member_name) return &member;
  return nullptr;
}

std::optional<ShapeId> ServiceModel::findShape(std::string_view name) const {
  auto it = findIn(shape_index_, name);
  if (it == shape_index_.end()) return std::nullopt;
  return it->second;
}

const Operation* ServiceModel::findOperation(std::string_view name) const {
  auto it = findIn(operation_index_, name);
  return it == operation_index_.end() ? nullptr : &operations_[it->second];
}

const Shape* ServiceModel::findErrorShape(std::string_view code) const {
  auto it = findIn(error_code_index_, code);
  return it == error_code_index_.end() ? nullptr : &shapes_[it->second];
}

}  // namespace awsemu::protocol
