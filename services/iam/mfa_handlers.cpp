// Virtual MFA devices:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html
// EnableMFADevice and ResyncMFADevice check two consecutive TOTP codes (RFC 6238: HMAC-SHA1,
// 30-second steps, 6 digits) computed from the device's seed, as an authenticator app would.
#include <openssl/hmac.h>

#include <cmath>
#include <cstring>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string base32Encode(const std::string& bytes) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

std::string base32Decode(const std::string& text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const char* at = std::strchr(kBase32, c);
    if (!at || c == '\0') continue;
    buffer = (buffer << 5) | static_cast<unsigned>(at - kBase32);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string totp(const std::string& key, std::int64_t step) {
  unsigned char counter[8];
  for (int i = 7; i >= 0; --i, step >>= 8) counter[i] = static_cast<unsigned char>(step & 0xff);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), counter, sizeof counter, mac, &length);
  int offset = mac[length - 1] & 0x0f;
  std::uint32_t binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) |
                         (mac[offset + 2] << 8) | mac[offset + 3];
  std::string code = std::to_string(binary % 1000000);
  return std::string(6 - code.size(), '0') + code;
}

// Two consecutive codes from the last five minutes (or the next step: clocks drift).
void checkCodes(const MfaDevice& device, const Json& in, double now) {
  std::string key = base32Decode(device.seed);
  std::string first = in.at("AuthenticationCode1"), second = in.at("AuthenticationCode2");
  auto current = static_cast<std::int64_t>(std::floor(now / 30));
  for (std::int64_t step = current - 10; step <= current + 1; ++step)
    if (totp(key, step) == first && totp(key, step + 1) == second) return;
  throw AwsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403);
}

MfaDevice& deviceNamed(Account& account, const std::string& serial) {
  auto it = account.mfa_devices.find(serial);
  if (it == account.mfa_devices.end())
    throw errors::noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
  return it->second;
}

Json assignedJson(const MfaDevice& d) {
  return {{"UserName", d.user}, {"SerialNumber", d.serial}, {"EnableDate", d.enabled}};
}

// A 1x1 transparent PNG: the QR code's place (clients only store it).
const std::string& qrPlaceholder() {
  static const char bytes[] =
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx"
      "\x9c"
      "c"
      "\0\x01\0\0\x05\0\x01\r\n-\xb4\0\0\0\0IEND\xae"
      "B`\x82";
  static const std::string png(bytes, sizeof bytes - 1);
  return png;
}

}  // namespace

void IamService::registerMfaHandlers() {
  onAccount("CreateVirtualMFADevice",
            [this](Account& account, RequestContext& ctx, const Json& in) {
              MfaDevice d;
              d.name = in.at("VirtualMFADeviceName");
              d.path = in.value("Path", "/");
              d.serial = entityArn(account.id, "mfa", d.path, d.name);
              if (account.mfa_devices.contains(d.serial))
                throw errors::entityAlreadyExists(
                    "MFADevice entity at the same path and name already exists.");
              d.seed = base32Encode(ids::randomAlnum(20));
              d.created = toEpochSeconds(ctx.now());
              d.tags = tagsFrom(in);
              Json out = {{"SerialNumber", d.serial},
                          {"Base32StringSeed", makeBlob(d.seed)},
                          {"QRCodePNG", makeBlob(qrPlaceholder())}};
              if (!d.tags.empty()) out["Tags"] = tagsJson(d.tags);
              state_.save(account, kMfa, d.serial, account.mfa_devices[d.serial] = d);
              return Json{{"VirtualMFADevice", out}};
            });

  onAccount("EnableMFADevice", [this](Account& account, RequestContext& ctx, const Json& in) {
    User& user = userNamed(account, in.at("UserName"));
    MfaDevice& d = deviceNamed(account, in.at("SerialNumber"));
    if (!d.user.empty()) throw errors::entityAlreadyExists("MFA Device is already in use.");
    checkCodes(d, in, toEpochSeconds(ctx.now()));
    d.user = user.name;
    d.enabled = toEpochSeconds(ctx.now());
    state_.save(account, kMfa, d.serial, d);
    return Json::object();
  });

  onAccount("ResyncMFADevice", [](Account& account, RequestContext& ctx, const Json& in) {
    userNamed(account, in.at("UserName"));
    checkCodes(deviceNamed(account, in.at("SerialNumber")), in, toEpochSeconds(ctx.now()));
    return Json::object();
  });

  onAccount("DeactivateMFADevice", [this](Account& account, RequestContext&, const Json& in) {
    MfaDevice& d = deviceNamed(account, in.at("SerialNumber"));
    if (in.contains("UserName") && IamState::keyOf(d.user) != IamState::keyOf(in["UserName"]))
      throw errors::noSuchEntity("MFA Device with serial number " + d.serial +
                                 " is not assigned to user.");
    d.user.clear();
    d.enabled = 0;
    state_.save(account, kMfa, d.serial, d);
    return Json::object();
  });

  onAccount("DeleteVirtualMFADevice", [this](Account& account, RequestContext&, const Json& in) {
    MfaDevice& d = deviceNamed(account, in.at("SerialNumber"));
    if (!d.user.empty()) throw errors::deleteConflict("MFA device is still in use.");
    std::string serial = d.serial;
    account.mfa_devices.erase(serial);
    state_.drop(account, kMfa, serial);
    return Json::object();
  });

  onAccount("ListVirtualMFADevices", [](Account& account, RequestContext&, const Json& in) {
    std::string status = in.value("AssignmentStatus", "Any");
    std::vector<Json> items;
    for (const auto& [serial, d] : account.mfa_devices) {
      bool assigned = !d.user.empty();
      if ((status == "Assigned" && !assigned) || (status == "Unassigned" && assigned)) continue;
      Json item = {{"SerialNumber", serial}};
      if (assigned) {
        auto user = account.users.find(IamState::keyOf(d.user));
        if (user != account.users.end()) item["User"] = userJson(user->second, false);
        item["EnableDate"] = d.enabled;
      }
      if (!d.tags.empty()) item["Tags"] = tagsJson(d.tags);
      items.push_back(item);
    }
    return paginate(std::move(items), in, "VirtualMFADevices");
  });

  onAccount("ListMFADevices", [](Account& account, RequestContext& ctx, const Json& in) {
    std::string name = in.value("UserName", "");
    if (name.empty() && ctx.caller.arn.find(":user/") != std::string::npos)
      name = ctx.caller.arn.substr(ctx.caller.arn.rfind('/') + 1);
    if (!name.empty()) name = userNamed(account, name).name;
    std::vector<Json> items;
    for (const auto& [serial, d] : account.mfa_devices)
      if (!d.user.empty() && IamState::keyOf(d.user) == IamState::keyOf(name))
        items.push_back(assignedJson(d));
    return paginate(std::move(items), in, "MFADevices");
  });

  onAccount("GetMFADevice", [](Account& account, RequestContext&, const Json& in) {
    MfaDevice& d = deviceNamed(account, in.at("SerialNumber"));
    Json out = {{"SerialNumber", d.serial}};
    if (!d.user.empty()) {
      out["UserName"] = d.user;
      out["EnableDate"] = d.enabled;
    }
    return out;
  });
}

}  // namespace awsemu::iam_service
