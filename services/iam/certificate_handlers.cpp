// Server certificates:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html The body is
// parsed (OpenSSL) for its expiry, and a body that is no PEM certificate is refused.
#include <openssl/asn1.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>

#include "awsemu/core/ids.hpp"
#include "services/iam/iam_errors.hpp"
#include "services/iam/iam_lookup.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_service.hpp"

namespace awsemu::iam_service {
namespace {}  // namespace

double certificateExpiration(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr, &X509_free);
  if (!cert)
    throw errors::malformedCertificate(
        "Unable to parse certificate. Please ensure the certificate is in PEM format.");
  struct tm when {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &when) != 1)
    throw errors::malformedCertificate("Unable to parse certificate expiration.");
  return static_cast<double>(timegm(&when));
}

namespace {

ServerCertificate& certificate(Account& account, const std::string& name) {
  auto it = account.certificates.find(IamState::keyOf(name));
  if (it == account.certificates.end())
    throw errors::noSuchEntity("The Server Certificate with name " + name + " cannot be found.");
  return it->second;
}

Json metadataJson(const ServerCertificate& c) {
  return {{"Path", c.path}, {"ServerCertificateName", c.name}, {"ServerCertificateId", c.id},
          {"Arn", c.arn},   {"UploadDate", c.uploaded},        {"Expiration", c.expiration}};
}

}  // namespace

void IamService::registerCertificateHandlers() {
  onAccount("UploadServerCertificate",
            [this](Account& account, RequestContext& ctx, const Json& in) {
              std::string name = in.at("ServerCertificateName");
              std::string key = IamState::keyOf(name);
              if (account.certificates.contains(key))
                throw errors::entityAlreadyExists("The Server Certificate with name " + name +
                                                  " already exists.");
              ServerCertificate c;
              c.name = name;
              c.path = in.value("Path", "/");
              c.id = ids::awsId("ASCA");
              c.arn = entityArn(account.id, "server-certificate", c.path, name);
              c.body = in.at("CertificateBody");
              c.chain = in.value("CertificateChain", "");
              c.expiration = certificateExpiration(c.body);
              if (in.value("PrivateKey", "").find("PRIVATE KEY") == std::string::npos)
                throw errors::malformedCertificate("Unable to parse private key.");
              c.uploaded = toEpochSeconds(ctx.now());
              c.tags = tagsFrom(in);
              Json out = {{"ServerCertificateMetadata", metadataJson(c)}};
              if (!c.tags.empty()) out["Tags"] = tagsJson(c.tags);
              state_.save(account, kCertificate, key, account.certificates[key] = c);
              return out;
            });

  onAccount("GetServerCertificate", [](Account& account, RequestContext&, const Json& in) {
    ServerCertificate& c = certificate(account, in.at("ServerCertificateName"));
    Json out = {{"ServerCertificateMetadata", metadataJson(c)}, {"CertificateBody", c.body}};
    if (!c.chain.empty()) out["CertificateChain"] = c.chain;
    if (!c.tags.empty()) out["Tags"] = tagsJson(c.tags);
    return Json{{"ServerCertificate", out}};
  });

  onAccount("ListServerCertificates", [](Account& account, RequestContext&, const Json& in) {
    std::vector<Json> items;
    for (const auto& [k, c] : account.certificates)
      if (pathMatches(in, c.path)) items.push_back(metadataJson(c));
    return paginate(std::move(items), in, "ServerCertificateMetadataList");
  });

  onAccount("UpdateServerCertificate", [this](Account& account, RequestContext&, const Json& in) {
    ServerCertificate& c = certificate(account, in.at("ServerCertificateName"));
    std::string new_name = in.value("NewServerCertificateName", c.name);
    std::string old_key = IamState::keyOf(c.name), new_key = IamState::keyOf(new_name);
    if (new_key != old_key && account.certificates.contains(new_key))
      throw errors::entityAlreadyExists("The Server Certificate with name " + new_name +
                                        " already exists.");
    ServerCertificate updated = c;
    updated.name = new_name;
    updated.path = in.value("NewPath", c.path);
    updated.arn = entityArn(account.id, "server-certificate", updated.path, new_name);
    account.certificates.erase(old_key);
    state_.drop(account, kCertificate, old_key);
    state_.save(account, kCertificate, new_key, account.certificates[new_key] = updated);
    return Json::object();
  });

  onAccount("DeleteServerCertificate", [this](Account& account, RequestContext&, const Json& in) {
    ServerCertificate& c = certificate(account, in.at("ServerCertificateName"));
    std::string key = IamState::keyOf(c.name);
    account.certificates.erase(key);
    state_.drop(account, kCertificate, key);
    return Json::object();
  });
}

}  // namespace awsemu::iam_service
