// Condition / filter evaluation and projections, reading items in place.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
#include "services/dynamodb/expressions/evaluator.hpp"

#include <algorithm>
#include <map>

#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/number.hpp"

namespace awsemu::dynamodb {
namespace {

std::string_view bytesOf(const Json& payload) {
  if (payload.is_binary()) {
    const auto& b = payload.get_binary();
    return {reinterpret_cast<const char*>(b.data()), b.size()};
  }
  if (payload.is_string()) return payload.get_ref<const std::string&>();
  return {};
}

// Length of UTF-8 text in UTF-16 code units, as DynamoDB's size() counts strings ("é𝄞" is 3).
std::size_t utf16Length(std::string_view text) {
  std::size_t units = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += c >= 0xF0 ? 2 : 1;        // 4-byte sequences are surrogate pairs
  }
  return units;
}

// size(): strings in UTF-16 code units, binaries in bytes, elements of sets, lists and maps.
std::optional<std::size_t> sizeOf(const Json& value) {
  switch (typeOf(value)) {
    case ValueType::S:
      return utf16Length(bytesOf(value.begin().value()));
    case ValueType::B:
      return bytesOf(value.begin().value()).size();
    case ValueType::SS:
    case ValueType::NS:
    case ValueType::BS:
    case ValueType::L:
    case ValueType::M:
      return value.begin().value().size();
    default:
      return std::nullopt;
  }
}

// The operand's value, or null when absent. `scratch` holds computed values (size()).
const Json* resolveOperand(const Operand& operand, const Json* item, Json& scratch) {
  switch (operand.kind) {
    case Operand::Kind::Path:
      return item ? resolvePath(*item, operand.path) : nullptr;
    case Operand::Kind::Value:
      return &operand.value;
    case Operand::Kind::Size: {
      const Json* target = item ? resolvePath(*item, operand.args[0].path) : nullptr;
      auto size = target ? sizeOf(*target) : std::nullopt;
      if (!size) return nullptr;
      scratch = Json{{"N", std::to_string(*size)}};
      return &scratch;
    }
    default:
      return nullptr;
  }
}

bool beginsWith(const Json& value, const Json& prefix) {
  ValueType type = typeOf(value);
  if (type != typeOf(prefix) || (type != ValueType::S && type != ValueType::B)) return false;
  std::string_view a = bytesOf(value.begin().value()), b = bytesOf(prefix.begin().value());
  return a.substr(0, b.size()) == b && a.size() >= b.size();
}

bool contains(const Json& container, const Json& element) {
  ValueType type = typeOf(container);
  ValueType element_type = typeOf(element);
  const Json& payload = container.begin().value();
  switch (type) {
    case ValueType::S:
    case ValueType::B:
      return element_type == type &&
             bytesOf(payload).find(bytesOf(element.begin().value())) != std::string_view::npos;
    case ValueType::SS:
    case ValueType::BS: {
      // Members compared in place: no AttributeValue is built per member.
      ValueType scalar = type == ValueType::SS ? ValueType::S : ValueType::B;
      if (element_type != scalar) return false;
      std::string_view wanted = bytesOf(element.begin().value());
      return std::any_of(payload.begin(), payload.end(),
                         [&](const Json& member) { return bytesOf(member) == wanted; });
    }
    case ValueType::NS: {
      if (element_type != ValueType::N) return false;
      const Json& wanted = element.begin().value();
      if (std::find(payload.begin(), payload.end(), wanted) != payload.end()) return true;
      // Stored numbers are canonical; a differently written constant is compared by value.
      auto number = Number::tryParse(wanted.is_string() ? wanted.get<std::string>() : "", nullptr);
      if (!number) return false;
      return std::any_of(payload.begin(), payload.end(), [&](const Json& member) {
        auto other = Number::tryParse(member.is_string() ? member.get<std::string>() : "", nullptr);
        return other && *other == *number;
      });
    }
    case ValueType::L:
      return std::any_of(payload.begin(), payload.end(),
                         [&](const Json& member) { return valuesEqual(member, element); });
    default:
      return false;
  }
}

bool compare(Comparator op, const Json* a, const Json* b) {
  if (op == Comparator::Eq) return a && b && valuesEqual(*a, *b);
  // A missing attribute is "not equal" to anything.
  if (op == Comparator::Ne) return !(a && b && valuesEqual(*a, *b));
  if (!a || !b) return false;
  auto order = compareScalars(*a, *b);
  if (!order) return false;
  switch (op) {
    case Comparator::Lt:
      return *order < 0;
    case Comparator::Le:
      return *order <= 0;
    case Comparator::Gt:
      return *order > 0;
    case Comparator::Ge:
      return *order >= 0;
    default:
      return false;
  }
}

bool evaluateLeaf(const Condition& c, const Json* item) {
  Json scratch0, scratch1, scratch2;
  const std::vector<Operand>& ops = c.operands;
  const Json* a = resolveOperand(ops[0], item, scratch0);
  switch (c.kind) {
    case Condition::Kind::Compare:
      return compare(c.op, a, resolveOperand(ops[1], item, scratch1));
    case Condition::Kind::Between: {
      const Json* low = resolveOperand(ops[1], item, scratch1);
      const Json* high = resolveOperand(ops[2], item, scratch2);
      return compare(Comparator::Ge, a, low) && compare(Comparator::Le, a, high);
    }
    case Condition::Kind::In:
      if (!a) return false;
      for (std::size_t i = 1; i < ops.size(); ++i) {
        const Json* candidate = resolveOperand(ops[i], item, scratch1);
        if (candidate && valuesEqual(*a, *candidate)) return true;
      }
      return false;
    case Condition::Kind::AttributeExists:
      return a != nullptr;
    case Condition::Kind::AttributeNotExists:
      return a == nullptr;
    case Condition::Kind::AttributeType: {
      const Json* type = resolveOperand(ops[1], item, scratch1);
      return a && type && typeOf(*type) == ValueType::S &&
             typeName(typeOf(*a)) == type->begin()->get_ref<const std::string&>();
    }
    case Condition::Kind::BeginsWith: {
      const Json* prefix = resolveOperand(ops[1], item, scratch1);
      return a && prefix && beginsWith(*a, *prefix);
    }
    case Condition::Kind::Contains: {
      const Json* element = resolveOperand(ops[1], item, scratch1);
      return a && element && contains(*a, *element);
    }
    case Condition::Kind::NotContains: {
      const Json* element = resolveOperand(ops[1], item, scratch1);
      return a && element && !contains(*a, *element);
    }
    default:
      return false;
  }
}

// Projection under construction: maps keep names, lists keep the indexes asked for (in order).
struct Node {
  const Json* whole = nullptr;  // the whole value is projected
  ValueType type = ValueType::Invalid;
  std::map<std::string, Node> members;
  std::map<std::int32_t, Node> elements;
};

void addPath(Node& node, const Json& value, const DocumentPath& path, std::size_t position) {
  if (position == path.size()) {
    node.whole = &value;
    return;
  }
  ValueType type = typeOf(value);
  const PathElement& step = path[position];
  const Json& payload = value.begin().value();
  if (step.isIndex()) {
    if (type != ValueType::L || static_cast<std::size_t>(step.index) >= payload.size()) return;
    node.type = type;
    addPath(node.elements[step.index], payload[static_cast<std::size_t>(step.index)], path,
            position + 1);
  } else {
    if (type != ValueType::M) return;
    auto it = payload.find(step.name);
    if (it == payload.end()) return;
    node.type = type;
    addPath(node.members[step.name], *it, path, position + 1);
  }
}

std::optional<Json> build(const Node& node) {
  if (node.whole) return *node.whole;
  if (node.type == ValueType::M) {
    Json members = Json::object();
    for (const auto& [name, child] : node.members) {
      if (auto built = build(child)) members[name] = std::move(*built);
    }
    return Json{{"M", std::move(members)}};
  }
  if (node.type == ValueType::L) {
    Json elements = Json::array();
    for (const auto& [index, child] : node.elements) {
      if (auto built = build(child)) elements.push_back(std::move(*built));
    }
    return Json{{"L", std::move(elements)}};
  }
  return std::nullopt;
}

}  // namespace

const Json* resolvePath(const Json& item, const DocumentPath& path) {
  if (path.empty() || !item.is_object()) return nullptr;
  auto top = item.find(path[0].name);
  if (top == item.end()) return nullptr;
  const Json* current = &*top;
  for (std::size_t i = 1; i < path.size(); ++i) {
    if (!current->is_object() || current->size() != 1) return nullptr;
    auto it = current->begin();
    const Json& payload = it.value();
    if (path[i].isIndex()) {
      if (it.key() != "L" || static_cast<std::size_t>(path[i].index) >= payload.size()) {
        return nullptr;
      }
      current = &payload[static_cast<std::size_t>(path[i].index)];
    } else {
      if (it.key() != "M") return nullptr;
      auto member = payload.find(path[i].name);
      if (member == payload.end()) return nullptr;
      current = &*member;
    }
  }
  return current;
}

bool evaluate(const Condition& condition, const Json* item) {
  switch (condition.kind) {
    case Condition::Kind::True:
      return true;
    case Condition::Kind::And:
      return evaluate(condition.children[0], item) && evaluate(condition.children[1], item);
    case Condition::Kind::Or:
      return evaluate(condition.children[0], item) || evaluate(condition.children[1], item);
    case Condition::Kind::Not:
      return !evaluate(condition.children[0], item);
    default:
      return evaluateLeaf(condition, item);
  }
}

Json project(const Json& item, const std::vector<DocumentPath>& paths) {
  std::map<std::string, Node> top;
  for (const DocumentPath& path : paths) {
    if (path.empty()) continue;
    auto it = item.find(path[0].name);
    if (it == item.end()) continue;
    addPath(top[path[0].name], *it, path, 1);
  }
  Json result = Json::object();
  for (const auto& [name, node] : top) {
    if (auto built = build(node)) result[name] = std::move(*built);
  }
  return result;
}

Json project(const Json& item, const ProjectionPaths& projection) {
  return project(item, projection.paths);
}

}  // namespace awsemu::dynamodb
