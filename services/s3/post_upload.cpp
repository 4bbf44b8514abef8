// Browser POST uploads: POST /<bucket> with a multipart/form-data form (raw route: no model
// operation describes it). The form's policy is checked and its signature verified here, since
// the gateway sees an unsigned request; the object is then written as PutObject writes it.
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTObjectPOST.html
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "awsemu/auth/canonical_request.hpp"
#include "awsemu/auth/checksum.hpp"
#include "awsemu/auth/credentials.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "src/protocol/xml_writer.hpp"
#include "services/s3/acl.hpp"
#include "services/s3/config_handlers.hpp"
#include "services/s3/object_headers.hpp"
#include "services/s3/post_form.hpp"
#include "services/s3/s3_errors.hpp"
#include "services/s3/sse_customer.hpp"

namespace awsemu::s3 {
namespace {

// The request body as bytes: the memory it is in, or its spool file mapped read-only, so a large
// upload is parsed and stored without being copied into memory.
class BodyBytes {
 public:
  explicit BodyBytes(const RequestBody* body) {
    if (!body) return;
    if (body->inMemory()) {
      view_ = body->memory;
      return;
    }
    int fd = ::open(body->file->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "open spooled body");
    struct stat info {};
    if (::fstat(fd, &info) == 0 && info.st_size > 0) {
      length_ = static_cast<std::size_t>(info.st_size);
      map_ = ::mmap(nullptr, length_, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);
    if (map_ == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap body");
    if (map_) view_ = std::string_view(static_cast<const char*>(map_), length_);
  }
  ~BodyBytes() {
    if (map_ && map_ != MAP_FAILED) ::munmap(map_, length_);
  }
  BodyBytes(const BodyBytes&) = delete;
  BodyBytes& operator=(const BodyBytes&) = delete;
  std::string_view view() const { return view_; }

 private:
  void* map_ = nullptr;
  std::size_t length_ = 0;
  std::string_view view_;
};

std::string xmlEscape(std::string_view text) {
  std::string out;
  protocol::xml::appendEscaped(out, text, false);
  return out;
}

// "/bucket" or "/bucket/" and nothing else.
std::optional<std::string> postBucket(const HttpRequest& request) {
  std::string_view path = request.path;
  if (path.size() < 2 || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty() || path.find('/') != std::string_view::npos) return std::nullopt;
  return encoding::uriDecode(path);
}

bool matchesPostUpload(const HttpRequest& request) {
  if (request.method != "POST" || !request.query.empty() || !postBucket(request)) return false;
  const std::string* type = request.header("content-type");
  return type && formBoundary(*type).has_value();
}

AwsError signatureDoesNotMatch() {
  return AwsError("SignatureDoesNotMatch",
                  "The request signature we calculated does not match the signature you provided. "
                  "Check your key and signing method.",
                  403);
}

// The signer of the form becomes the caller; an unsigned form stays anonymous.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-authentication-HTTPPOST.html
void authenticateForm(const ConfigRegistrar& r, RequestContext& ctx, const PostForm& form) {
  const std::string* policy = form.field("policy");
  const std::string* signature = form.field("x-amz-signature");
  const std::string* v2_key = form.field("awsaccesskeyid");
  if (!policy) return;
  if (!signature && !v2_key)
    throw errors::invalidArgument("Bucket POST must contain a field named 'x-amz-signature'.",
                                  "x-amz-signature", "");
  std::string access_key;
  std::string_view date, region, service;
  if (signature) {
    const std::string* algorithm = form.field("x-amz-algorithm");
    const std::string* credential = form.field("x-amz-credential");
    if (!algorithm || *algorithm != "AWS4-HMAC-SHA256" || !credential)
      throw errors::invalidArgument("Bucket POST must contain a field named 'x-amz-credential'.",
                                    "x-amz-credential", "");
    // AKID/20130806/us-east-1/s3/aws4_request
    std::string_view parts[5];
    std::string_view rest = *credential;
    for (int i = 0; i < 5; ++i) {
      auto slash = rest.find('/');
      parts[i] = rest.substr(0, slash);
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    }
    if (parts[4] != "aws4_request")
      throw errors::invalidArgument("Invalid credential", "x-amz-credential", *credential);
    access_key = std::string(parts[0]);
    date = parts[1], region = parts[2], service = parts[3];
  } else {
    access_key = *v2_key;
  }
  const auto* registry = r.credentials();
  auto known = registry ? registry->find(access_key) : std::nullopt;
  auto mode = r.verify_mode();
  if (!known && mode == config::SigV4Mode::Strict)
    throw AwsError("InvalidAccessKeyId",
                   "The AWS Access Key Id you provided does not exist in our records.", 403);
  if (known && signature && mode != config::SigV4Mode::Off) {
    auto key = auth::deriveSigningKey(known->secret_access_key, date, region, service);
    if (!encoding::constantTimeEquals(auth::signatureHex(key, *policy), *signature))
      throw signatureDoesNotMatch();
  }
  // SigV2 forms (AWSAccessKeyId + signature): base64(HMAC-SHA1(secret, policy))
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/HTTPPOSTForms.html
  if (known && !signature && mode != config::SigV4Mode::Off) {
    const std::string* v2_signature = form.field("signature");
    if (!v2_signature)
      throw errors::invalidArgument("Bucket POST must contain a field named 'Signature'.",
                                    "Signature", "");
    if (!encoding::constantTimeEquals(auth::sigV2Signature(known->secret_access_key, *policy),
                                      *v2_signature))
      throw signatureDoesNotMatch();
  }
  ctx.caller.anonymous = false;
  ctx.caller.access_key_id = access_key;
  ctx.caller.account_id = known && !known->account_id.empty()
                              ? known->account_id
                              : auth::accountForAccessKey(access_key);
  ctx.caller.arn =
      known && !known->arn.empty() ? known->arn : "arn:aws:iam::" + ctx.caller.account_id + ":root";
  ctx.caller.user_id = ctx.caller.account_id;
}

// The form fields PutObject would have had as headers, by model member name.
Json writeInput(const PostForm& form, const std::string& bucket, const std::string& key) {
  Json input{{"Bucket", bucket}, {"Key", key}};
  const std::pair<const char*, const char*> kFields[] = {
      {"content-type", "ContentType"},
      {"cache-control", "CacheControl"},
      {"content-disposition", "ContentDisposition"},
      {"content-encoding", "ContentEncoding"},
      {"acl", "ACL"},
      {"x-amz-storage-class", "StorageClass"},
      {"x-amz-server-side-encryption", "ServerSideEncryption"},
      {"x-amz-website-redirect-location", "WebsiteRedirectLocation"},
      {"x-amz-server-side-encryption-customer-algorithm", "SSECustomerAlgorithm"},
      {"x-amz-server-side-encryption-customer-key", "SSECustomerKey"},
      {"x-amz-server-side-encryption-customer-key-md5", "SSECustomerKeyMD5"},
  };
  for (const auto& [field, member] : kFields)
    if (const std::string* value = form.field(field)) input[member] = *value;
  Json metadata = Json::object();
  for (const auto& [name, value] : form.fields)
    if (name.rfind("x-amz-meta-", 0) == 0) metadata[name.substr(11)] = value;
  if (!metadata.empty()) input["Metadata"] = metadata;
  return input;
}

ObjectAttributes attributesFor(const RequestContext& ctx, const Json& input, const Bucket& bucket,
                               std::string_view data) {
  ObjectAttributes attributes;
  bool enforced = bucket.object_ownership == "BucketOwnerEnforced";
  attributes.owner = enforced || ctx.caller.anonymous ? bucket.account : ctx.caller.account_id;
  Json requested = acl::fromRequest(input, attributes.owner, bucket.account);
  if (enforced && !requested.is_null() && !acl::ownerOnly(requested, attributes.owner))
    throw AwsError("AccessControlListNotSupported", "The bucket does not allow ACLs", 400);
  attributes.acl = requested.is_null() ? acl::canned("private", attributes.owner) : requested;
  attributes.storage_class = storageClass(input);
  attributes.headers = contentHeaders(input);
  attributes.metadata = userMetadata(input);
  attributes.sse = sseAttributes(input);
  attributes.checksum = {{"algorithm", "CRC64NVME"},
                         {"value", auth::computeChecksum(auth::ChecksumAlgorithm::CRC64NVME, data)},
                         {"type", "FULL_OBJECT"}};
  return attributes;
}

// 204 by default; 200 / 201 (with a PostResponse document) / 303 to success_action_redirect.
HttpResponse successResponse(const RequestContext& ctx, const PostForm& form,
                             const std::string& bucket, const std::string& key,
                             const WriteResult& result) {
  HttpResponse response;
  std::string host = ctx.http ? ctx.http->host() : std::string("localhost");
  std::string location =
      "http://" + host + "/" + encoding::uriEncode(bucket) + "/" + encoding::uriEncode(key, false);
  response.headers.emplace_back("ETag", result.object.etag);
  response.headers.emplace_back("Location", location);
  if (result.version_id) response.headers.emplace_back("x-amz-version-id", *result.version_id);
  const std::string* redirect = form.field("success_action_redirect");
  if (!redirect) redirect = form.field("redirect");
  if (redirect && !redirect->empty()) {
    std::string target = *redirect + (redirect->find('?') == std::string::npos ? "?" : "&") +
                         "bucket=" + encoding::uriEncode(bucket) +
                         "&key=" + encoding::uriEncode(key) +
                         "&etag=" + encoding::uriEncode(result.object.etag);
    response.status = 303;
    response.headers[1].second = target;
    return response;
  }
  std::string status =
      form.field("success_action_status") ? *form.field("success_action_status") : "";
  if (status == "200") return response;
  if (status == "201") {
    response.status = 201;
    response.headers.emplace_back("Content-Type", "application/xml");
    response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<PostResponse><Location>" +
                    xmlEscape(location) + "</Location><Bucket>" + xmlEscape(bucket) +
                    "</Bucket><Key>" + xmlEscape(key) + "</Key><ETag>" +
                    xmlEscape(result.object.etag) + "</ETag></PostResponse>";
    return response;
  }
  response.status = 204;
  return response;
}

HttpResponse handlePost(const ConfigRegistrar& r, RequestContext& ctx) {
  std::string bucket = *postBucket(*ctx.http);
  const Bucket row = r.engine().bucket(bucket);
  BodyBytes body(ctx.body);
  PostForm form = parsePostForm(body.view(), *formBoundary(*ctx.http->header("content-type")));
  authenticateForm(r, ctx, form);
  if (const std::string* policy = form.field("policy"))
    checkPostPolicy(*policy, form, bucket, toEpochSeconds(ctx.now()));
  std::string key = *form.field("key");
  if (auto at = key.find("${filename}"); at != std::string::npos)
    key.replace(at, 11, form.file_name);
  if (key.empty())
    throw errors::invalidArgument("User key must have a length greater than 0.", "key", "");
  Json input = writeInput(form, bucket, key);
  r.authorize(ctx, "PutObject", input);
  // ENFORCE_IAM: the form's signer needs s3:PutObject like any PutObject caller.
  if (auto* registry = r.credentials(); registry && registry->authorizer()) {
    RequestContext as_put = ctx;
    as_put.operation = "PutObject";
    registry->authorizer()->authorizeRequest(as_put, input);
  }
  PutObjectRequest request;
  request.bucket = bucket;
  request.key = key;
  request.attributes = attributesFor(ctx, input, row, form.file);
  ssec::checkAllowed(request.attributes.sse, r.engine().bucketConfig(bucket, "encryption"));
  WriteResult result = r.engine().putObject(request, form.file);
  r.notify(ctx, "s3:ObjectCreated:Post", bucket, result.object, result.version_id);
  return successResponse(ctx, form, bucket, key, result);
}

}  // namespace

void registerPostUploadRoute(const ConfigRegistrar& registrar) {
  registrar.raw(
      service::RawRoute{"PostObject", matchesPostUpload,
                        [registrar](RequestContext& ctx) { return handlePost(registrar, ctx); }});
}

}  // namespace awsemu::s3
