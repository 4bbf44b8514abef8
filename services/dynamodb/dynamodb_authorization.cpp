// DynamoDB's operations as IAM sees them (ENFORCE_IAM): "dynamodb:<Operation>" on the table ARN
// (an index ARN for Query/Scan of an index; one target per table of a batch; a transaction's
// items as PutItem/UpdateItem/DeleteItem/ConditionCheckItem/GetItem), the request's
// dynamodb:Select / ReturnValues / ReturnConsumedCapacity keys, for item operations
// dynamodb:LeadingKeys and dynamodb:Attributes (fine_grained_keys.hpp; a batch's per table), and
// DynamoDB's AccessDeniedException (400).
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
#include "services/common/arn_parts.hpp"
#include "services/common/service_authorizers.hpp"
#include "services/dynamodb/fine_grained_keys.hpp"
#include "services/dynamodb/partiql/statement.hpp"
#include "services/dynamodbstreams/shard_iterator.hpp"

namespace awsemu::dynamodb {
namespace {

std::string str(const Json& input, const char* member) {
  auto it = input.find(member);
  return it != input.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string tableArn(const RequestContext& ctx, const std::string& table) {
  if (table.starts_with("arn:")) return table;  // operations accept table ARNs as names
  return "arn:aws:dynamodb:" + ctx.region + ":" + ctx.accountId() + ":table/" + table;
}

service::AuthorizationTarget target(const RequestContext& ctx, std::string action,
                                    std::string resource, const Json& input) {
  service::AuthorizationTarget out;
  out.action = "dynamodb:" + action;
  out.resource = std::move(resource);
  if (auto parts = service::arnParts(out.resource); !parts.empty()) out.resource_account = parts[4];
  for (const auto& [member, key] :
       {std::pair{"Select", "dynamodb:Select"}, std::pair{"ReturnValues", "dynamodb:ReturnValues"},
        std::pair{"ReturnConsumedCapacity", "dynamodb:ReturnConsumedCapacity"}})
    if (auto value = str(input, member); !value.empty()) out.key(key, value);
  return out;
}

// An item operation's target, with dynamodb:LeadingKeys and dynamodb:Attributes.
service::AuthorizationTarget itemTarget(service::Service& service, const RequestContext& ctx,
                                        std::string action, const std::string& table,
                                        const std::string& index, const Json& request) {
  std::string resource = tableArn(ctx, table);
  if (!index.empty()) resource += "/index/" + index;
  auto out = target(ctx, std::move(action), std::move(resource),
                    request.is_object() ? request : Json::object());
  ItemAccess access;
  access.add(request, keyNamesOf(service, ctx, table, index));
  access.applyTo(out);
  return out;
}

bool itemOperation(const std::string& op) {
  return op == "GetItem" || op == "PutItem" || op == "UpdateItem" || op == "DeleteItem" ||
         op == "Query" || op == "Scan";
}

// PartiQL statements are authorised as dynamodb:PartiQL<Kind> on the table (or index) they name,
// not as the API operation that carries them, with the partition key they pin as
// dynamodb:LeadingKeys. A statement that does not parse gets no target: the
// handler refuses it with DynamoDB's ValidationException.
void addStatement(service::AuthorizationTargets& out, service::Service& service,
                  const RequestContext& ctx, const Json& request) {
  auto text = request.find("Statement");
  if (text == request.end() || !text->is_string()) return;
  auto parameters = request.find("Parameters");
  try {
    auto statement = partiql::parseStatement(text->get<std::string>(),
                                             parameters == request.end() ? nullptr : &*parameters);
    static constexpr const char* kActions[] = {"PartiQLSelect", "PartiQLInsert", "PartiQLUpdate",
                                               "PartiQLDelete"};
    std::string resource = tableArn(ctx, statement.table);
    if (!statement.index.empty()) resource += "/index/" + statement.index;
    auto statement_target =
        target(ctx, kActions[static_cast<int>(statement.kind)], resource, request);
    ItemAccess access;  // dynamodb:LeadingKeys
    access.addStatement(statement, keyNamesOf(service, ctx, statement.table, statement.index));
    access.applyTo(statement_target);
    out.push_back(std::move(statement_target));
  } catch (const AwsError&) {
  }
}

const char* transactAction(const std::string& kind) {
  if (kind == "Put") return "PutItem";
  if (kind == "Update") return "UpdateItem";
  if (kind == "Delete") return "DeleteItem";
  if (kind == "ConditionCheck") return "ConditionCheckItem";
  return "GetItem";  // TransactGetItems' Get
}

}  // namespace

class DynamoDbAuthorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service& service,
                                                       const RequestContext& ctx, const Json& input,
                                                       bool) const override {
    const std::string& op = ctx.operation;
    service::AuthorizationTargets out;
    if (op == "BatchGetItem" || op == "BatchWriteItem") {
      const Json tables = input.value("RequestItems", Json::object());  // outlives items()
      for (const auto& [table, request] : tables.items())
        out.push_back(itemTarget(service, ctx, op, table, "", request));
      return out;
    }
    if (itemOperation(op) && !str(input, "TableName").empty()) {
      out.push_back(
          itemTarget(service, ctx, op, str(input, "TableName"), str(input, "IndexName"), input));
      return out;
    }
    if (op == "ExecuteStatement") {
      addStatement(out, service, ctx, input);
      return out;
    }
    if (op == "BatchExecuteStatement" || op == "ExecuteTransaction") {
      const char* member = op == "ExecuteTransaction" ? "TransactStatements" : "Statements";
      for (const auto& request : input.value(member, Json::array()))
        addStatement(out, service, ctx, request);
      return out;
    }
    if (op == "TransactGetItems" || op == "TransactWriteItems") {
      for (const auto& item : input.value("TransactItems", Json::array()))
        for (const auto& [kind, request] : item.items())
          out.push_back(itemTarget(service, ctx, transactAction(kind), str(request, "TableName"),
                                   "", request));
      return out;
    }
    std::string resource = "*";
    if (auto table = str(input, "TableName"); !table.empty()) {
      resource = tableArn(ctx, table);
      if (auto index = str(input, "IndexName"); !index.empty()) resource += "/index/" + index;
    } else if (auto table = str(input, "TargetTableName"); !table.empty()) {
      resource = tableArn(ctx, table);  // restores create their target table
    } else {
      for (const char* member : {"ResourceArn", "BackupArn"})
        if (auto arn = str(input, member); !arn.empty()) resource = arn;
    }
    out.push_back(target(ctx, op, std::move(resource), input));
    return out;
  }

  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CommonErrors.html
  AwsError accessDenied(std::string message) const override {
    return AwsError("com.amazon.coral.service#AccessDeniedException", std::move(message), 400);
  }
};

// DynamoDB Streams: "dynamodb:<Operation>" on the stream ARN (GetRecords: the iterator's).
class StreamsAuthorizer : public service::ServiceAuthorizer {
 public:
  std::optional<service::AuthorizationTargets> targets(service::Service&, const RequestContext& ctx,
                                                       const Json& input, bool) const override {
    std::string resource = str(input, "StreamArn");
    if (auto iterator = str(input, "ShardIterator"); !iterator.empty()) try {
        resource = dynamodbstreams::decodeIterator(iterator).position.stream_arn;
      } catch (const AwsError&) {  // not one of ours: GetRecords answers ValidationException
      }
    if (resource.empty() && !str(input, "TableName").empty())
      resource = tableArn(ctx, str(input, "TableName")) + "/stream/*";
    if (resource.empty()) resource = "*";
    return service::AuthorizationTargets{target(ctx, ctx.operation, resource, input)};
  }

  AwsError accessDenied(std::string message) const override {
    return AwsError("com.amazon.coral.service#AccessDeniedException", std::move(message), 400);
  }
};

}  // namespace awsemu::dynamodb

namespace awsemu::service {
const ServiceAuthorizer& dynamodbAuthorizer() {
  static const dynamodb::DynamoDbAuthorizer authorizer;
  return authorizer;
}
const ServiceAuthorizer& dynamodbStreamsAuthorizer() {
  static const dynamodb::StreamsAuthorizer authorizer;
  return authorizer;
}
}  // namespace awsemu::service
