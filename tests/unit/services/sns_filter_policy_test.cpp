// Filter policies: every operator of the language on message attributes and bodies, and the
// policies AWS refuses with the message it gives.
// https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/sns/filter_policy.hpp"

namespace awsemu::sns {
namespace {

Json attrs(std::initializer_list<std::tuple<const char*, const char*, const char*>> items) {
  Json out = Json::object();
  for (const auto& [name, type, value] : items)
    out[name] = {{"DataType", type}, {"StringValue", value}};
  return out;
}

struct AttributeCase {
  const char* name;
  const char* policy;
  Json attributes;
  bool expected;
};

class AttributeMatching : public testing::TestWithParam<AttributeCase> {};

TEST_P(AttributeMatching, Matches) {
  const auto& c = GetParam();
  auto policy = FilterPolicy::parse(c.policy, FilterScope::MessageAttributes);
  EXPECT_EQ(policy->matchesAttributes(c.attributes), c.expected) << c.policy;
}

INSTANTIATE_TEST_SUITE_P(
    Sns, AttributeMatching,
    testing::Values(
        AttributeCase{"ExactString", R"({"store":["example_corp"]})",
                      attrs({{"store", "String", "example_corp"}}), true},
        AttributeCase{"ExactStringOther", R"({"store":["example_corp"]})",
                      attrs({{"store", "String", "other"}}), false},
        AttributeCase{"MissingKey", R"({"store":["example_corp"]})", attrs({}), false},
        AttributeCase{"OrWithinKey", R"({"event":["a","b"]})", attrs({{"event", "String", "b"}}),
                      true},
        AttributeCase{"AndAcrossKeys", R"({"a":["1"],"b":["2"]})",
                      attrs({{"a", "String", "1"}, {"b", "String", "3"}}), false},
        AttributeCase{"ExactNumber", R"({"price":[100]})", attrs({{"price", "Number", "100.0"}}),
                      true},
        AttributeCase{"NumberVsString", R"({"price":["100"]})", attrs({{"price", "Number", "100"}}),
                      false},
        AttributeCase{"Prefix", R"({"c":[{"prefix":"bas"}]})", attrs({{"c", "String", "basket"}}),
                      true},
        AttributeCase{"Suffix", R"({"c":[{"suffix":"ket"}]})", attrs({{"c", "String", "basket"}}),
                      true},
        AttributeCase{"SuffixNo", R"({"c":[{"suffix":"ball"}]})",
                      attrs({{"c", "String", "basket"}}), false},
        AttributeCase{"EqualsIgnoreCase", R"({"c":[{"equals-ignore-case":"RED"}]})",
                      attrs({{"c", "String", "Red"}}), true},
        AttributeCase{"AnythingButString", R"({"c":[{"anything-but":"red"}]})",
                      attrs({{"c", "String", "blue"}}), true},
        AttributeCase{"AnythingButList", R"({"c":[{"anything-but":["red","blue"]}]})",
                      attrs({{"c", "String", "blue"}}), false},
        AttributeCase{"AnythingButMissingKey", R"({"c":[{"anything-but":"red"}]})", attrs({}),
                      false},
        AttributeCase{"AnythingButNumber", R"({"n":[{"anything-but":[1,2]}]})",
                      attrs({{"n", "Number", "3"}}), true},
        AttributeCase{"AnythingButPrefix", R"({"c":[{"anything-but":{"prefix":"bas"}}]})",
                      attrs({{"c", "String", "basket"}}), false},
        AttributeCase{"AnythingButSuffix", R"({"c":[{"anything-but":{"suffix":"ball"}}]})",
                      attrs({{"c", "String", "basket"}}), true},
        AttributeCase{"NumericRangeIn", R"({"p":[{"numeric":[">",0,"<=",150]}]})",
                      attrs({{"p", "Number", "150"}}), true},
        AttributeCase{"NumericRangeOut", R"({"p":[{"numeric":[">",0,"<",150]}]})",
                      attrs({{"p", "Number", "150"}}), false},
        AttributeCase{"NumericEquals", R"({"p":[{"numeric":["=",3.5]}]})",
                      attrs({{"p", "Number", "3.50"}}), true},
        AttributeCase{"NumericOnString", R"({"p":[{"numeric":[">",0]}]})",
                      attrs({{"p", "String", "5"}}), false},
        AttributeCase{"ExistsTrue", R"({"p":[{"exists":true}]})", attrs({{"p", "String", "x"}}),
                      true},
        AttributeCase{"ExistsTrueMissing", R"({"p":[{"exists":true}]})", attrs({}), false},
        AttributeCase{"ExistsFalse", R"({"p":[{"exists":false}]})", attrs({}), true},
        AttributeCase{"ExistsFalsePresent", R"({"p":[{"exists":false}]})",
                      attrs({{"p", "String", "x"}}), false},
        AttributeCase{"CidrV4", R"({"ip":[{"cidr":"10.0.0.0/24"}]})",
                      attrs({{"ip", "String", "10.0.0.255"}}), true},
        AttributeCase{"CidrV4Out", R"({"ip":[{"cidr":"10.0.0.0/24"}]})",
                      attrs({{"ip", "String", "10.0.1.1"}}), false},
        AttributeCase{"CidrV6", R"({"ip":[{"cidr":"2001:db8::/32"}]})",
                      attrs({{"ip", "String", "2001:db8:1::5"}}), true},
        AttributeCase{"StringArray", R"({"i":["rugby"]})",
                      attrs({{"i", "String.Array", R"(["soccer","rugby"])"}}), true},
        AttributeCase{"StringArrayNumbers", R"({"i":[{"numeric":[">",10]}]})",
                      attrs({{"i", "String.Array", "[1, 20]"}}), true},
        AttributeCase{"BinaryNeverMatches", R"({"b":["x"]})", attrs({{"b", "Binary", "x"}}), false},
        AttributeCase{"Or", R"({"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]})",
                      attrs({{"a", "String", "1"}, {"c", "String", "3"}}), true},
        AttributeCase{"OrNone", R"({"a":["1"],"$or":[{"b":["2"]},{"c":["3"]}]})",
                      attrs({{"a", "String", "1"}}), false},
        AttributeCase{"Empty", R"({})", attrs({}), true}),
    [](const auto& info) { return std::string(info.param.name); });

struct BodyCase {
  const char* name;
  const char* policy;
  const char* body;
  bool expected;
};

class BodyMatching : public testing::TestWithParam<BodyCase> {};

TEST_P(BodyMatching, Matches) {
  const auto& c = GetParam();
  auto policy = FilterPolicy::parse(c.policy, FilterScope::MessageBody);
  EXPECT_EQ(policy->matchesBody(std::string_view(c.body)), c.expected) << c.policy << " " << c.body;
}

INSTANTIATE_TEST_SUITE_P(
    Sns, BodyMatching,
    testing::Values(BodyCase{"TopLevel", R"({"type":["order"]})", R"({"type":"order"})", true},
                    BodyCase{"Nested", R"({"order":{"status":["paid"]}})",
                             R"({"order":{"status":"paid","total":5}})", true},
                    BodyCase{"NestedNo", R"({"order":{"status":["paid"]}})",
                             R"({"order":{"status":"new"}})", false},
                    BodyCase{"NestedNumeric", R"({"order":{"total":[{"numeric":[">=",5]}]}})",
                             R"({"order":{"total":5}})", true},
                    BodyCase{"ArrayOfObjects", R"({"items":{"sku":["b"]}})",
                             R"({"items":[{"sku":"a"},{"sku":"b"}]})", true},
                    BodyCase{"ArrayLeaf", R"({"tags":["x"]})", R"({"tags":["y","x"]})", true},
                    BodyCase{"Boolean", R"({"ok":[true]})", R"({"ok":true})", true},
                    BodyCase{"Null", R"({"v":[null]})", R"({"v":null})", true},
                    BodyCase{"ExistsFalseNested", R"({"a":{"b":[{"exists":false}]}})",
                             R"({"a":{"c":1}})", true},
                    BodyCase{"NotJson", R"({"a":["1"]})", "plain text", false},
                    BodyCase{"OrNested", R"({"$or":[{"a":{"b":["1"]}},{"c":["2"]}]})",
                             R"({"c":"2"})", true}),
    [](const auto& info) { return std::string(info.param.name); });

struct InvalidCase {
  const char* name;
  const char* policy;
  FilterScope scope;
  const char* message;
};

class InvalidPolicies : public testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidPolicies, AreRefusedWithAwsMessage) {
  const auto& c = GetParam();
  try {
    FilterPolicy::parse(c.policy, c.scope);
    FAIL() << "accepted " << c.policy;
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidParameter");
    EXPECT_EQ(e.message, c.message);
  }
}

constexpr auto kAttr = FilterScope::MessageAttributes;
INSTANTIATE_TEST_SUITE_P(
    Sns, InvalidPolicies,
    testing::Values(
        InvalidCase{"SixKeys", R"({"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]})",
                    kAttr,
                    "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys"},
        InvalidCase{"TooComplex",
                    R"({"a":["1","2","3","4","5","6","7","8","9","10"],
                        "b":["1","2","3","4","5","6","7","8","9","10"],
                        "c":["1","2"]})",
                    kAttr, "Invalid parameter: FilterPolicy: Filter policy is too complex"},
        InvalidCase{"UnknownOperator", R"({"a":[{"regex":"x"}]})", kAttr,
                    "Invalid parameter: FilterPolicy: Unrecognized match type regex"},
        InvalidCase{"NotArray", R"({"a":"x"})", kAttr,
                    "Invalid parameter: FilterPolicy: \"a\" must be an object or an array"},
        InvalidCase{"EmptyArray", R"({"a":[]})", kAttr,
                    "Invalid parameter: FilterPolicy: Empty arrays are not allowed"},
        InvalidCase{"NestedInAttributes", R"({"a":{"b":["x"]}})", kAttr,
                    "Invalid parameter: Filter policy scope MessageAttributes does not support "
                    "nested filter policy"},
        InvalidCase{"NumericNotNumber", R"({"a":[{"numeric":[">","x"]}]})", kAttr,
                    "Invalid parameter: FilterPolicy: Value of > must be numeric"},
        InvalidCase{"NumericBadOrder", R"({"a":[{"numeric":["<",1,">",0]}]})", kAttr,
                    "Invalid parameter: FilterPolicy: Bad numeric range operator: >"},
        InvalidCase{"NumericUnknownOp", R"({"a":[{"numeric":["!=",1]}]})", kAttr,
                    "Invalid parameter: FilterPolicy: Unrecognized numeric range operator: !="},
        InvalidCase{"ExistsNotBool", R"({"a":[{"exists":"yes"}]})", kAttr,
                    "Invalid parameter: FilterPolicy: exists match pattern must be either true or "
                    "false."},
        InvalidCase{"PrefixNotString", R"({"a":[{"prefix":1}]})", kAttr,
                    "Invalid parameter: FilterPolicy: prefix match pattern must be a string"},
        InvalidCase{"CidrMalformed", R"({"a":[{"cidr":"10.0.0.1"}]})", kAttr,
                    "Invalid parameter: FilterPolicy: Malformed CIDR, one '/' required"},
        InvalidCase{"NestedArray", R"({"a":[["x"]]})", kAttr,
                    "Invalid parameter: FilterPolicy: Match value must be String, number, true, "
                    "false, or null"},
        InvalidCase{"NotJson", R"({"a":)", kAttr,
                    "Invalid parameter: FilterPolicy: failed to parse JSON."}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace awsemu::sns
