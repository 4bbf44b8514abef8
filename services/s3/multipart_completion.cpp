#include "services/s3/multipart_completion.hpp"

#include <cctype>

#include "services/s3/multipart_checksums.hpp"
#include "services/s3/multipart_requests.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3::multipart {
namespace {

using auth::ChecksumAlgorithm;

std::string lowerName(ChecksumAlgorithm algorithm) {
  std::string name(auth::checksumName(algorithm));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

const Json* requestPart(const Json& input, std::size_t index) {
  const auto& parts = input["MultipartUpload"]["Parts"];
  return index < parts.size() ? &parts[index] : nullptr;
}

// The part's checksum under `algorithm`: the stored one, else computed from its data file.
PartChecksum partChecksum(const S3Engine& engine, const Part& part, ChecksumAlgorithm algorithm) {
  if (part.checksum.value("algorithm", "") == auth::checksumName(algorithm) &&
      part.checksum.contains("value"))
    return {part.checksum["value"].get<std::string>(), part.size};
  FileHandle data = engine.files().openForRead(part.data_file);
  return {checksumOfFile(algorithm, data.fd(), 0, part.size), part.size};
}

// The part checksums the request lists must be the stored ones; a COMPOSITE upload needs all.
void checkListedChecksums(const Json& input, const Upload& upload,
                          const std::vector<PartChecksum>& stored, const std::vector<Part>& listed,
                          ChecksumAlgorithm algorithm, bool required) {
  const std::string member = checksumMember(algorithm);
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const Json* sent = requestPart(input, i);
    if (!sent || !sent->contains(member) || !(*sent)[member].is_string()) {
      if (!required) continue;
      throw errors::invalidRequest("The upload was created using a " + lowerName(algorithm) +
                                   " checksum. The complete request must include the checksum "
                                   "for each part. It was missing for part " +
                                   std::to_string(listed[i].part_number) + " in the request.");
    }
    if ((*sent)[member].get<std::string>() != stored[i].value)
      throw errors::invalidPart(upload.upload_id, listed[i].part_number,
                                sent->value("ETag", std::string()));
  }
}

std::string text(const Json& input, const char* name) {
  auto it = input.find(name);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<CompletedPart> completedParts(const Json& input) {
  auto body = input.find("MultipartUpload");
  if (body == input.end() || !body->is_object()) throw errors::malformedXml();
  std::vector<CompletedPart> parts;
  auto list = body->find("Parts");
  if (list == body->end() || !list->is_array()) return parts;  // the engine: MalformedXML
  for (const auto& part : *list) {
    if (!part.contains("PartNumber") || !part["PartNumber"].is_number_integer() ||
        !part.contains("ETag") || !part["ETag"].is_string())
      throw errors::malformedXml();
    parts.push_back({part["PartNumber"].get<int>(), part["ETag"].get<std::string>()});
  }
  return parts;
}

WriteConditions completeConditions(const Json& input) {
  WriteConditions conditions;
  if (auto value = text(input, "IfNoneMatch"); !value.empty()) {
    if (value != "*") {
      AwsError error{"NotImplemented",
                     "A header you provided implies functionality that is not implemented", 501};
      error.with("Header", "If-None-Match");
      throw error;
    }
    conditions.if_none_match = true;
  }
  if (auto value = text(input, "IfMatch"); !value.empty()) conditions.if_match = value;
  return conditions;
}

Json objectChecksum(const S3Engine& engine, const Json& input, const Upload& upload,
                    const std::vector<Part>& listed) {
  const auto declared = uploadAlgorithm(upload);
  const ChecksumAlgorithm algorithm = declared.value_or(ChecksumAlgorithm::CRC64NVME);
  const std::string type = declared ? uploadChecksumType(upload) : "FULL_OBJECT";
  if (auto asked = text(input, "ChecksumType"); !asked.empty() && asked != type)
    throw errors::invalidRequest("The upload was created using the " + type +
                                 " checksum mode. The complete request must use the same "
                                 "checksum mode.");
  std::vector<PartChecksum> parts;
  std::uint64_t size = 0;
  for (const auto& part : listed) {
    parts.push_back(partChecksum(engine, part, algorithm));
    size += part.size;
  }
  checkListedChecksums(input, upload, parts, listed, algorithm,
                       declared.has_value() && type == "COMPOSITE");
  if (auto it = input.find("MpuObjectSize");
      it != input.end() && it->is_number_integer() && it->get<std::uint64_t>() != size)
    throw errors::invalidRequest("The provided 'x-amz-mp-object-size' header value " +
                                 std::to_string(it->get<std::uint64_t>()) +
                                 " does not match what was computed: " + std::to_string(size));
  const std::string value = type == "COMPOSITE" ? compositeChecksum(algorithm, parts)
                                                : fullObjectChecksum(algorithm, parts);
  // A whole-object checksum the client asserts must be what the parts make.
  if (auto asserted = text(input, checksumMember(algorithm).c_str());
      !asserted.empty() && asserted != value && asserted != value.substr(0, value.find('-')))
    throw errors::badChecksum(lowerName(algorithm));
  return {
      {"algorithm", std::string(auth::checksumName(algorithm))}, {"type", type}, {"value", value}};
}

}  // namespace awsemu::s3::multipart
