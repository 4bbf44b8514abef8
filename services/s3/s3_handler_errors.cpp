#include "services/s3/s3_handler_errors.hpp"

namespace awsemu::s3::errors {

AwsError invalidLocationConstraint(std::string_view constraint) {
  AwsError error{"InvalidLocationConstraint", "The specified location-constraint is not valid",
                 400};
  error.with("LocationConstraint", std::string(constraint));
  return error;
}

AwsError illegalLocationConstraint(std::string_view constraint) {
  const std::string what = constraint.empty() ? "unspecified" : std::string(constraint);
  return {"IllegalLocationConstraintException",
          "The " + what +
              " location constraint is incompatible for the region specific endpoint this "
              "request was sent to.",
          400};
}

AwsError invalidBucketAclWithObjectOwnership() {
  return {"InvalidBucketAclWithObjectOwnership",
          "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400};
}

AwsError accessControlListNotSupported() {
  return {"AccessControlListNotSupported", "The bucket does not allow ACLs", 400};
}

AwsError metadataTooLarge(std::size_t size) {
  AwsError error{"MetadataTooLarge",
                 "Your metadata headers exceed the maximum allowed metadata size", 400};
  error.with("Size", std::to_string(size)).with("MaxSizeAllowed", "2048");
  return error;
}

AwsError invalidTag(std::string message) { return {"InvalidTag", std::move(message), 400}; }

AwsError malformedAclError() {
  return {"MalformedACLError",
          "The XML you provided was not well-formed or did not validate against our published "
          "schema",
          400};
}

AwsError headerNotImplemented(std::string_view header) {
  AwsError error{"NotImplemented",
                 "A header you provided implies functionality that is not implemented", 501};
  error.with("Header", std::string(header));
  return error;
}

AwsError copyToItselfWithoutChange() {
  return {"InvalidRequest",
          "This copy request is illegal because it is trying to copy an object to itself "
          "without changing the object's metadata, storage class, website redirect location or "
          "encryption attributes.",
          400};
}

AwsError invalidCopySource(std::string message) {
  return {"InvalidArgument", std::move(message), 400};
}

}  // namespace awsemu::s3::errors
