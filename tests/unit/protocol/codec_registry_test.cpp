// codecFor maps every protocol of the model enum to its codec.
#include <gtest/gtest.h>

#include "awsemu/protocol/codecs.hpp"

namespace awsemu::protocol {
namespace {

TEST(CodecRegistry, EveryProtocolHasItsCodec) {
  EXPECT_EQ(&codecFor(Protocol::Json), &jsonCodec());
  EXPECT_EQ(&codecFor(Protocol::SmithyRpcV2Cbor), &rpcV2CborCodec());
  EXPECT_EQ(&codecFor(Protocol::Query), &queryCodec());
  EXPECT_EQ(&codecFor(Protocol::Ec2), &queryCodec());
  EXPECT_EQ(&codecFor(Protocol::RestJson), &restJsonCodec());
  EXPECT_EQ(&codecFor(Protocol::RestXml), &restXmlCodec());
}

}  // namespace
}  // namespace awsemu::protocol
