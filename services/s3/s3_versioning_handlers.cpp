// Get/PutBucketVersioning. A bucket that was never versioned answers an empty
// VersioningConfiguration; once Enabled it can only be Suspended, never unversioned again.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketVersioning.html
#include "services/s3/s3_errors.hpp"
#include "services/s3/s3_service.hpp"
#include "services/s3/versioning.hpp"

namespace awsemu::s3 {
namespace {

AwsError illegalVersioningConfiguration() {
  return {"IllegalVersioningConfigurationException", "The Versioning element must be specified",
          400};
}

// MFADelete as PutBucketVersioning may set it: "Enabled" / "Disabled", or unchanged.
std::optional<std::string> mfaDelete(const Json& configuration) {
  auto it = configuration.find("MFADelete");
  if (it == configuration.end() || !it->is_string()) return std::nullopt;
  const auto value = it->get<std::string>();
  if (value != "Enabled" && value != "Disabled") throw errors::malformedXml();
  return value;
}

}  // namespace

void S3Service::registerVersioningHandlers() {
  onS3("GetBucketVersioning", [this](RequestContext&, const Json& in) {
    const Bucket bucket = engine().bucket(in.value("Bucket", ""));
    Json result = Json::object();
    if (bucket.versioning != Versioning::Unversioned)
      result["Status"] = std::string(versioningName(bucket.versioning));
    if (!bucket.mfa_delete.empty()) result["MFADelete"] = bucket.mfa_delete;
    return result;
  });

  onS3("PutBucketVersioning", [this](RequestContext&, const Json& in) {
    auto body = in.find("VersioningConfiguration");
    if (body == in.end() || !body->is_object()) throw errors::malformedXml();
    auto status = body->find("Status");
    if (status == body->end() || !status->is_string()) throw illegalVersioningConfiguration();
    auto requested = parseVersioning(status->get<std::string>());
    if (!requested) throw errors::malformedXml();
    engine().putVersioning(in.value("Bucket", ""), *requested, mfaDelete(*body));
    return Json::object();
  });
}

}  // namespace awsemu::s3
