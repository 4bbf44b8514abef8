// Timestamp formatting and parsing: ISO 8601, HTTP dates, X-Amz-Date, epoch seconds.
#include "awsemu/core/time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace awsemu::timefmt {
namespace {

constexpr double kJan25 = 1422172800;          // 2015-01-25T08:00:00Z, a Sunday
constexpr double kRfc7231Example = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

TEST(Iso8601Test, FormatsWholeSeconds) {
  EXPECT_EQ(iso8601(kJan25), "2015-01-25T08:00:00Z");
  EXPECT_EQ(iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(iso8601(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(iso8601(4102444800), "2100-01-01T00:00:00Z");
}

TEST(Iso8601Test, FractionsOnlyWhenAskedAndNonZero) {
  EXPECT_EQ(iso8601(kJan25 + 0.123), "2015-01-25T08:00:00Z");  // no digits asked: truncated
  EXPECT_EQ(iso8601(kJan25 + 0.123, 3), "2015-01-25T08:00:00.123Z");
  EXPECT_EQ(iso8601(kJan25 + 0.5, 3), "2015-01-25T08:00:00.500Z");
  EXPECT_EQ(iso8601(kJan25 + 0.05, 3), "2015-01-25T08:00:00.050Z");
  EXPECT_EQ(iso8601(kJan25, 3), "2015-01-25T08:00:00Z");
  EXPECT_EQ(iso8601(kJan25, 3, true), "2015-01-25T08:00:00.000Z");
  EXPECT_EQ(iso8601(kJan25 + 0.25, 6), "2015-01-25T08:00:00.250000Z");
}

TEST(Iso8601Test, FractionNeverRoundsIntoTheNextSecond) {
  EXPECT_EQ(iso8601(kJan25 + 0.9999, 3), "2015-01-25T08:00:00.999Z");
}

TEST(Iso8601Test, BeforeTheEpoch) {
  EXPECT_EQ(iso8601(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(iso8601(-0.5, 3), "1969-12-31T23:59:59.500Z");
}

TEST(HttpDateTest, FormatsRfc7231ImfFixdate) {
  EXPECT_EQ(httpDate(kJan25), "Sun, 25 Jan 2015 08:00:00 GMT");
  EXPECT_EQ(httpDate(kRfc7231Example), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(httpDate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(httpDate(kJan25 + 0.9), "Sun, 25 Jan 2015 08:00:00 GMT");
}

TEST(AmzDateTest, FormatsAndParsesTheSigV4Form) {
  SystemTime t = fromEpochSeconds(1440938160);
  EXPECT_EQ(amzDate(t), "20150830T123600Z");
  EXPECT_EQ(parseAmzDate("20150830T123600Z"), t);
  for (const char* bad :
       {"", "20150830T123600", "2015-08-30T12:36:00Z", "20151330T123600Z", "20150230T123600Z",
        "20150830T243600Z", "20150830t123600Z", "20150830T123600Zx"})
    EXPECT_EQ(parseAmzDate(bad), std::nullopt) << bad;
}

TEST(EpochTest, ConvertsAndPrintsShortestText) {
  EXPECT_DOUBLE_EQ(toEpochSeconds(fromEpochSeconds(kJan25 + 0.5)), kJan25 + 0.5);
  EXPECT_EQ(epochText(kJan25), "1422172800");
  EXPECT_EQ(epochText(kJan25 + 0.123), "1422172800.123");
  EXPECT_EQ(epochText(-1), "-1");
}

TEST(ParseIso8601Test, UtcWithAndWithoutFractions) {
  EXPECT_EQ(parseIso8601("2015-01-25T08:00:00Z"), kJan25);
  EXPECT_EQ(parseIso8601("2015-01-25t08:00:00z"), kJan25);
  EXPECT_NEAR(parseIso8601("2015-01-25T08:00:00.123Z").value(), kJan25 + 0.123, 1e-6);
  EXPECT_NEAR(parseIso8601("2015-01-25T08:00:00.123456789Z").value(), kJan25 + 0.123456789, 1e-6);
  EXPECT_EQ(parseIso8601("2015-01-25T08:00:00.5"), kJan25 + 0.5);  // no zone: UTC
}

TEST(ParseIso8601Test, Offsets) {
  EXPECT_EQ(parseIso8601("2015-01-25T10:00:00+02:00"), kJan25);
  EXPECT_EQ(parseIso8601("2015-01-25T10:00:00+0200"), kJan25);
  EXPECT_EQ(parseIso8601("2015-01-25T10:00:00+02"), kJan25);
  EXPECT_EQ(parseIso8601("2015-01-25T02:30:00-05:30"), kJan25);
  EXPECT_EQ(parseIso8601("2015-01-25T08:00:00+00:00"), kJan25);
  EXPECT_NEAR(parseIso8601("2015-01-25T09:00:00.25+01:00").value(), kJan25 + 0.25, 1e-6);
  EXPECT_EQ(parseIso8601("2015-01-25T00:30:00-07:30"), kJan25);
}

TEST(ParseIso8601Test, ShortForms) {
  EXPECT_EQ(parseIso8601("2015-01-25"), kJan25 - 8 * 3600);
  EXPECT_EQ(parseIso8601("2015-01-25T08:00Z"), kJan25);
  EXPECT_EQ(parseIso8601("2015-01-25 08:00:00Z"), kJan25);
  EXPECT_EQ(parseIso8601("2016-02-29T00:00:00Z"), 1456704000);  // leap day
}

TEST(ParseIso8601Test, RejectsInvalidInput) {
  for (const char* bad : {"",
                          "2015",
                          "2015-01",
                          "2015-1-25",
                          "15-01-25",
                          "2015/01/25",
                          "2015-01-25T",
                          "2015-01-25T8:00",
                          "2015-01-25T08:00:00.",
                          "2015-01-25T08:00:00.Z",
                          "2015-01-25T08:00:00X",
                          "2015-01-25T08:00:00Zx",
                          "2015-01-25T08:00:00+",
                          "2015-01-25T08:00:00+2",
                          "2015-01-25T08:00:00+02:",
                          "2015-01-25T08:00:00+25:00",
                          "2015-01-25T08:00:00+02:60",
                          "2015-13-01T00:00:00Z",
                          "2015-00-01T00:00:00Z",
                          "2015-01-00T00:00:00Z",
                          "2015-01-32T00:00:00Z",
                          "2015-02-29T00:00:00Z",
                          "2015-02-30T00:00:00Z",
                          "2015-04-31T00:00:00Z",
                          "2015-01-25T24:00:00Z",
                          "2015-01-25T08:60:00Z",
                          "2015-01-25T08:00:61Z",
                          " 2015-01-25T08:00:00Z",
                          "not a date",
                          "1422172800"})
    EXPECT_EQ(parseIso8601(bad), std::nullopt) << bad;
}

TEST(ParseHttpDateTest, Rfc7231Forms) {
  EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), kRfc7231Example);
  EXPECT_EQ(parseHttpDate("Sun, 6 Nov 1994 08:49:37 GMT"), kRfc7231Example);
  EXPECT_EQ(parseHttpDate("06 Nov 1994 08:49:37 GMT"), kRfc7231Example);
  EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 UTC"), kRfc7231Example);
  EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37 +0000"), kRfc7231Example);
  EXPECT_EQ(parseHttpDate("Sun, 06 Nov 1994 08:49:37.250 GMT"), kRfc7231Example + 0.25);
  EXPECT_EQ(parseHttpDate(httpDate(kJan25)), kJan25);
}

TEST(ParseHttpDateTest, RejectsInvalidInput) {
  for (const char* bad :
       {"", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nov 1994 08:49:37 +0100",
        "Sun, 06 Xyz 1994 08:49:37 GMT", "Sun, 32 Nov 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Tue, 29 Feb 2015 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nov 1994 08:49:61 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT trailing", "2015-01-25T08:00:00Z", "yesterday"})
    EXPECT_EQ(parseHttpDate(bad), std::nullopt) << bad;
}

TEST(ParseAnyTest, AcceptsEachWireForm) {
  EXPECT_EQ(parseAny("2015-01-25T08:00:00Z"), kJan25);
  EXPECT_EQ(parseAny("Sun, 25 Jan 2015 08:00:00 GMT"), kJan25);
  EXPECT_EQ(parseAny("1422172800"), kJan25);
  EXPECT_EQ(parseAny("1422172800.5"), kJan25 + 0.5);
  EXPECT_EQ(parseAny("-1"), -1);
  EXPECT_EQ(parseAny("1.4221728e9"), kJan25);
}

TEST(ParseAnyTest, RejectsInvalidInput) {
  for (const char* bad : {"", " ", "abc", "1422172800x", " 1422172800", "+1422172800", "0x10",
                          "nan", "NaN", "inf", "-inf", "infinity", "1e400", "2015-02-30T00:00:00Z"})
    EXPECT_EQ(parseAny(bad), std::nullopt) << bad;
}

TEST(ClockTest, SystemClockIsNow) {
  double before = toEpochSeconds(std::chrono::system_clock::now());
  double now = toEpochSeconds(systemClock().now());
  EXPECT_GE(now, before);
  EXPECT_LT(now - before, 5);
}

}  // namespace
}  // namespace awsemu::timefmt
