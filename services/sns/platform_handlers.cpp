// Mobile push (platform applications and endpoints) and SMS settings: stored, never sent; what is
// published to them is recorded for the developer endpoints (developer_endpoints.cpp).
// https://docs.aws.amazon.com/sns/latest/dg/sns-mobile-application-as-subscriber.html
#include <regex>
#include <set>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/ids.hpp"
#include "services/sns/sns_errors.hpp"
#include "services/sns/sns_requests.hpp"
#include "services/sns/sns_service.hpp"

namespace awsemu::sns {
namespace {

const std::set<std::string> kPlatforms = {
    "ADM", "APNS", "APNS_SANDBOX", "APNS_VOIP", "APNS_VOIP_SANDBOX", "BAIDU", "GCM", "MPNS", "WNS"};

Json attributesJson(const std::map<std::string, std::string>& attributes, bool hide_secrets) {
  Json out = Json::object();
  for (const auto& [k, v] : attributes)
    if (!hide_secrets || (k != "PlatformCredential" && k != "PlatformPrincipal")) out[k] = v;
  return out;
}

}  // namespace

void SnsService::registerPlatformHandlers() {
  auto bind = [this](auto method) {
    return [this, method](RequestContext& ctx, const Json& input) {
      return (this->*method)(ctx, input);
    };
  };
  onCommitted("CreatePlatformApplication", bind(&SnsService::createPlatformApplication));
  onCommitted("GetPlatformApplicationAttributes",
              bind(&SnsService::getPlatformApplicationAttributes));
  onCommitted("SetPlatformApplicationAttributes",
              bind(&SnsService::setPlatformApplicationAttributes));
  onCommitted("ListPlatformApplications", bind(&SnsService::listPlatformApplications));
  onCommitted("DeletePlatformApplication", bind(&SnsService::deletePlatformApplication));
  onCommitted("CreatePlatformEndpoint", bind(&SnsService::createPlatformEndpoint));
  onCommitted("GetEndpointAttributes", bind(&SnsService::getEndpointAttributes));
  onCommitted("SetEndpointAttributes", bind(&SnsService::setEndpointAttributes));
  onCommitted("ListEndpointsByPlatformApplication",
              bind(&SnsService::listEndpointsByPlatformApplication));
  onCommitted("DeleteEndpoint", bind(&SnsService::deleteEndpoint));
}

Json SnsService::createPlatformApplication(RequestContext& ctx, const Json& input) {
  static const std::regex name_pattern(R"([A-Za-z0-9_.\-]{1,256})");
  std::string name = requiredString(input, "Name");
  if (!std::regex_match(name, name_pattern)) throw errors::invalidParameter("Name");
  std::string platform = requiredString(input, "Platform");
  if (!kPlatforms.count(platform)) throw errors::invalidParameter("Platform");
  std::string arn = makeArn("sns", ctx.region, ctx.accountId(), "app/" + platform + "/" + name);
  std::unique_lock lock(state_.mutex);
  auto& application = state_.applications[arn];
  application.arn = arn;
  application.name = name;
  application.platform = platform;
  for (auto& [k, v] : stringMap(input, "Attributes")) application.attributes[k] = v;
  application.attributes.try_emplace("Enabled", "true");
  store_->put(kApplicationKind, arn, application.toJson());
  return {{"PlatformApplicationArn", arn}};
}

Json SnsService::getPlatformApplicationAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "PlatformApplicationArn");
  std::shared_lock lock(state_.mutex);
  auto it = state_.applications.find(arn);
  if (it == state_.applications.end()) throw errors::platformApplicationNotFound();
  return {{"Attributes", attributesJson(it->second.attributes, true)}};
}

Json SnsService::setPlatformApplicationAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "PlatformApplicationArn");
  std::unique_lock lock(state_.mutex);
  auto it = state_.applications.find(arn);
  if (it == state_.applications.end()) throw errors::platformApplicationNotFound();
  for (auto& [k, v] : stringMap(input, "Attributes")) it->second.attributes[k] = v;
  store_->put(kApplicationKind, arn, it->second.toJson());
  return Json::object();
}

Json SnsService::listPlatformApplications(RequestContext& ctx, const Json& input) {
  std::string after = pageToken(input);
  std::shared_lock lock(state_.mutex);
  Json list = Json::array();
  std::string next;
  for (auto it = state_.applications.upper_bound(after); it != state_.applications.end(); ++it) {
    if (list.size() == kPageSize) {
      next = encoding::base64Encode(list.back()["PlatformApplicationArn"].get<std::string>());
      break;
    }
    list.push_back({{"PlatformApplicationArn", it->first},
                    {"Attributes", attributesJson(it->second.attributes, true)}});
  }
  Json output = {{"PlatformApplications", list}};
  if (!next.empty()) output["NextToken"] = next;
  return output;
}

Json SnsService::deletePlatformApplication(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "PlatformApplicationArn");
  std::unique_lock lock(state_.mutex);
  if (!state_.applications.erase(arn)) return Json::object();
  store_->remove(kApplicationKind, arn);
  std::erase_if(state_.endpoints, [&](const auto& entry) {
    if (entry.second.application_arn != arn) return false;
    store_->remove(kEndpointKind, entry.first);
    return true;
  });
  return Json::object();
}

// An endpoint for a token that already has one is that endpoint, unless its attributes differ.
Json SnsService::createPlatformEndpoint(RequestContext& ctx, const Json& input) {
  std::string application_arn = requiredString(input, "PlatformApplicationArn");
  std::string token = requiredString(input, "Token");
  auto attributes = stringMap(input, "Attributes");
  if (input.contains("CustomUserData")) attributes["CustomUserData"] = input["CustomUserData"];
  std::unique_lock lock(state_.mutex);
  auto application = state_.applications.find(application_arn);
  if (application == state_.applications.end()) throw errors::platformApplicationNotFound();
  for (const auto& [arn, endpoint] : state_.endpoints) {
    if (endpoint.application_arn != application_arn) continue;
    auto it = endpoint.attributes.find("Token");
    if (it == endpoint.attributes.end() || it->second != token) continue;
    for (const auto& [k, v] : attributes) {
      auto existing = endpoint.attributes.find(k);
      if (existing == endpoint.attributes.end() || existing->second != v)
        throw errors::invalidParameter("Token", "Endpoint " + arn +
                                                    " already exists with the same Token, but "
                                                    "different attributes.");
    }
    return {{"EndpointArn", arn}};
  }
  PlatformEndpoint endpoint;
  endpoint.application_arn = application_arn;
  endpoint.arn = makeArn("sns", ctx.region, ctx.accountId(),
                         "endpoint/" + application->second.platform + "/" +
                             application->second.name + "/" + ids::uuid4());
  endpoint.attributes = std::move(attributes);
  endpoint.attributes["Token"] = token;
  endpoint.attributes.try_emplace("Enabled", "true");
  store_->put(kEndpointKind, endpoint.arn, endpoint.toJson());
  std::string arn = endpoint.arn;
  state_.endpoints[arn] = std::move(endpoint);
  return {{"EndpointArn", arn}};
}

Json SnsService::getEndpointAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "EndpointArn");
  std::shared_lock lock(state_.mutex);
  auto it = state_.endpoints.find(arn);
  if (it == state_.endpoints.end()) throw errors::endpointNotFound();
  return {{"Attributes", attributesJson(it->second.attributes, false)}};
}

Json SnsService::setEndpointAttributes(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "EndpointArn");
  std::unique_lock lock(state_.mutex);
  auto it = state_.endpoints.find(arn);
  if (it == state_.endpoints.end()) throw errors::endpointNotFound();
  for (auto& [k, v] : stringMap(input, "Attributes")) it->second.attributes[k] = v;
  store_->put(kEndpointKind, arn, it->second.toJson());
  return Json::object();
}

Json SnsService::listEndpointsByPlatformApplication(RequestContext& ctx, const Json& input) {
  std::string application_arn = requiredString(input, "PlatformApplicationArn");
  std::string after = pageToken(input);
  std::shared_lock lock(state_.mutex);
  if (!state_.applications.count(application_arn)) throw errors::platformApplicationNotFound();
  Json list = Json::array();
  std::string next;
  for (auto it = state_.endpoints.upper_bound(after); it != state_.endpoints.end(); ++it) {
    if (it->second.application_arn != application_arn) continue;
    if (list.size() == kPageSize) {
      next = encoding::base64Encode(list.back()["EndpointArn"].get<std::string>());
      break;
    }
    list.push_back(
        {{"EndpointArn", it->first}, {"Attributes", attributesJson(it->second.attributes, false)}});
  }
  Json output = {{"Endpoints", list}};
  if (!next.empty()) output["NextToken"] = next;
  return output;
}

Json SnsService::deleteEndpoint(RequestContext& ctx, const Json& input) {
  std::string arn = requiredString(input, "EndpointArn");
  std::unique_lock lock(state_.mutex);
  if (state_.endpoints.erase(arn)) store_->remove(kEndpointKind, arn);
  return Json::object();
}

// ---- SMS
// -----------------------------------------------------------------------------------------

Json& SnsService::smsSettings(const std::string& account, const std::string& region) {
  Json& settings = state_.sms[account + "/" + region];
  if (!settings.is_object())
    settings = {
        {"attributes", Json::object()}, {"opted_out", Json::array()}, {"sandbox", Json::object()}};
  return settings;
}

void SnsService::registerSmsHandlers() {
  auto change = [this](auto&& edit) {
    return [this, edit](RequestContext& ctx, const Json& input) -> Json {
      std::unique_lock lock(state_.mutex);
      Json& settings = smsSettings(ctx.accountId(), ctx.region);
      Json output = edit(settings, input);
      store_->put(kSmsKind, ctx.accountId() + "/" + ctx.region, settings);
      return output;
    };
  };
  auto read = [this](auto&& view) {
    return [this, view](RequestContext& ctx, const Json& input) -> Json {
      std::unique_lock lock(state_.mutex);
      return view(smsSettings(ctx.accountId(), ctx.region), input);
    };
  };
  onCommitted("SetSMSAttributes", change([](Json& settings, const Json& input) {
                const Json attributes = input.value("attributes", Json::object());
                for (const auto& [k, v] : attributes.items()) settings["attributes"][k] = v;
                return Json::object();
              }));
  onCommitted("GetSMSAttributes", read([](Json& settings, const Json& input) {
                Json wanted = input.value("attributes", Json::array());
                Json out = Json::object();
                for (const auto& [k, v] : settings["attributes"].items())
                  if (wanted.empty() || std::find(wanted.begin(), wanted.end(), k) != wanted.end())
                    out[k] = v;
                return Json{{"attributes", out}};
              }));
  onCommitted("CheckIfPhoneNumberIsOptedOut", read([](Json& settings, const Json& input) {
                const Json& out = settings["opted_out"];
                bool opted =
                    std::find(out.begin(), out.end(), input.value("phoneNumber", "")) != out.end();
                return Json{{"isOptedOut", opted}};
              }));
  onCommitted("ListPhoneNumbersOptedOut", read([](Json& settings, const Json&) {
                return Json{{"phoneNumbers", settings["opted_out"]}};
              }));
  onCommitted("OptInPhoneNumber", change([](Json& settings, const Json& input) {
                Json kept = Json::array();
                for (const auto& number : settings["opted_out"])
                  if (number != input.value("phoneNumber", "")) kept.push_back(number);
                settings["opted_out"] = kept;
                return Json::object();
              }));
  onCommitted("GetSMSSandboxAccountStatus", [](RequestContext&, const Json&) {
    return Json{{"IsInSandbox", false}};
  });
  onCommitted("CreateSMSSandboxPhoneNumber", change([](Json& settings, const Json& input) {
                settings["sandbox"][requiredString(input, "PhoneNumber")] = "Pending";
                return Json::object();
              }));
  onCommitted("VerifySMSSandboxPhoneNumber", change([](Json& settings, const Json& input) {
                std::string number = requiredString(input, "PhoneNumber");
                if (!settings["sandbox"].contains(number))
                  throw AwsError("ResourceNotFound", "Phone number does not exist", 404);
                settings["sandbox"][number] = "Verified";
                return Json::object();
              }));
  onCommitted("DeleteSMSSandboxPhoneNumber", change([](Json& settings, const Json& input) {
                settings["sandbox"].erase(requiredString(input, "PhoneNumber"));
                return Json::object();
              }));
  onCommitted("ListSMSSandboxPhoneNumbers", read([](Json& settings, const Json&) {
                Json list = Json::array();
                for (const auto& [number, status] : settings["sandbox"].items())
                  list.push_back({{"PhoneNumber", number}, {"Status", status}});
                return Json{{"PhoneNumbers", list}};
              }));
  onCommitted("ListOriginationNumbers", [](RequestContext&, const Json&) {
    return Json{{"PhoneNumbers", Json::array()}};
  });
}

}  // namespace awsemu::sns
