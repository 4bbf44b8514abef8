#include "services/s3/s3_owner.hpp"

#include "awsemu/core/encoding.hpp"

namespace awsemu::s3 {

std::string canonicalUserId(std::string_view account) {
  // A fixed prefix keeps the id from being a plain hash of the account number.
  std::string seed = "awsemu-s3-canonical-user:";
  seed.append(account);
  return encoding::sha256Hex(seed);
}

std::string displayName(std::string_view account) {
  // Real display names are the account's e-mail name; the emulator has none, so one derived
  // from the account keeps grants and listings readable.
  std::string name = "awsemu-";
  name.append(account);
  return name;
}

}  // namespace awsemu::s3
