// botocore's awsJson 1.0 / 1.1 protocol vectors against jsonCodec() (server direction).
#include "awsemu/protocol/codecs.hpp"
#include "vector_harness.hpp"

AWSEMU_PROTOCOL_VECTORS(Json11Input, "input/json.json", awsemu::protocol::jsonCodec());
AWSEMU_PROTOCOL_VECTORS(Json11Output, "output/json.json", awsemu::protocol::jsonCodec());
AWSEMU_PROTOCOL_VECTORS(Json10Input, "input/json_1_0.json", awsemu::protocol::jsonCodec());
AWSEMU_PROTOCOL_VECTORS(Json10Output, "output/json_1_0.json", awsemu::protocol::jsonCodec());
AWSEMU_PROTOCOL_VECTORS(Json10QueryCompatibleInput, "input/json_1_0-query-compatible.json",
                        awsemu::protocol::jsonCodec());
AWSEMU_PROTOCOL_VECTORS(Json10QueryCompatibleOutput, "output/json_1_0-query-compatible.json",
                        awsemu::protocol::jsonCodec());
