#include "services/s3/post_form.hpp"

#include <charconv>

#include "awsemu/core/aws_error.hpp"
#include "awsemu/core/encoding.hpp"
#include "awsemu/core/strings.hpp"
#include "awsemu/core/time.hpp"
#include "services/s3/s3_errors.hpp"

namespace awsemu::s3 {
namespace {

AwsError malformedPost(std::string message) {
  return AwsError("MalformedPOSTRequest", std::move(message), 400);
}

AwsError invalidPolicy(std::string message) {
  return AwsError("InvalidPolicyDocument", "Invalid Policy: " + std::move(message), 400);
}

AwsError policyDenied(std::string message) {
  return AwsError("AccessDenied", "Invalid according to Policy: " + std::move(message), 403);
}

// name="value" out of a Content-Disposition header.
std::optional<std::string> dispositionParam(std::string_view header, std::string_view name) {
  std::string needle = std::string(name) + "=\"";
  std::size_t at = 0;
  while ((at = header.find(needle, at)) != std::string_view::npos) {
    // a whole parameter: at the start or after ';' / space (so name= never matches filename=)
    if (at == 0 || header[at - 1] == ' ' || header[at - 1] == ';') {
      auto start = at + needle.size();
      auto end = header.find('"', start);
      if (end == std::string_view::npos) return std::nullopt;
      return std::string(header.substr(start, end - start));
    }
    at += needle.size();
  }
  return std::nullopt;
}

// The value a condition's "$field" names: the bucket from the URL, or the form field.
const std::string* conditionValue(const PostForm& form, const std::string& name,
                                  const std::string& bucket) {
  if (name == "bucket") return &bucket;
  return form.field(name);
}

std::string fieldName(const Json& text) {
  std::string name = text.is_string() ? text.get<std::string>() : std::string();
  if (!name.empty() && name.front() == '$') name.erase(0, 1);
  return strings::toLower(name);
}

std::int64_t integerOf(const Json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_string()) {
    std::int64_t number = 0;
    const auto& text = value.get_ref<const std::string&>();
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && end == text.data() + text.size()) return number;
  }
  throw invalidPolicy("Invalid content-length-range.");
}

void checkSize(const Json& condition, std::uint64_t size) {
  std::int64_t min = integerOf(condition[1]), max = integerOf(condition[2]);
  if (static_cast<std::int64_t>(size) < min)
    throw AwsError("EntityTooSmall",
                   "Your proposed upload is smaller than the minimum allowed size", 400)
        .with("ProposedSize", std::to_string(size))
        .with("MinSizeAllowed", std::to_string(min));
  if (static_cast<std::int64_t>(size) > max)
    throw AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400)
        .with("ProposedSize", std::to_string(size))
        .with("MaxSizeAllowed", std::to_string(max));
}

bool startsWith(const std::string& value, const std::string& prefix, const std::string& name) {
  // Content-Type may list several types: each must start with the prefix.
  if (name != "content-type") return value.rfind(prefix, 0) == 0;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string item(strings::trim(std::string_view(value).substr(start, end - start)));
    if (item.rfind(prefix, 0) != 0) return false;
    start = end + 1;
  }
  return true;
}

// One condition; returns the field it covers (empty for content-length-range).
std::string checkCondition(const Json& condition, const PostForm& form, const std::string& bucket) {
  if (condition.is_object()) {
    if (condition.size() != 1) throw invalidPolicy("Invalid Condition.");
    auto it = condition.begin();
    std::string name = fieldName(it.key());
    const std::string* value = conditionValue(form, name, bucket);
    if (!it->is_string() || !value || *value != it->get<std::string>())
      throw policyDenied("Policy Condition failed: [\"eq\", \"$" + it.key() + "\", " + it->dump() +
                         "]");
    return name;
  }
  if (!condition.is_array() || condition.size() != 3 || !condition[0].is_string())
    throw invalidPolicy("Invalid Condition.");
  std::string op = strings::toLower(condition[0].get<std::string>());
  if (op == "content-length-range") {
    checkSize(condition, form.file.size());
    return {};
  }
  std::string name = fieldName(condition[1]);
  std::string wanted =
      condition[2].is_string() ? condition[2].get<std::string>() : condition[2].dump();
  const std::string* value = conditionValue(form, name, bucket);
  bool ok = op == "eq"            ? value && *value == wanted
            : op == "starts-with" ? value && startsWith(*value, wanted, name)
                                  : throw invalidPolicy("Invalid Condition.");
  if (!ok) throw policyDenied("Policy Condition failed: " + condition.dump());
  return name;
}

// Fields that need no condition:
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
bool exempt(const std::string& name) {
  return name == "policy" || name == "x-amz-signature" || name == "signature" || name == "file" ||
         name == "awsaccesskeyid" || name.rfind("x-ignore-", 0) == 0;
}

}  // namespace

std::optional<std::string> formBoundary(std::string_view content_type) {
  if (!strings::startsWithIgnoringCase(content_type, "multipart/form-data")) return std::nullopt;
  auto at = content_type.find("boundary=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string boundary(content_type.substr(at + 9));
  if (auto end = boundary.find(';'); end != std::string::npos) boundary.resize(end);
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"')
    boundary = boundary.substr(1, boundary.size() - 2);
  if (boundary.empty()) return std::nullopt;
  return boundary;
}

PostForm parsePostForm(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  PostForm form;
  auto at = body.find(delimiter);
  if (at == std::string_view::npos)
    throw malformedPost("The body of your POST request is not well-formed multipart/form-data.");
  at += delimiter.size();
  while (!form.has_file) {
    if (body.substr(at, 2) == "--") break;  // closing delimiter
    if (body.substr(at, 2) != "\r\n")
      throw malformedPost("The body of your POST request is not well-formed multipart/form-data.");
    at += 2;
    auto head_end = body.find("\r\n\r\n", at);
    if (head_end == std::string_view::npos)
      throw malformedPost("The body of your POST request is not well-formed multipart/form-data.");
    std::string_view head = body.substr(at, head_end - at);
    auto data_start = head_end + 4;
    auto next = body.find("\r\n" + delimiter, data_start);
    if (next == std::string_view::npos)
      throw malformedPost("The body of your POST request is not well-formed multipart/form-data.");
    std::string_view data = body.substr(data_start, next - data_start);
    at = next + 2 + delimiter.size();
    std::string disposition;
    std::size_t line_start = 0;
    while (line_start <= head.size()) {
      auto line_end = head.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = head.size();
      auto line = head.substr(line_start, line_end - line_start);
      if (strings::startsWithIgnoringCase(line, "content-disposition:"))
        disposition = std::string(line.substr(20));
      line_start = line_end + 2;
    }
    auto name = dispositionParam(disposition, "name");
    if (!name) continue;
    std::string lower = strings::toLower(*name);
    if (lower == "file") {
      form.has_file = true;
      form.file = data;
      form.file_name = dispositionParam(disposition, "filename").value_or("");
    } else {
      form.fields[lower] = std::string(data);
    }
  }
  if (!form.field("key"))
    throw errors::invalidArgument(
        "Bucket POST must contain a field named 'key'.  If it is specified, please check the "
        "order of the fields.",
        "key", "");
  if (!form.has_file)
    throw errors::invalidArgument("POST requires exactly one file upload per request.", "file",
                                  "0");
  return form;
}

void checkPostPolicy(std::string_view policy_base64, const PostForm& form, std::string_view bucket,
                     double now_epoch_seconds) {
  auto decoded = encoding::base64Decode(policy_base64);
  if (!decoded) throw invalidPolicy("Invalid JSON.");
  Json policy = Json::parse(*decoded, nullptr, false);
  if (policy.is_discarded() || !policy.is_object()) throw invalidPolicy("Invalid JSON.");
  auto expiration = policy.find("expiration");
  if (expiration == policy.end() || !expiration->is_string())
    throw invalidPolicy("Policy missing expiration.");
  auto expires = timefmt::parseIso8601(expiration->get<std::string>());
  if (!expires)
    throw invalidPolicy("Invalid 'expiration' value: '" + expiration->get<std::string>() + "'");
  if (*expires < now_epoch_seconds) throw policyDenied("Policy expired.");
  auto conditions = policy.find("conditions");
  if (conditions == policy.end() || !conditions->is_array())
    throw invalidPolicy("Policy missing conditions.");
  std::string bucket_name(bucket);
  std::map<std::string, bool> covered;
  for (const auto& condition : *conditions)
    covered[checkCondition(condition, form, bucket_name)] = true;
  for (const auto& [name, value] : form.fields)
    if (!exempt(name) && !covered.count(name)) throw policyDenied("Extra input fields: " + name);
}

}  // namespace awsemu::s3
