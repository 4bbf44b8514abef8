// Chooses the operation of a rest-json / rest-xml model from the method, the path and the query
// keys, like AWS's front ends: every operation's "requestUri" is a template
// ("/{Bucket}/{Key+}?uploads"); among the templates that match, the most specific wins.
//
// Specificity, in order: more literal path segments; more literal query keys ("?list-type=2");
// all required query/header members present (S3 GetObject vs ListParts, which needs ?uploadId;
// PutObject vs CopyObject, which needs x-amz-copy-source); more of them present; fewer greedy
// labels; not deprecated (GetBucketLifecycle vs GetBucketLifecycleConfiguration); model order.
// The tables are built once per model (ServiceModel::derived) and shared by all threads.
#include "awsemu/protocol/rest_router.hpp"

#include <tuple>
#include <unordered_map>

#include "src/protocol/rest_bindings.hpp"

namespace awsemu::protocol {
namespace {

struct Route {
  const Operation* op = nullptr;
  const rest::UriTemplate* uri = nullptr;
  std::vector<std::string> required_query, required_headers;
  int order = 0;
};

struct RouteTable {
  std::unordered_map<std::string, std::vector<Route>> by_method;
};

Route makeRoute(const ServiceModel& model, const Operation& op, const rest::UriTemplate& uri,
                int order) {
  Route route{&op, &uri, {}, {}, order};
  if (op.input == kNoShape) return route;
  for (const auto& member : model.shape(op.input).members) {
    if (!member.required) continue;
    if (member.location == Location::QueryString) route.required_query.push_back(member.wireName());
    if (member.location == Location::Header) route.required_headers.push_back(member.wireName());
  }
  return route;
}

RouteTable buildTable(const ServiceModel& model, const std::vector<rest::UriTemplate>& uris) {
  RouteTable table;
  const auto& operations = model.operations();
  for (std::size_t i = 0; i < operations.size(); ++i)
    table.by_method[operations[i].method].push_back(
        makeRoute(model, operations[i], uris[i], static_cast<int>(i)));
  return table;
}

bool hasQueryKey(const rest::QueryParams& query, const std::string& key) {
  for (const auto& [name, value] : query)
    if (name == key) return true;
  return false;
}

// Higher is more specific; compared lexicographically.
using Score = std::tuple<int, int, bool, int, int, bool, int>;

Score scoreOf(const Route& route, const HttpRequest& request, const rest::QueryParams& query) {
  int present = 0;
  for (const auto& key : route.required_query) present += hasQueryKey(query, key);
  for (const auto& name : route.required_headers) present += request.header(name) != nullptr;
  const int required =
      static_cast<int>(route.required_query.size() + route.required_headers.size());
  return {route.uri->literal_segments,
          static_cast<int>(route.uri->query.size()),
          present == required,
          present,
          -route.uri->greedy_labels,
          !route.op->deprecated,
          -route.order};
}

}  // namespace

const Operation* matchRestOperation(const ServiceModel& model, const HttpRequest& request) {
  // Built outside derived<RouteTable>'s builder: derived() must not nest.
  const auto& uris = rest::uriTemplates(model);
  const RouteTable& table =
      model.derived<RouteTable>([&uris](const ServiceModel& m) { return buildTable(m, uris); });
  auto routes = table.by_method.find(request.method);
  if (routes == table.by_method.end()) return nullptr;

  const rest::QueryParams query = rest::parseQuery(request.query);
  const std::string_view path = request.path.empty() ? std::string_view("/") : request.path;
  const Route* best = nullptr;
  Score best_score{};
  for (const Route& route : routes->second) {
    if (!route.uri->matchQuery(query) || !route.uri->matchPath(path)) continue;
    Score score = scoreOf(route, request, query);
    if (!best || score > best_score) {
      best = &route;
      best_score = score;
    }
  }
  return best ? best->op : nullptr;
}

}  // namespace awsemu::protocol
