// botocore's ec2 protocol vectors against queryCodec(), which serves the ec2 variant of awsQuery
// (server direction).
#include "awsemu/protocol/codecs.hpp"
#include "vector_harness.hpp"

AWSEMU_PROTOCOL_VECTORS(Ec2Input, "input/ec2.json", awsemu::protocol::queryCodec());
AWSEMU_PROTOCOL_VECTORS(Ec2Output, "output/ec2.json", awsemu::protocol::queryCodec());
