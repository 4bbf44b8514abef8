// The CBOR writer/decoder: RFC 8949 appendix A examples and hostile input.
#include <gtest/gtest.h>

#include <cmath>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "src/protocol/cbor.hpp"

namespace awsemu::protocol::cbor {
namespace {

Json decodeHex(const std::string& hex) { return decode(*encoding::hexDecode(hex)); }

TEST(Cbor, DecodesRfcExamples) {
  EXPECT_EQ(decodeHex("00"), 0);
  EXPECT_EQ(decodeHex("1903e8"), 1000);
  EXPECT_EQ(decodeHex("1bffffffffffffffff"), 18446744073709551615ULL);
  EXPECT_EQ(decodeHex("3863"), -100);
  EXPECT_EQ(decodeHex("f93c00"), 1.0);
  EXPECT_EQ(decodeHex("f90001"), 5.960464477539063e-8);
  EXPECT_TRUE(std::isinf(decodeHex("f97c00").get<double>()));
  EXPECT_TRUE(std::isnan(decodeHex("f97e00").get<double>()));
  EXPECT_EQ(decodeHex("fa47c35000"), 100000.0);
  EXPECT_EQ(decodeHex("fb3ff199999999999a"), 1.1);
  EXPECT_EQ(decodeHex("f4"), false);
  EXPECT_TRUE(decodeHex("f6").is_null());
  EXPECT_EQ(decodeHex("c11a514b67b0"), 1363896240);  // tag 1 dropped
  EXPECT_EQ(decodeHex("4401020304"), makeBlob("\x01\x02\x03\x04"));
  EXPECT_EQ(decodeHex("6449455446"), "IETF");
  EXPECT_EQ(decodeHex("7f657374726561646d696e67ff"), "streaming");
  EXPECT_EQ(decodeHex("9f018202039f0405ffff"), Json::parse("[1,[2,3],[4,5]]"));
  EXPECT_EQ(decodeHex("bf61610161629f0203ffff"), Json::parse(R"({"a":1,"b":[2,3]})"));
}

TEST(Cbor, RejectsMalformedInput) {
  for (const char* hex : {"", "18", "1c", "62aa", "5f41", "9f01", "a16161", "a10102", "0000", "ff",
                          "62c328", "7f6161", "9a7fffffff"}) {
    SCOPED_TRACE(hex);
    EXPECT_THROW(decodeHex(hex), AwsError);
  }
}

TEST(Cbor, BoundsNesting) {
  std::string deep(100000, '\x81');
  deep += '\x00';
  EXPECT_THROW(decode(deep), AwsError);
  std::string ok(10, '\x81');
  ok += '\x00';
  EXPECT_NO_THROW(decode(ok));
}

TEST(Cbor, WriterRoundTrips) {
  Writer w;
  w.mapHeader(5);
  w.text("n");
  w.integer(-500);
  w.text("u");
  w.unsignedInteger(1ULL << 40);
  w.text("b");
  w.bytes(std::string_view("\x00\xff", 2));
  w.text("t");
  w.tag(1);
  w.floating(946845296.123);
  w.text("j");
  w.json(Json::parse(R"({"x":[true,null,"s",1.5]})"));
  const std::string bytes = w.take();
  Json decoded = decode(bytes);
  EXPECT_EQ(decoded["n"], -500);
  EXPECT_EQ(decoded["u"], 1ULL << 40);
  EXPECT_EQ(decoded["b"], makeBlob(std::string("\x00\xff", 2)));
  EXPECT_EQ(decoded["t"], 946845296.123);
  EXPECT_EQ(decoded["j"], Json::parse(R"({"x":[true,null,"s",1.5]})"));
  EXPECT_EQ(encoding::hexEncode(bytes.substr(bytes.find('t') + 1, 2)), "c1fb");
}

}  // namespace
}  // namespace awsemu::protocol::cbor
