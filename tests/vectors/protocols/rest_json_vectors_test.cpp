// botocore's restJson1 protocol vectors against restJsonCodec() (server direction).
#include "awsemu/protocol/codecs.hpp"
#include "vector_harness.hpp"

AWSEMU_PROTOCOL_VECTORS(RestJsonInput, "input/rest-json.json", awsemu::protocol::restJsonCodec());
AWSEMU_PROTOCOL_VECTORS(RestJsonOutput, "output/rest-json.json", awsemu::protocol::restJsonCodec());
