#include "awsemu/core/time.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <algorithm>

namespace awsemu {

const Clock& systemClock() {
  static const Clock clock;
  return clock;
}

double toEpochSeconds(SystemTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

SystemTime fromEpochSeconds(double seconds) {
  // system_clock counts nanoseconds in 64 bits (about ±292 years around 1970): clamp instead of
  // overflowing on client-supplied values.
  constexpr double kLimit = 9.0e9;
  if (!(seconds > -kLimit)) seconds = -kLimit;  // also NaN
  if (seconds > kLimit) seconds = kLimit;
  return SystemTime(
      std::chrono::duration_cast<SystemTime::duration>(std::chrono::duration<double>(seconds)));
}

namespace timefmt {
namespace {
constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::tm utc(double epoch_seconds) {
  std::time_t whole = static_cast<std::time_t>(std::floor(epoch_seconds));
  std::tm tm{};
  gmtime_r(&whole, &tm);
  return tm;
}

bool readInt(std::string_view text, std::size_t& pos, std::size_t digits, int& out) {
  if (pos + digits > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  pos += digits;
  return true;
}

// timegm() silently normalises "Feb 30" to "Mar 2": reject dates that do not exist instead.
bool validDate(int year, int month, int day) {
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
}

// Seconds since the epoch of a UTC calendar time whose fields were validated by the caller.
std::time_t utcSeconds(int year, int month, int day, int hour, int minute, int second) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return timegm(&tm);
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}
}  // namespace

std::string iso8601(double epoch_seconds, int fraction_digits, bool always_fraction) {
  std::tm tm = utc(epoch_seconds);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  std::string out(buf, static_cast<std::size_t>(n));
  if (fraction_digits > 0) {
    double frac = epoch_seconds - std::floor(epoch_seconds);
    long scale = 1;
    for (int i = 0; i < fraction_digits; ++i) scale *= 10;
    long value = std::lround(frac * static_cast<double>(scale));
    if (value >= scale) value = scale - 1;
    if (value != 0 || always_fraction) {
      std::snprintf(buf, sizeof buf, ".%0*ld", std::min(fraction_digits, 9), value);
      out += buf;
    }
  }
  out += 'Z';
  return out;
}

std::string httpDate(double epoch_seconds) {
  std::tm tm = utc(epoch_seconds);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                        tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                        tm.tm_sec);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string amzDate(SystemTime t) {
  std::tm tm = utc(toEpochSeconds(t));
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
                        tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string epochText(double epoch_seconds) {
  if (std::floor(epoch_seconds) == epoch_seconds && std::fabs(epoch_seconds) < 1e15)
    return std::to_string(static_cast<long long>(epoch_seconds));
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, epoch_seconds);
  return std::string(buf, end);
}

std::optional<double> parseIso8601(std::string_view text) {
  std::size_t pos = 0;
  int year, month, day, hour = 0, minute = 0, second = 0;
  if (!readInt(text, pos, 4, year) || !expect(text, pos, '-') || !readInt(text, pos, 2, month) ||
      !expect(text, pos, '-') || !readInt(text, pos, 2, day))
    return std::nullopt;
  double fraction = 0;
  int offset_seconds = 0;
  if (pos < text.size()) {
    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
    ++pos;
    if (!readInt(text, pos, 2, hour) || !expect(text, pos, ':') || !readInt(text, pos, 2, minute))
      return std::nullopt;
    if (expect(text, pos, ':') && !readInt(text, pos, 2, second)) return std::nullopt;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      double scale = 0.1;
      std::size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        fraction += (text[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
    if (pos < text.size()) {
      char zone = text[pos];
      if (zone == 'Z' || zone == 'z') {
        ++pos;
      } else if (zone == '+' || zone == '-') {
        ++pos;
        int oh, om = 0;
        if (!readInt(text, pos, 2, oh)) return std::nullopt;
        bool colon = expect(text, pos, ':');
        if ((colon || pos < text.size()) && !readInt(text, pos, 2, om)) return std::nullopt;
        if (oh > 23 || om > 59) return std::nullopt;
        offset_seconds = (oh * 3600 + om * 60) * (zone == '+' ? 1 : -1);
      }
    }
  }
  if (pos != text.size()) return std::nullopt;
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return static_cast<double>(utcSeconds(year, month, day, hour, minute, second)) - offset_seconds +
         fraction;
}

std::optional<double> parseHttpDate(std::string_view text) {
  // "Sun, 06 Nov 1994 08:49:37 GMT" (also accepts a missing weekday and single-digit days)
  std::string s(text);
  std::tm tm{};
  const char* rest = nullptr;
  if (s.find(',') != std::string::npos)
    rest = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  else
    rest = strptime(s.c_str(), "%d %b %Y %H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  std::string_view tail(rest);
  double fraction = 0;
  if (!tail.empty() && tail[0] == '.') {
    double scale = 0.1;
    std::size_t i = 1;
    for (; i < tail.size() && tail[i] >= '0' && tail[i] <= '9'; ++i, scale /= 10)
      fraction += (tail[i] - '0') * scale;
    tail.remove_prefix(i);
  }
  while (!tail.empty() && tail[0] == ' ') tail.remove_prefix(1);
  if (!(tail.empty() || tail == "GMT" || tail == "UTC" || tail == "Z" || tail == "+0000"))
    return std::nullopt;
  if (!validDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) || tm.tm_sec > 60)
    return std::nullopt;
  return static_cast<double>(timegm(&tm)) + fraction;
}

std::optional<double> parseAny(std::string_view text) {
  if (text.empty()) return std::nullopt;
  if (auto iso = parseIso8601(text)) return iso;
  if (auto http = parseHttpDate(text)) return http;
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars also reads "nan" and "inf", which are not instants.
  if (ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(value)) return value;
  return std::nullopt;
}

std::optional<SystemTime> parseAmzDate(std::string_view text) {
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (text.size() != 16 || !readInt(text, pos, 4, year) || !readInt(text, pos, 2, month) ||
      !readInt(text, pos, 2, day) || !expect(text, pos, 'T') || !readInt(text, pos, 2, hour) ||
      !readInt(text, pos, 2, minute) || !readInt(text, pos, 2, second) || !expect(text, pos, 'Z'))
    return std::nullopt;
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  if (year < 1970 || year > 2200) return std::nullopt;  // outside system_clock's safe range
  return std::chrono::system_clock::from_time_t(utcSeconds(year, month, day, hour, minute, second));
}

}  // namespace timefmt
}  // namespace awsemu
