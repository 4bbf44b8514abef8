#pragma once
// Object operations beside reads and writes of the data: DeleteObjects, tagging, ACLs,
// GetObjectAttributes and RestoreObject. Each returns its output document; what changed is
// reported through `changed` for notifications.
#include <functional>
#include <string_view>

#include "awsemu/core/json.hpp"
#include "awsemu/core/request_context.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

// Called for each key DeleteObjects removed (the event name S3 sends and the version deleted or
// the marker created).
using DeletedCallback = std::function<void(std::string_view event_name, const ObjectVersion& object,
                                           const std::optional<std::string>& version_id)>;

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
Json deleteObjects(S3Engine& engine, RequestContext& ctx, const Json& input,
                   const DeletedCallback& deleted);
// DeleteObject's result as DeleteObjects and notifications describe it.
std::string_view deleteEventName(const DeleteResult& result, bool version_given);

Json putObjectTagging(S3Engine& engine, const Json& input, ObjectRead& changed);
Json getObjectTagging(S3Engine& engine, const Json& input);
Json deleteObjectTagging(S3Engine& engine, const Json& input, ObjectRead& changed);

Json getObjectAcl(S3Engine& engine, const Json& input);
Json putObjectAcl(S3Engine& engine, RequestContext& ctx, const Json& input, ObjectRead& changed);

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html
Json getObjectAttributes(S3Engine& engine, const Json& input);

// https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html: archived objects
// (GLACIER, DEEP_ARCHIVE) are restored at once; 202 for a new restore, 200 to extend one.
Json restoreObject(S3Engine& engine, RequestContext& ctx, const Json& input);
// The x-amz-restore header of a restored object, if it was restored.
// A restored copy lasts until its expiry date (epoch seconds `now` past it: gone again).
std::optional<std::string> restoreHeader(const ObjectVersion& object, double now);
// GetObject of an archived object that was not restored: InvalidObjectState.
bool needsRestore(const ObjectVersion& object, double now);

}  // namespace awsemu::s3
