#include "src/protocol/rest_bindings.hpp"

#include <strings.h>

#include "awsemu/core/strings.hpp"
#include "awsemu/core/encoding.hpp"
#include "src/protocol/xml_text.hpp"

namespace awsemu::protocol::rest {
namespace {

struct RestTemplates {
  std::vector<UriTemplate> list;
};

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

bool literalMatches(std::string_view raw, const std::string& text) {
  if (raw == text) return true;
  return raw.find('%') != std::string_view::npos && encoding::uriDecode(raw) == text;
}

// "a, \"b,c\", d" -> a | b,c | d. HTTP dates contain a comma themselves ("Mon, 16 Dec 2019 …"):
// with `date_pairs` every two pieces make one item.
std::vector<std::string> splitHeaderList(std::string_view text, bool date_pairs) {
  std::vector<std::string> items;
  if (strings::trim(text).empty()) return items;
  std::size_t i = 0;
  while (i <= text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::string item;
    if (i < text.size() && text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        item += text[i];
      }
      const auto comma = text.find(',', i);
      i = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    } else {
      const auto comma = text.find(',', i);
      const auto end = comma == std::string_view::npos ? text.size() : comma;
      item = std::string(strings::trim(text.substr(i, end - i)));
      i = end + 1;
    }
    items.push_back(std::move(item));
  }
  if (!date_pairs) return items;
  std::vector<std::string> dates;
  for (std::size_t k = 0; k < items.size(); k += 2)
    dates.push_back(k + 1 < items.size() ? items[k] + ", " + items[k + 1] : items[k]);
  return dates;
}

std::string quoteHeaderItem(const std::string& item) {
  if (item.find_first_of(",\"") == std::string::npos) return item;
  std::string out = "\"";
  for (char c : item) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

// Header values cannot carry line breaks; a value from a handler never splits the response.
std::string headerSafe(std::string value) {
  for (char& c : value)
    if (c == '\r' || c == '\n') c = ' ';
  return value;
}

Json parseOrThrow(const Shape& shape, std::string_view text, TimestampFormat format,
                  const std::string& where, InvalidValue invalid) {
  auto value = text::parseScalar(shape, text, format);
  if (!value)
    throw invalid("Invalid value '" + std::string(text) + "' for " + where + ": expected a " +
                  std::string(text::typeName(shape.type)));
  return std::move(*value);
}

class BindingReader {
 public:
  BindingReader(const ServiceModel& model, const HttpRequest& request, InvalidValue invalid)
      : model_(model), request_(request), invalid_(invalid) {}

  void readLabel(const MemberRef& member, const Labels& labels, Json& out) const {
    for (const auto& [name, value] : labels) {
      if (name != member.wireName()) continue;
      const Shape& shape = model_.shape(member.shape);
      auto format = text::timestampFormatOf(member, shape, TimestampFormat::Iso8601);
      out[member.name] = parseOrThrow(shape, value, format, "label " + name, invalid_);
      return;
    }
  }

  void readQuery(const MemberRef& member, const QueryParams& query, Json& out) const {
    const Shape& shape = model_.shape(member.shape);
    if (shape.type == ShapeType::Map) return readQueryMap(member, shape, query, out);
    const bool list = shape.type == ShapeType::List;
    const MemberRef& item_ref = list ? shape.member : member;
    const Shape& item_shape = model_.shape(item_ref.shape);
    auto format = text::timestampFormatOf(item_ref, item_shape, TimestampFormat::Iso8601);
    Json items = Json::array();
    for (const auto& [key, value] : query) {
      if (key != member.wireName()) continue;
      Json item = parseOrThrow(item_shape, value, format, "query parameter " + key, invalid_);
      if (!list) {
        out[member.name] = std::move(item);
        return;
      }
      items.push_back(std::move(item));
    }
    if (!items.empty()) out[member.name] = std::move(items);
  }

  void readHeader(const MemberRef& member, Json& out) const {
    const std::string* header = request_.header(member.wireName());
    if (!header) return;
    const Shape& shape = model_.shape(member.shape);
    const std::string where = "header " + member.wireName();
    if (member.json_value) {  // base64-encoded JSON text, kept as the text
      auto decoded = encoding::base64Decode(*header);
      if (!decoded) throw invalid_("Invalid base64 value for " + where);
      out[member.name] = std::move(*decoded);
      return;
    }
    if (shape.type != ShapeType::List) {
      auto format = text::timestampFormatOf(member, shape, TimestampFormat::Rfc822);
      out[member.name] = parseOrThrow(shape, *header, format, where, invalid_);
      return;
    }
    const Shape& item_shape = model_.shape(shape.member.shape);
    auto format = text::timestampFormatOf(shape.member, item_shape, TimestampFormat::Rfc822);
    const bool dates = item_shape.type == ShapeType::Timestamp && format == TimestampFormat::Rfc822;
    Json items = Json::array();
    for (const auto& item : splitHeaderList(*header, dates))
      items.push_back(parseOrThrow(item_shape, item, format, where, invalid_));
    out[member.name] = std::move(items);
  }

  void readPrefixedHeaders(const MemberRef& member, Json& out) const {
    const Shape& shape = model_.shape(member.shape);
    if (shape.type != ShapeType::Map) return;
    const Shape& value_shape = model_.shape(shape.value.shape);
    // The locationName is the prefix; without one the map takes every header.
    const std::string& prefix = member.location_name;
    Json map = Json::object();
    for (const auto& [name, value] : request_.headers) {
      if (!strings::startsWithIgnoringCase(name, prefix) || name.size() == prefix.size()) continue;
      std::string key = name.substr(prefix.size());
      if (map.contains(key)) continue;
      map[key] =
          parseOrThrow(value_shape, value, TimestampFormat::Rfc822, "header " + name, invalid_);
    }
    if (!map.empty()) out[member.name] = std::move(map);
  }

 private:
  void readQueryMap(const MemberRef& member, const Shape& shape, const QueryParams& query,
                    Json& out) const {
    // A map bound to the query string takes every parameter (httpQueryParams).
    const Shape& value_shape = model_.shape(shape.value.shape);
    const bool lists = value_shape.type == ShapeType::List;
    const Shape& item_shape = lists ? model_.shape(value_shape.member.shape) : value_shape;
    Json map = Json::object();
    for (const auto& [key, value] : query) {
      Json item = parseOrThrow(item_shape, value, TimestampFormat::Iso8601,
                               "query parameter " + key, invalid_);
      if (lists)
        map[key].push_back(std::move(item));
      else if (!map.contains(key))
        map[key] = std::move(item);
    }
    if (!map.empty()) out[member.name] = std::move(map);
  }

  const ServiceModel& model_;
  const HttpRequest& request_;
  InvalidValue invalid_;
};

std::string formatHeader(const ServiceModel& model, const MemberRef& member, const Json& value) {
  const Shape& shape = model.shape(member.shape);
  if (member.json_value) {
    return encoding::base64Encode(value.is_string() ? value.get<std::string>()
                                                    : text::jsonText(value));
  }
  if (shape.type != ShapeType::List) {
    return text::formatScalar(shape, value,
                              text::timestampFormatOf(member, shape, TimestampFormat::Rfc822));
  }
  const Shape& item_shape = model.shape(shape.member.shape);
  auto format = text::timestampFormatOf(shape.member, item_shape, TimestampFormat::Rfc822);
  std::string out;
  if (!value.is_array()) return out;
  for (const auto& item : value) {
    if (!out.empty()) out += ", ";
    std::string text = text::formatScalar(item_shape, item, format);
    out += item_shape.type == ShapeType::String ? quoteHeaderItem(text) : text;
  }
  return out;
}

}  // namespace

UriTemplate UriTemplate::parse(std::string_view request_uri) {
  UriTemplate out;
  const auto question = request_uri.find('?');
  std::string_view path = request_uri.substr(0, question);
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  for (std::string_view piece : splitPath(path)) {
    Segment segment;
    if (piece.size() >= 2 && piece.front() == '{' && piece.back() == '}') {
      piece = piece.substr(1, piece.size() - 2);
      segment.label = true;
      if (!piece.empty() && piece.back() == '+') {
        segment.greedy = true;
        piece.remove_suffix(1);
        ++out.greedy_labels;
      }
    } else if (!piece.empty()) {
      ++out.literal_segments;
    }
    segment.text = std::string(piece);
    out.segments.push_back(std::move(segment));
  }
  if (question == std::string_view::npos) return out;
  std::string_view query = request_uri.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    QueryLiteral literal{encoding::uriDecode(pair.substr(0, eq), true), std::nullopt};
    if (eq != std::string_view::npos)
      literal.value = encoding::uriDecode(pair.substr(eq + 1), true);
    out.query.push_back(std::move(literal));
  }
  return out;
}

bool UriTemplate::matchPath(std::string_view raw_path, Labels* labels) const {
  if (!raw_path.empty() && raw_path.front() == '/') raw_path.remove_prefix(1);
  auto attempt = [&](std::string_view path) {
    const std::vector<std::string_view> pieces = splitPath(path);
    const std::size_t n = pieces.size(), m = segments.size();
    if (greedy_labels == 0 ? n != m : n < m) return false;
    Labels found;
    std::size_t p = 0;
    for (std::size_t t = 0; t < m; ++t) {
      const Segment& segment = segments[t];
      if (segment.greedy) {
        const std::size_t last = n - (m - t - 1);  // pieces [p, last) belong to the label
        const char* begin = pieces[p].data();
        const char* end = pieces[last - 1].data() + pieces[last - 1].size();
        std::string_view raw(begin, static_cast<std::size_t>(end - begin));
        if (raw.empty()) return false;
        if (labels) found.emplace_back(segment.text, encoding::uriDecode(raw));
        p = last;
        continue;
      }
      std::string_view piece = pieces[p++];
      if (!segment.label) {
        if (!literalMatches(piece, segment.text)) return false;
      } else {
        if (piece.empty()) return false;
        if (labels) found.emplace_back(segment.text, encoding::uriDecode(piece));
      }
    }
    if (labels) *labels = std::move(found);
    return true;
  };
  if (attempt(raw_path)) return true;
  return raw_path.size() > 1 && raw_path.back() == '/' &&
         attempt(raw_path.substr(0, raw_path.size() - 1));
}

bool UriTemplate::matchQuery(const QueryParams& params) const {
  for (const auto& literal : query) {
    bool found = false;
    for (const auto& [key, value] : params)
      if (key == literal.key && (!literal.value || value == *literal.value)) found = true;
    if (!found) return false;
  }
  return true;
}

const std::vector<UriTemplate>& uriTemplates(const ServiceModel& model) {
  return model
      .derived<RestTemplates>([](const ServiceModel& m) {
        RestTemplates templates;
        templates.list.reserve(m.operations().size());
        for (const auto& op : m.operations())
          templates.list.push_back(UriTemplate::parse(op.request_uri));
        return templates;
      })
      .list;
}

QueryParams parseQuery(std::string_view raw_query) {
  QueryParams out;
  while (!raw_query.empty()) {
    const auto amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    out.emplace_back(encoding::uriDecode(pair.substr(0, eq), true),
                     eq == std::string_view::npos ? std::string()
                                                  : encoding::uriDecode(pair.substr(eq + 1), true));
  }
  return out;
}

void readBindings(const ServiceModel& model, const Operation& op, const Shape& shape,
                  const HttpRequest& request, Json& out, InvalidValue invalid) {
  BindingReader reader(model, request, invalid);
  Labels labels;
  QueryParams query;
  bool labels_read = false, query_read = false;
  for (const auto& member : shape.members) {
    switch (member.location) {
      case Location::Uri:
        if (!labels_read) {
          labels_read = true;
          const auto& all = model.operations();
          const bool ours = !all.empty() && &op >= all.data() && &op < all.data() + all.size();
          if (ours)
            uriTemplates(model)[static_cast<std::size_t>(&op - all.data())].matchPath(request.path,
                                                                                      &labels);
          else
            UriTemplate::parse(op.request_uri).matchPath(request.path, &labels);
        }
        reader.readLabel(member, labels, out);
        break;
      case Location::QueryString:
        if (!query_read) {
          query_read = true;
          query = parseQuery(request.query);
        }
        reader.readQuery(member, query, out);
        break;
      case Location::Header:
        reader.readHeader(member, out);
        break;
      case Location::Headers:
        reader.readPrefixedHeaders(member, out);
        break;
      default:
        break;
    }
  }
}

void writeBindings(const ServiceModel& model, const Shape& shape, const Json& value,
                   HttpResponse& response) {
  if (!value.is_object()) return;
  for (const auto& member : shape.members) {
    if (member.location == Location::Body || member.location == Location::Uri ||
        member.location == Location::QueryString)
      continue;
    auto it = value.find(member.name);
    if (it == value.end() || it->is_null()) continue;
    if (member.location == Location::StatusCode) {
      if (it->is_number_integer() || it->is_number_unsigned()) response.status = it->get<int>();
    } else if (member.location == Location::Header) {
      response.headers.emplace_back(member.wireName(),
                                    headerSafe(formatHeader(model, member, *it)));
    } else if (member.location == Location::Headers && it->is_object()) {
      const Shape& value_shape = model.shape(model.shape(member.shape).value.shape);
      for (const auto& [key, item] : it->items())
        response.headers.emplace_back(
            member.location_name + key,
            headerSafe(text::formatScalar(value_shape, item, TimestampFormat::Rfc822)));
    }
  }
}

const MemberRef* payloadMember(const Shape& shape) {
  return shape.payload.empty() ? nullptr : shape.findMember(shape.payload);
}

bool hasBodyMembers(const Shape& shape) {
  for (const auto& member : shape.members)
    if (member.location == Location::Body) return true;
  return false;
}

bool inResponseBody(const MemberRef& member) {
  return member.location == Location::Body || member.location == Location::Uri ||
         member.location == Location::QueryString;
}

bool hasBodyValues(const Shape& shape, const Json& value) {
  if (!value.is_object()) return false;
  for (const auto& member : shape.members) {
    if (!inResponseBody(member)) continue;
    auto it = value.find(member.name);
    if (it != value.end() && !it->is_null()) return true;
  }
  return false;
}

bool readRawPayload(const ServiceModel& model, const MemberRef& payload, const HttpRequest& request,
                    Json& out) {
  const Shape& shape = model.shape(payload.shape);
  if (shape.type == ShapeType::Blob) {
    if (request.body.inMemory()) {
      if (!request.body.memory.empty()) out[payload.name] = makeBlob(request.body.memory);
    } else if (!payload.streaming) {
      out[payload.name] = makeBlob(request.body.readAll());
    }
    return true;
  }
  if (shape.type == ShapeType::String) {
    std::string text = request.body.readAll();
    if (!text.empty()) out[payload.name] = std::move(text);
    return true;
  }
  return false;
}

}  // namespace awsemu::protocol::rest
