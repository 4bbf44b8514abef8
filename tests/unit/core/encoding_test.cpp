// base64, hex, URI encoding, digests and constant-time comparison.
#include "awsemu/core/encoding.hpp"

#include <gtest/gtest.h>

#include <string>

namespace awsemu::encoding {
namespace {

// RFC 4648 section 10 test vectors.
struct Rfc4648Case {
  const char* name;
  const char* bytes;
  const char* base64;
  const char* hex;
};

class Rfc4648Test : public ::testing::TestWithParam<Rfc4648Case> {};

TEST_P(Rfc4648Test, EncodesAndDecodes) {
  const auto& c = GetParam();
  EXPECT_EQ(base64Encode(c.bytes), c.base64);
  EXPECT_EQ(base64Decode(c.base64), c.bytes);
  EXPECT_EQ(hexEncode(c.bytes), c.hex);
  EXPECT_EQ(hexDecode(c.hex), c.bytes);
}

INSTANTIATE_TEST_SUITE_P(
    Vectors, Rfc4648Test,
    ::testing::Values(Rfc4648Case{"empty", "", "", ""}, Rfc4648Case{"f", "f", "Zg==", "66"},
                      Rfc4648Case{"fo", "fo", "Zm8=", "666f"},
                      Rfc4648Case{"foo", "foo", "Zm9v", "666f6f"},
                      Rfc4648Case{"foob", "foob", "Zm9vYg==", "666f6f62"},
                      Rfc4648Case{"fooba", "fooba", "Zm9vYmE=", "666f6f6261"},
                      Rfc4648Case{"foobar", "foobar", "Zm9vYmFy", "666f6f626172"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Base64Test, RoundTripsEveryByteValueAndLength) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(255 - i));
  for (std::size_t length = 0; length <= bytes.size(); length += 7) {
    std::string part = bytes.substr(0, length);
    EXPECT_EQ(base64Decode(base64Encode(part)), part) << "length " << length;
  }
}

TEST(Base64Test, UsesTheStandardAlphabetWithPlusAndSlash) {
  EXPECT_EQ(base64Encode("\xfb\xff\xbf"), "+/+/");
  EXPECT_EQ(base64Decode("+/+/"), "\xfb\xff\xbf");
}

TEST(Base64Test, ToleratesMissingPaddingAndLineBreaks) {
  EXPECT_EQ(base64Decode("Zg"), "f");
  EXPECT_EQ(base64Decode("Zm8"), "fo");
  EXPECT_EQ(base64Decode("Zm9v\r\nYmFy"), "foobar");
  EXPECT_EQ(base64Decode(" Zm9v YmE= "), "fooba");
}

TEST(Base64Test, RejectsInvalidInput) {
  for (const char* text : {"Zm9v!", "Zm9v-_", "\xc3\xa9", "Z", "Zm9vY", "=",
                           "====", "Z===", "Zg=", "Zm9v=", "Zg==Zg==", "A=AA", "Zm9vYg==="}) {
    EXPECT_EQ(base64Decode(text), std::nullopt) << text;
  }
  EXPECT_EQ(base64Decode(std::string_view("Zg\0==", 5)), std::nullopt);
}

TEST(HexTest, EncodesLowerCaseAndDecodesEitherCase) {
  EXPECT_EQ(hexEncode(std::string_view("\x00\x7f\x80\xff", 4)), "007f80ff");
  EXPECT_EQ(hexDecode("DEADbeef"), "\xde\xad\xbe\xef");
}

TEST(HexTest, RejectsOddLengthAndNonHexDigits) {
  EXPECT_EQ(hexDecode("abc"), std::nullopt);
  EXPECT_EQ(hexDecode("0g"), std::nullopt);
  EXPECT_EQ(hexDecode("-1"), std::nullopt);
  EXPECT_EQ(hexDecode(""), "");
}

TEST(UriEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(uriEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(uriEncode("a b+c=d&e"), "a%20b%2Bc%3Dd%26e");
  EXPECT_EQ(uriEncode("*'()!"), "%2A%27%28%29%21");  // SigV4 encodes these too
}

TEST(UriEncodeTest, SlashIsEncodedUnlessAsked) {
  EXPECT_EQ(uriEncode("a/b c"), "a%2Fb%20c");
  EXPECT_EQ(uriEncode("a/b c", false), "a/b%20c");
}

TEST(UriEncodeTest, EncodesUtf8BytesWithUpperCaseHex) {
  EXPECT_EQ(uriEncode("\xe2\x82\xac"), "%E2%82%AC");  // EURO SIGN
  EXPECT_EQ(uriEncode("\xc3\xa9t\xc3\xa9"), "%C3%A9t%C3%A9");
  EXPECT_EQ(uriEncode(std::string_view("\0", 1)), "%00");
}

TEST(UriDecodeTest, DecodesEscapesInEitherCase) {
  EXPECT_EQ(uriDecode("a%20b%2Fc%2fd"), "a b/c/d");
  EXPECT_EQ(uriDecode("%E2%82%AC"), "\xe2\x82\xac");
  EXPECT_EQ(uriDecode("%e2%82%ac"), "\xe2\x82\xac");
}

TEST(UriDecodeTest, PlusIsSpaceOnlyInFormEncoding) {
  EXPECT_EQ(uriDecode("a+b%2B"), "a+b+");
  EXPECT_EQ(uriDecode("a+b%2B", true), "a b+");
}

TEST(UriDecodeTest, KeepsInvalidEscapes) {
  EXPECT_EQ(uriDecode("%"), "%");
  EXPECT_EQ(uriDecode("100%"), "100%");
  EXPECT_EQ(uriDecode("%4"), "%4");
  EXPECT_EQ(uriDecode("%zz%41"), "%zzA");
  EXPECT_EQ(uriDecode("%%41"), "%A");
}

TEST(UriDecodeTest, RoundTripsEncode) {
  std::string text = "key with spaces/and+plus/\xe2\x82\xac/%41";
  EXPECT_EQ(uriDecode(uriEncode(text)), text);
  EXPECT_EQ(uriDecode(uriEncode(text, false)), text);
}

TEST(DigestTest, Sha256KnownVectors) {
  // FIPS 180-2 examples.
  EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256("abc").size(), 32u);
  EXPECT_EQ(hexEncode(sha256("abc")), sha256Hex("abc"));
}

TEST(DigestTest, Md5KnownVectors) {
  // RFC 1321 appendix A.5.
  EXPECT_EQ(md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5Hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5Hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST(DigestTest, HmacSha256Rfc4231Vectors) {
  // Test case 1.
  EXPECT_EQ(hexEncode(hmacSha256(std::string(20, '\x0b'), "Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  // Test case 2.
  EXPECT_EQ(hexEncode(hmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // Test case 6: a key longer than the block size.
  EXPECT_EQ(hexEncode(hmacSha256(std::string(131, '\xaa'),
                                 "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(ConstantTimeEqualsTest, ComparesContentAndLength) {
  EXPECT_TRUE(constantTimeEquals("", ""));
  EXPECT_TRUE(constantTimeEquals("signature", "signature"));
  EXPECT_FALSE(constantTimeEquals("signature", "signaturE"));
  EXPECT_FALSE(constantTimeEquals("signature", "Signature"));
  EXPECT_FALSE(constantTimeEquals("signature", "signatur"));
  EXPECT_FALSE(constantTimeEquals("", "x"));
  EXPECT_FALSE(constantTimeEquals(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

}  // namespace
}  // namespace awsemu::encoding
