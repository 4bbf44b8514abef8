#include "awsemu/core/strings.hpp"
#include "awsemu/auth/credentials.hpp"

#include <strings.h>

namespace awsemu::auth {

std::optional<VerifyMode> parseVerifyMode(std::string_view text) {
  auto is = [&](std::string_view word) { return strings::iequals(text, word); };
  if (is("off") || is("0") || is("false") || is("none")) return VerifyMode::Off;
  if (is("known") || is("")) return VerifyMode::Known;
  if (is("strict") || is("1") || is("true") || is("all")) return VerifyMode::Strict;
  return std::nullopt;
}

std::string accountForAccessKey(std::string_view access_key_id) {
  bool twelve_digits = access_key_id.size() == 12;
  for (char c : access_key_id) twelve_digits = twelve_digits && c >= '0' && c <= '9';
  return std::string(twelve_digits ? access_key_id : kDefaultAccountId);
}

Caller rootCaller(std::string_view access_key_id, std::string_view account_id) {
  Caller caller;
  caller.access_key_id = std::string(access_key_id);
  caller.account_id = std::string(account_id);
  caller.arn = "arn:aws:iam::" + caller.account_id + ":root";
  caller.user_id = caller.account_id;
  return caller;
}

}  // namespace awsemu::auth
