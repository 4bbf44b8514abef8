// Protocol -> codec. The codecs are stateless singletons defined in their own files.
#include "awsemu/core/aws_error.hpp"
#include "awsemu/protocol/codecs.hpp"

namespace awsemu::protocol {

const Codec& codecFor(Protocol protocol) {
  switch (protocol) {
    case Protocol::Query:
    case Protocol::Ec2:
      return queryCodec();
    case Protocol::Json:
      return jsonCodec();
    case Protocol::RestJson:
      return restJsonCodec();
    case Protocol::RestXml:
      return restXmlCodec();
    case Protocol::SmithyRpcV2Cbor:
      return rpcV2CborCodec();
  }
  throw errors::internalFailure("no codec for protocol " + std::string(protocolName(protocol)));
}

}  // namespace awsemu::protocol
