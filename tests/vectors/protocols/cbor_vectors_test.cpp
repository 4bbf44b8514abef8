// botocore's smithy-rpc-v2-cbor protocol vectors against rpcV2CborCodec() (server direction).
#include "awsemu/protocol/codecs.hpp"
#include "vector_harness.hpp"

AWSEMU_PROTOCOL_VECTORS(CborInput, "input/smithy-rpc-v2-cbor.json",
                        awsemu::protocol::rpcV2CborCodec());
AWSEMU_PROTOCOL_VECTORS(CborOutput, "output/smithy-rpc-v2-cbor.json",
                        awsemu::protocol::rpcV2CborCodec());
AWSEMU_PROTOCOL_VECTORS(CborQueryCompatibleInput, "input/smithy-rpc-v2-cbor-query-compatible.json",
                        awsemu::protocol::rpcV2CborCodec());
AWSEMU_PROTOCOL_VECTORS(CborQueryCompatibleOutput,
                        "output/smithy-rpc-v2-cbor-query-compatible.json",
                        awsemu::protocol::rpcV2CborCodec());
AWSEMU_PROTOCOL_VECTORS(CborNonQueryCompatibleInput,
                        "input/smithy-rpc-v2-cbor-non-query-compatible.json",
                        awsemu::protocol::rpcV2CborCodec());
