// Semantic comparison of documents and response bodies for the protocol vectors: what a client
// would decode must be equal, not the bytes (whitespace, key order, float widths may differ).
#include <cmath>
#include <map>
#include <pugixml.hpp>
#include <set>
#include <vector>

#include "awsemu/core/time.hpp"
#include "src/protocol/cbor.hpp"
#include "vector_harness.hpp"

namespace awsemu::vectors {
namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool isInteger(const Json& value) { return value.is_number_integer(); }

bool numbersEqual(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  if (a == b) return true;
  return std::fabs(a - b) <= 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

bool sameInstant(const std::string& a, const std::string& b) {
  auto x = timefmt::parseIso8601(a), y = timefmt::parseIso8601(b);
  if (!x) x = timefmt::parseHttpDate(a);
  if (!y) y = timefmt::parseHttpDate(b);
  return x && y && std::fabs(*x - *y) < 1e-6;
}

// "aws.protocoltests.json10#FooError:http://internal..." -> "FooError".
std::string bareErrorType(std::string type) {
  if (auto hash = type.find('#'); hash != std::string::npos) type.erase(0, hash + 1);
  if (auto colon = type.find(':'); colon != std::string::npos) type.erase(colon);
  return type;
}

class TreeComparer {
 public:
  explicit TreeComparer(bool body_tree) : body_tree_(body_tree) {}

  std::optional<std::string> compare(const Json& expected, const Json& actual,
                                     const std::string& path) const {
    // An integer never matches a float (a client decoding 1.0 into an integer member fails), nor
    // a number a string (documents spell NaN and the infinities as strings, core/json.hpp).
    if (isInteger(expected) != isInteger(actual) || expected.is_number() != actual.is_number())
      return differ(expected, actual, path);
    if (expected.is_number())
      return numbersEqual(expected.get<double>(), actual.get<double>())
                 ? std::nullopt
                 : differ(expected, actual, path);
    if (expected.is_object() != actual.is_object() || expected.is_array() != actual.is_array())
      return differ(expected, actual, path);
    if (expected.is_object()) return compareObjects(expected, actual, path);
    if (expected.is_array()) return compareArrays(expected, actual, path);
    if (expected.is_string() && actual.is_string()) return compareStrings(expected, actual, path);
    if (expected.is_binary() && actual.is_binary())
      return expected.get_binary() == actual.get_binary() ? std::nullopt
                                                          : differ(expected, actual, path);
    return expected == actual ? std::nullopt : differ(expected, actual, path);
  }

 private:
  static std::optional<std::string> differ(const Json& expected, const Json& actual,
                                           const std::string& path) {
    return "at " + (path.empty() ? std::string("<root>") : path) + ": expected " + expected.dump() +
           ", got " + actual.dump();
  }

  std::optional<std::string> compareStrings(const Json& expected, const Json& actual,
                                            const std::string& path) const {
    const auto& e = expected.get_ref<const std::string&>();
    const auto& a = actual.get_ref<const std::string&>();
    if (e == a) return std::nullopt;
    if (body_tree_ && (path.ends_with("/__type") || path == "__type") &&
        bareErrorType(e) == bareErrorType(a))
      return std::nullopt;
    if (body_tree_ && sameInstant(e, a)) return std::nullopt;
    return differ(expected, actual, path);
  }

  std::optional<std::string> compareObjects(const Json& expected, const Json& actual,
                                            const std::string& path) const {
    for (const auto& [key, value] : expected.items()) {
      if (value.is_null()) continue;  // null == absent
      auto it = actual.find(key);
      if (it == actual.end())
        return "at " + path + "/" + key + ": missing (expected " + value.dump() + ")";
      if (auto d = compare(value, *it, path + "/" + key)) return d;
    }
    for (const auto& [key, value] : actual.items()) {
      auto it = expected.find(key);
      if ((it == expected.end() || it->is_null()) && !value.is_null())
        return "at " + path + "/" + key + ": unexpected member " + value.dump();
    }
    return std::nullopt;
  }

  std::optional<std::string> compareArrays(const Json& expected, const Json& actual,
                                           const std::string& path) const {
    if (expected.size() != actual.size())
      return "at " + path + ": expected " + std::to_string(expected.size()) + " items, got " +
             std::to_string(actual.size()) + " (" + actual.dump() + ")";
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (auto d = compare(expected[i], actual[i], path + "[" + std::to_string(i) + "]")) return d;
    return std::nullopt;
  }

  bool body_tree_;
};

// ---- XML ------------------------------------------------------------------------------------
std::string localName(std::string_view name) {
  auto colon = name.find(':');
  return std::string(colon == std::string_view::npos ? name : name.substr(colon + 1));
}

// Elements a server adds that the vectors' expected bodies leave out.
bool mayBeExtra(const std::string& name) {
  return name == "ResponseMetadata" || name == "RequestId" || name == "requestId" ||
         name == "HostId";
}

// "-12" but not "12.0", "1e3" or "NaN".
bool isIntegerText(const std::string& text) {
  const std::size_t digits = text.starts_with('-') ? 1 : 0;
  return text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos;
}

// Equal texts, numbers of the same kind with the same value (an integer text never matches a
// float text: a client decoding "1.0" into an integer member fails), or the same instant.
bool textsMatch(const std::string& expected, const std::string& actual) {
  if (expected == actual) return true;
  if (isIntegerText(expected) != isIntegerText(actual)) return sameInstant(expected, actual);
  char* end_e = nullptr;
  char* end_a = nullptr;
  const double e = std::strtod(expected.c_str(), &end_e), a = std::strtod(actual.c_str(), &end_a);
  if (!expected.empty() && !actual.empty() && *end_e == '\0' && *end_a == '\0' &&
      numbersEqual(e, a))
    return true;
  return sameInstant(expected, actual);
}

std::optional<std::string> compareAttributes(pugi::xml_node expected, pugi::xml_node actual,
                                             const std::string& path) {
  std::map<std::string, std::string> e_attrs, a_attrs;
  std::set<std::string> e_namespaces, a_namespaces;
  auto collect = [](pugi::xml_node node, auto& attrs, auto& namespaces) {
    for (auto attr : node.attributes()) {
      std::string_view name = attr.name();
      if (name == "xmlns" || name.starts_with("xmlns:"))
        namespaces.insert(attr.value());
      else
        attrs[localName(name)] = attr.value();
    }
  };
  collect(expected, e_attrs, e_namespaces);
  collect(actual, a_attrs, a_namespaces);
  if (e_attrs != a_attrs) return "at " + path + ": attributes differ";
  for (const auto& uri : e_namespaces)
    if (!a_namespaces.count(uri)) return "at " + path + ": missing namespace " + uri;
  return std::nullopt;
}

std::optional<std::string> compareElements(pugi::xml_node expected, pugi::xml_node actual,
                                           const std::string& parent_path);

// Map entries (<entry>, or the repeated element of a flattened map) are unordered, and documents
// do not keep map order: same-named siblings also match as a multiset.
bool sameUnordered(const std::vector<pugi::xml_node>& expected,
                   const std::vector<pugi::xml_node>& actual, const std::string& path) {
  std::vector<bool> used(actual.size(), false);
  for (const auto& node : expected) {
    bool matched = false;
    for (std::size_t i = 0; i < actual.size() && !matched; ++i)
      if (!used[i] && !compareElements(node, actual[i], path)) used[i] = matched = true;
    if (!matched) return false;
  }
  return true;
}

std::optional<std::string> compareElements(pugi::xml_node expected, pugi::xml_node actual,
                                           const std::string& parent_path) {
  const std::string path = parent_path + "/" + localName(expected.name());
  if (localName(expected.name()) != localName(actual.name()))
    return "at " + path + ": element named " + actual.name();
  if (auto d = compareAttributes(expected, actual, path)) return d;
  // Children grouped by name: order matters among same-named siblings (list items) only.
  std::map<std::string, std::vector<pugi::xml_node>> e_children, a_children;
  for (auto child : expected.children())
    if (child.type() == pugi::node_element) e_children[localName(child.name())].push_back(child);
  for (auto child : actual.children())
    if (child.type() == pugi::node_element) a_children[localName(child.name())].push_back(child);
  if (e_children.empty() && a_children.empty()) {
    const std::string e = expected.text().get(), a = actual.text().get();
    return textsMatch(e, a)
               ? std::nullopt
               : std::optional<std::string>("at " + path + ": text '" + e + "' vs '" + a + "'");
  }
  for (const auto& [name, nodes] : e_children) {
    const auto& others = a_children[name];
    if (others.size() != nodes.size())
      return "at " + path + "/" + name + ": expected " + std::to_string(nodes.size()) +
             " elements, got " + std::to_string(others.size());
    std::optional<std::string> in_order;
    for (std::size_t i = 0; i < nodes.size() && !in_order; ++i)
      in_order = compareElements(nodes[i], others[i], path);
    if (in_order && !sameUnordered(nodes, others, path)) return in_order;
  }
  for (const auto& [name, nodes] : a_children)
    if (!nodes.empty() && !e_children.count(name) && !mayBeExtra(name))
      return "at " + path + ": unexpected element " + name;
  return std::nullopt;
}

}  // namespace

std::optional<std::string> compareDocuments(const Json& expected, const Json& actual) {
  return TreeComparer(false).compare(expected, actual, "");
}

std::optional<std::string> compareBodyTrees(const Json& expected, const Json& actual) {
  return TreeComparer(true).compare(expected, actual, "");
}

std::optional<std::string> compareJsonBodies(const std::string& expected,
                                             const std::string& actual) {
  const std::string e = trim(expected), a = trim(actual);
  if (e.empty() || a.empty())
    return e == a ? std::nullopt : std::optional<std::string>("one body is empty");
  Json e_tree = Json::parse(e, nullptr, false), a_tree = Json::parse(a, nullptr, false);
  if (e_tree.is_discarded() || a_tree.is_discarded())
    return e == a ? std::nullopt : std::optional<std::string>("non-JSON bodies differ");
  return compareBodyTrees(e_tree, a_tree);
}

std::optional<std::string> compareCborBodies(const std::string& expected_bytes,
                                             const std::string& actual_bytes) {
  if (expected_bytes.empty() || actual_bytes.empty())
    return expected_bytes == actual_bytes ? std::nullopt
                                          : std::optional<std::string>("one body is empty");
  // nlohmann::json::from_cbor rejects tags 0-5 (timestamps are tag 1), so the project's decoder
  // reads both sides; the CBOR input vectors and unit tests check that decoder on its own.
  auto decode = [](const std::string& bytes) {
    try {
      return protocol::cbor::decode(bytes);
    } catch (const std::exception&) {
      return Json(Json::value_t::discarded);
    }
  };
  Json e_tree = decode(expected_bytes), a_tree = decode(actual_bytes);
  if (e_tree.is_discarded()) return "expected body is not CBOR";
  if (a_tree.is_discarded()) return "actual body is not valid CBOR";
  return compareBodyTrees(e_tree, a_tree);
}

std::optional<std::string> compareXmlBodies(const std::string& expected,
                                            const std::string& actual) {
  const std::string e = trim(expected), a = trim(actual);
  if (e.empty() || a.empty())
    return e == a ? std::nullopt : std::optional<std::string>("one body is empty");
  pugi::xml_document e_doc, a_doc;
  if (!e_doc.load_string(e.c_str()))
    return e == a ? std::nullopt : std::optional<std::string>("non-XML bodies differ");
  if (!a_doc.load_string(a.c_str())) return "actual body is not valid XML";
  return compareElements(e_doc.document_element(), a_doc.document_element(), "");
}

bool headerValuesMatch(const std::string& expected, const std::string& actual) {
  const std::string e = trim(expected), a = trim(actual);
  if (e == a) return true;
  auto split = [](const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
      items.push_back(trim(std::string_view(text).substr(start, comma - start)));
    items.push_back(trim(std::string_view(text).substr(start)));
    return items;
  };
  if (split(e) == split(a)) return true;
  return textsMatch(e, a);
}

}  // namespace awsemu::vectors
