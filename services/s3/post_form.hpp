#pragma once
// Browser POST uploads: the multipart/form-data form and its policy document, checked as S3
// checks them. https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTForms.html
// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"

namespace awsemu::s3 {

struct PostForm {
  // Fields before the file, by lower-case name (S3's form field names ignore case); S3 ignores
  // fields after the file.
  std::map<std::string, std::string> fields;
  bool has_file = false;
  std::string file_name;  // the file part's filename (for ${filename} in key)
  std::string_view file;  // the file's bytes (into the body the form was parsed from)

  const std::string* field(const std::string& lower_name) const {
    auto it = fields.find(lower_name);
    return it == fields.end() ? nullptr : &it->second;
  }
};

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt otherwise.
std::optional<std::string> formBoundary(std::string_view content_type);

// Parses the form. MalformedPOSTRequest (400) when the body is not a multipart form;
// InvalidArgument when the key or the file is missing (S3's messages).
PostForm parsePostForm(std::string_view body, std::string_view boundary);

// Checks the decoded policy (expiration, every condition, no field outside the conditions)
// against the form, the bucket from the URL and the file size. Throws AccessDenied ("Invalid
// according to Policy: ..."), InvalidPolicyDocument, EntityTooSmall / EntityTooLarge.
void checkPostPolicy(std::string_view policy_base64, const PostForm& form, std::string_view bucket,
                     double now_epoch_seconds);

}  // namespace awsemu::s3
