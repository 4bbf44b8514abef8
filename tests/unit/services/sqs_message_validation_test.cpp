// SendMessage input rules: body characters, message (user) and system attributes, size, batch ids.
// Expected codes and texts are AWS's (see message_validation.hpp for the sources).
#include "services/sqs/message_validation.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::sqs {
namespace {

constexpr const char* kCharacterSet =
    "the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | "
    "[#x10000-#x10FFFF].";

// The AwsError `action` throws; fails the test when it throws nothing.
AwsError errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const AwsError& error) {
    return error;
  }
  ADD_FAILURE() << "no AwsError thrown";
  return {};
}

Json text(const char* type, std::string value) {
  return {{"DataType", type}, {"StringValue", std::move(value)}};
}

// ---- body ---------------------------------------------------------------------------------------

struct BodyCase {
  const char* name;
  std::string body;
  const char* bad;  // the '#x..' AWS names, or nullptr when the body is valid
};

class MessageBodyTest : public ::testing::TestWithParam<BodyCase> {};

TEST_P(MessageBodyTest, AcceptsTheXmlCharacterSet) {
  const auto& c = GetParam();
  if (c.bad == nullptr) {
    EXPECT_NO_THROW(validateMessageBody(c.body));
    return;
  }
  auto error = errorOf([&] { validateMessageBody(c.body); });
  EXPECT_EQ(error.code, "InvalidMessageContents");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.message, std::string("Invalid binary character '") + c.bad +
                               "' was found in the message body, " + kCharacterSet);
}

INSTANTIATE_TEST_SUITE_P(
    Characters, MessageBodyTest,
    ::testing::Values(
        BodyCase{"Ascii", "{\"order\": 1}", nullptr},
        BodyCase{"TabNewlineReturn", "a\tb\nc\rd", nullptr},
        BodyCase{"Unicode", "H\xC3\xA4llo \xE2\x82\xAC \xF0\x9F\x98\x80", nullptr},
        BodyCase{"LastBmpAllowed", "\xEF\xBF\xBD", nullptr},
        BodyCase{"Nul", std::string("a\0b", 3), "#x0"}, BodyCase{"Bell", "a\x07", "#x7"},
        BodyCase{"UnitSeparator", "\x1F", "#x1F"}, BodyCase{"VerticalTab", "\x0B", "#xB"},
        BodyCase{"FFFE", "ok\xEF\xBF\xBE", "#xFFFE"}, BodyCase{"FFFF", "\xEF\xBF\xBF", "#xFFFF"},
        BodyCase{"Surrogate", "\xED\xA0\x80", "#xED"}, BodyCase{"BrokenUtf8", "abc\xC3", "#xC3"},
        BodyCase{"Overlong", "\xC0\xAF", "#xC0"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(MessageBodyTest, EmptyIsAMissingParameter) {
  auto error = errorOf([] { validateMessageBody(""); });
  EXPECT_EQ(error.code, "MissingParameter");
  EXPECT_EQ(error.message, "The request must contain the parameter MessageBody.");
}

TEST(Utf8Test, DecodesStrictly) {
  EXPECT_EQ(decodeUtf8("a\xC3\xA4\xF0\x9F\x98\x80"), std::u32string(U"a\u00E4\U0001F600"));
  EXPECT_EQ(decodeUtf8("\xF4\x90\x80\x80"), std::nullopt);  // past U+10FFFF
  EXPECT_EQ(decodeUtf8("\xE0\x80\x80"), std::nullopt);      // overlong
  EXPECT_EQ(firstDisallowedCharacter("fine"), std::nullopt);
}

// ---- message attributes -------------------------------------------------------------------------

struct AttributeCase {
  const char* name;
  Json attributes;
  const char* code;     // nullptr when valid
  std::string message;  // exact
};

class MessageAttributesTest : public ::testing::TestWithParam<AttributeCase> {};

TEST_P(MessageAttributesTest, AppliesAwsRules) {
  const auto& c = GetParam();
  if (c.code == nullptr) {
    EXPECT_NO_THROW(validateMessageAttributes(c.attributes));
    return;
  }
  auto error = errorOf([&] { validateMessageAttributes(c.attributes); });
  EXPECT_EQ(error.code, c.code);
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.message, c.message);
}

Json elevenAttributes() {
  Json attributes = Json::object();
  for (int i = 1; i <= 11; ++i) attributes["attrib" + std::to_string(i)] = text("String", "World");
  return attributes;
}

const char* kIpv = "InvalidParameterValue";

INSTANTIATE_TEST_SUITE_P(
    Rules, MessageAttributesTest,
    ::testing::Values(
        AttributeCase{"String", {{"Priority", text("String", "High")}}, nullptr, ""},
        AttributeCase{"CustomTypes",
                      {{"a", text("String.json", "{}")},
                       {"b", text("Number.int", "-12")},
                       {"c", {{"DataType", "Binary.gz"}, {"BinaryValue", makeBlob("\x01")}}}},
                      nullptr,
                      ""},
        AttributeCase{"UnicodeLettersInName",
                      {{"attr.1\xC3\xB8\xC3\x9F\xC3\xA4", text("String", "v")}},
                      nullptr,
                      ""},
        AttributeCase{"Null", Json(), nullptr, ""},
        AttributeCase{"TooMany", elevenAttributes(), kIpv,
                      "Number of message attributes [11] exceeds the allowed maximum [10]."},
        AttributeCase{"EmptyName",
                      {{"", text("String", "v")}},
                      kIpv,
                      "The request must contain non-empty message (user) attribute names."},
        AttributeCase{"LongName",
                      {{std::string(257, 'a'), text("String", "v")}},
                      kIpv,
                      "Message (user) attribute name must be shorter than 256 bytes."},
        AttributeCase{"AwsPrefix",
                      {{"aWs.Hello", text("String", "v")}},
                      kIpv,
                      "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. "
                      "These strings are reserved for internal use."},
        AttributeCase{"AmazonPrefix",
                      {{"AMAZON.x", text("String", "v")}},
                      kIpv,
                      "You can't use message attribute names beginning with 'AWS.' or 'Amazon'. "
                      "These strings are reserved for internal use."},
        AttributeCase{"LeadingDot",
                      {{".x", text("String", "v")}},
                      kIpv,
                      "Message (user) attribute name must not begin with character '.'."},
        AttributeCase{"TrailingDot",
                      {{"Invalid.", text("String", "v")}},
                      kIpv,
                      "Message (user) attribute name must not end with character '.'."},
        AttributeCase{"DoubleDot",
                      {{"a..b", text("String", "v")}},
                      kIpv,
                      "Message (user) attribute name must not have successive '.' characters."},
        AttributeCase{"BadNameCharacter",
                      {{"Invalid-!-attr", text("String", "v")}},
                      kIpv,
                      "Message (user) attributes name can only contain upper and lower score "
                      "characters, digits, periods, hyphens and underscores. "},
        AttributeCase{"SectionSignInName",
                      {{"a\xC2\xA7", text("String", "v")}},
                      kIpv,
                      "Message (user) attributes name can only contain upper and lower score "
                      "characters, digits, periods, hyphens and underscores. "},
        AttributeCase{"NoValue",
                      {{"Hello", Json::object()}},
                      kIpv,
                      "The message (user) attribute 'Hello' must contain a non-empty message "
                      "attribute value."},
        AttributeCase{"StringList",
                      {{"Hello", {{"DataType", "StringList"}, {"StringListValues", {"World"}}}}},
                      "UnsupportedOperation",
                      "Message attribute list values in SendMessage operation are not supported."},
        AttributeCase{"BinaryList",
                      {{"Hello", {{"DataType", "Binary"}, {"BinaryListValues", {makeBlob("x")}}}}},
                      "UnsupportedOperation",
                      "Message attribute list values in SendMessage operation are not supported."},
        AttributeCase{"NoType",
                      {{"Hello", {{"StringValue", "v"}}}},
                      kIpv,
                      "The message (user) attribute 'Hello' must contain a non-empty message "
                      "attribute type."},
        AttributeCase{"LongType",
                      {{"a", text(("String." + std::string(250, 'a')).c_str(), "v")}},
                      kIpv,
                      "Message (user) attribute type must be shorter than 256 bytes."},
        AttributeCase{"BadType",
                      {{"Hello", text("InvalidType", "v")}},
                      kIpv,
                      "The type of message (user) attribute 'Hello' is invalid. You must use only "
                      "the following supported type prefixes: Binary, Number, String."},
        AttributeCase{"LowerCaseType",
                      {{"Author", text("string", "v")}},
                      kIpv,
                      "The type of message (user) attribute 'Author' is invalid. You must use "
                      "only the following supported type prefixes: Binary, Number, String."},
        AttributeCase{"EmptyCustomLabel",
                      {{"a", text("String.", "v")}},
                      kIpv,
                      "The type of message (user) attribute 'a' is invalid. You must use only the "
                      "following supported type prefixes: Binary, Number, String."},
        AttributeCase{"EmptyString",
                      {{"ErrorDetails", text("String", "")}},
                      kIpv,
                      "Message (user) attribute 'ErrorDetails' must contain a non-empty value of "
                      "type 'String'."},
        AttributeCase{"NumberWithoutValue",
                      {{"n", {{"DataType", "Number"}}}},
                      kIpv,
                      "Message (user) attribute 'n' must contain a non-empty value of type "
                      "'Number'."},
        AttributeCase{
            "TwoValues",
            {{"a", {{"DataType", "String"}, {"StringValue", "v"}, {"BinaryValue", makeBlob("v")}}}},
            kIpv,
            "Message (user) attribute 'a' must have a single value."},
        AttributeCase{"StringTypeBinaryField",
                      {{"a", {{"DataType", "String"}, {"BinaryValue", makeBlob("v")}}}},
                      kIpv,
                      "Message (user) attribute 'a' with type 'String' must use field 'String'."},
        AttributeCase{"BinaryTypeStringField",
                      {{"a", text("Binary", "v")}},
                      kIpv,
                      "Message (user) attribute 'a' with type 'Binary' must use field 'Binary'."},
        AttributeCase{"EmptyBinary",
                      {{"a", {{"DataType", "Binary"}, {"BinaryValue", makeBlob("")}}}},
                      kIpv,
                      "Message (user) attribute 'a' must contain a non-empty value of type "
                      "'Binary'."},
        AttributeCase{"NotANumber",
                      {{"Hello", text("Number", "world")}},
                      kIpv,
                      "Can't cast the value of message (user) attribute 'Hello' to a number."},
        AttributeCase{"BadStringCharacter",
                      {{"attr1", text("String", "Invalid-\x08,\x0B")}},
                      kIpv,
                      std::string("Invalid binary character '#x8' was found in the value of "
                                  "message (user) attribute 'attr1', ") +
                          kCharacterSet}),
    [](const auto& info) { return std::string(info.param.name); });

struct NumberCase {
  const char* text;
  bool valid;
};

class NumberAttributeTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumberAttributeTest, ParsesLikeSqs) {
  Json attributes = {{"n", text("Number", GetParam().text)}};
  if (GetParam().valid) {
    EXPECT_NO_THROW(validateMessageAttributes(attributes));
  } else {
    EXPECT_EQ(errorOf([&] { validateMessageAttributes(attributes); }).message,
              "Can't cast the value of message (user) attribute 'n' to a number.");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, NumberAttributeTest,
    ::testing::Values(NumberCase{"0", true}, NumberCase{"-12", true}, NumberCase{"+3.5", true},
                      NumberCase{".5", true}, NumberCase{"5.", true}, NumberCase{"1e126", true},
                      NumberCase{"1E-128", true}, NumberCase{"000123.4500", true},
                      NumberCase{"12345678901234567890123456789012345678", true},
                      NumberCase{"123456789012345678901234567890123456789", false},
                      NumberCase{"1e127", false}, NumberCase{"1e-129", false},
                      NumberCase{"abc", false}, NumberCase{"1.2.3", false}, NumberCase{"1e", false},
                      NumberCase{" 1", false}, NumberCase{"0x10", false}, NumberCase{".", false}));

// ---- system attributes --------------------------------------------------------------------------

TEST(MessageSystemAttributesTest, AcceptsTraceHeader) {
  EXPECT_NO_THROW(validateMessageSystemAttributes(
      {{"AWSTraceHeader", text("String", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")}}));
  EXPECT_NO_THROW(validateMessageSystemAttributes(Json()));
}

TEST(MessageSystemAttributesTest, RejectsOtherNamesTypesAndEmptyValues) {
  auto error = errorOf([] { validateMessageSystemAttributes({{"Hello", text("String", "v")}}); });
  EXPECT_EQ(error.code, "InvalidParameterValue");
  EXPECT_EQ(error.message, "Message system attribute name 'Hello' is invalid.");

  error = errorOf([] {
    validateMessageSystemAttributes(
        {{"AWSTraceHeader", {{"DataType", "Binary"}, {"BinaryValue", makeBlob("x")}}}});
  });
  EXPECT_EQ(error.message,
            "The type of message system attribute 'AWSTraceHeader' is invalid. You must use only "
            "the following supported type prefixes: String.");

  error = errorOf([] {
    validateMessageSystemAttributes({{"AWSTraceHeader", text("String", "")}});
  });
  EXPECT_EQ(error.message,
            "Message system attribute 'AWSTraceHeader' must contain a non-empty value of type "
            "'String'.");
}

// ---- size ---------------------------------------------------------------------------------------

TEST(MessageSizeTest, CountsBodyNamesTypesAndValues) {
  EXPECT_EQ(messageSize("hello", Json()), 5u);
  Json attributes = {{"ab", text("String", "xyz")},  // 2 + 6 + 3
                     {"c", {{"DataType", "Binary"}, {"BinaryValue", makeBlob("1234")}}}};  // 1+6+4
  EXPECT_EQ(messageSize("hello", attributes), 5u + 11u + 11u);
  Json base64 = {{"c", {{"DataType", "Binary"}, {"BinaryValue", "MTIzNA=="}}}};
  EXPECT_EQ(messageSize("", base64), 11u);
  EXPECT_EQ(messageSize("\xE2\x82\xAC", Json()), 3u);  // bytes, not characters
}

// 1 MiB since August 2025 (quotas-messages.html): the most MaximumMessageSize allows, and a batch.
TEST(MessageSizeTest, TheLimitIsOneMebibyte) {
  EXPECT_EQ(kMaxMessageBytes, 1048576u);
  EXPECT_EQ(kMaxBatchBytes, 1048576u);
}

TEST(MessageSizeTest, LimitIsInclusive) {
  EXPECT_NO_THROW(
      validateMessageSize(std::string(kMaxMessageBytes, 'a'), Json(), kMaxMessageBytes));
  auto error = errorOf([] {
    validateMessageSize(std::string(kMaxMessageBytes + 1, 'a'), Json(), kMaxMessageBytes);
  });
  EXPECT_EQ(error.code, "InvalidParameterValue");
  EXPECT_EQ(error.message,
            "One or more parameters are invalid. Reason: Message must be shorter than 1048576 "
            "bytes.");

  // The body and attributes together, against the queue's own limit.
  Json attributes = {{"attrib1", text("String", std::string(256, 'a'))},
                     {"attrib2", text("String", std::string(256, 'a'))}};
  error = errorOf([&] { validateMessageSize(std::string(513, 'a'), attributes, 1024); });
  EXPECT_EQ(error.message,
            "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.");
}

// ---- batch entry ids ----------------------------------------------------------------------------

TEST(BatchEntryIdTest, AlphanumericHyphenUnderscoreUpTo80) {
  EXPECT_TRUE(isValidBatchEntryId("msg-1_A"));
  EXPECT_TRUE(isValidBatchEntryId(std::string(80, 'x')));
  EXPECT_FALSE(isValidBatchEntryId(""));
  EXPECT_FALSE(isValidBatchEntryId(std::string(81, 'x')));
  EXPECT_FALSE(isValidBatchEntryId("invalid:id"));
  EXPECT_FALSE(isValidBatchEntryId("a.b"));
  EXPECT_FALSE(isValidBatchEntryId("\xC3\xA4"));
}

}  // namespace
}  // namespace awsemu::sqs
