#pragma once
// The concrete codecs (each in its own src/protocol/<name>_codec.cpp). Prefer codecFor(Protocol).
#include "awsemu/protocol/codec.hpp"

namespace awsemu::protocol {
const Codec& queryCodec();      // awsQuery (and ec2 variant if implemented)
const Codec& jsonCodec();       // awsJson 1.0 / 1.1 (jsonVersion from the model metadata)
const Codec& restJsonCodec();   // restJson1
const Codec& restXmlCodec();    // restXml
const Codec& rpcV2CborCodec();  // smithy-rpc-v2-cbor
}  // namespace awsemu::protocol
