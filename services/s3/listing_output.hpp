#pragma once
// How listings show objects, versions, uploads and owners in S3's XML documents (ListObjects,
// ListObjectsV2, ListObjectVersions, ListMultipartUploads, ListParts), and the request checks
// those operations share (max-keys, encoding-type).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "services/s3/s3_types.hpp"

namespace awsemu::s3::listing_output {

// Owner / Initiator: {"ID": canonical user id, "DisplayName": ...} of an account.
Json owner(std::string_view account);
// Epoch seconds with the stored milliseconds. S3 shows whole seconds (".000Z"); the fraction is
// kept so that `aws s3 sync`, which compares listed times with local file times that have
// fractions, does not take a file written in the upload's second for a newer one.
double seconds(std::int64_t epoch_ms);

// encoding-type=url as S3 answers it: '+' for a space, '/' and the URL-safe punctuation kept,
// everything else (non-ASCII bytes, '+', '%', '&', control characters, ...) percent-encoded.
std::string urlEncode(std::string_view text);
// The request's encoding type: nullopt or "url"; anything else is InvalidArgument.
std::optional<std::string> encodingType(const Json& input);
// Applies the request's encoding to a value it names (a key, prefix, delimiter or marker).
std::string encoded(const std::optional<std::string>& encoding, std::string_view text);

// An integer query parameter (max-keys, max-uploads, max-parts): `fallback` when absent;
// InvalidArgument outside 0..2147483647, with S3's message naming `argument`.
std::int64_t limitArgument(const Json& input, const char* member, std::string_view argument,
                           std::int64_t fallback = 1000);

// One <Contents> of ListObjects / ListObjectsV2.
Json objectEntry(const ObjectVersion& object, const std::optional<std::string>& encoding,
                 bool with_owner);
// One <Version> or <DeleteMarker> of ListObjectVersions.
Json versionEntry(const ObjectVersion& object, const std::optional<std::string>& encoding);
// <CommonPrefixes> entries.
Json commonPrefixes(const std::vector<std::string>& prefixes,
                    const std::optional<std::string>& encoding);

// An object's or upload's checksum algorithm and type as listings show them: nullopt when the
// checksum member names none.
std::optional<std::string> checksumAlgorithm(const Json& checksum);
std::optional<std::string> checksumType(const Json& checksum);

}  // namespace awsemu::s3::listing_output
