#pragma once
// Timestamps on the wire: ISO 8601, HTTP dates (RFC 7231), epoch seconds; and an injectable clock.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace awsemu {

using SystemTime = std::chrono::system_clock::time_point;

// Injectable clock (tests move time; the server uses the system clock).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime now() const { return std::chrono::system_clock::now(); }
};
const Clock& systemClock();

double toEpochSeconds(SystemTime t);
SystemTime fromEpochSeconds(double seconds);

namespace timefmt {
// "2015-01-25T08:00:00Z"; with fraction_digits 3: "2015-01-25T08:00:00.123Z" (fraction only if
// non-zero unless always_fraction).
std::string iso8601(double epoch_seconds, int fraction_digits = 0, bool always_fraction = false);
std::string httpDate(double epoch_seconds);  // "Sun, 25 Jan 2015 08:00:00 GMT"
std::string amzDate(SystemTime t);           // "20150830T123600Z" (SigV4 X-Amz-Date)
// Epoch seconds as the shortest decimal text ("1422172800", "1422172800.123").
std::string epochText(double epoch_seconds);

// Parses ISO 8601 (fractions, 'Z' or +hh:mm offsets), RFC 7231/822 dates and epoch seconds.
std::optional<double> parseAny(std::string_view text);
std::optional<double> parseIso8601(std::string_view text);
std::optional<double> parseHttpDate(std::string_view text);
std::optional<SystemTime> parseAmzDate(std::string_view text);  // "20150830T123600Z"
}  // namespace timefmt

}  // namespace awsemu
