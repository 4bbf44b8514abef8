// Model constraint validation with AWS's messages (see validator.hpp).
// https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html (ValidationError)
#include "awsemu/protocol/validator.hpp"

#include <cctype>
#include <cmath>
#include <vector>

#include "src/protocol/pattern.hpp"

namespace awsemu::protocol {
namespace {

constexpr int kMaxDepth = 128;

std::string lowerCamel(const std::string& name) {
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string numberText(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15)
    return std::to_string(static_cast<long long>(value));
  return Json(value).dump();
}

// How AWS (Java) prints a value in "Value '...' at": lists "[a, b]", maps "{k=v}".
std::string valueText(const Json& value) {
  switch (value.type()) {
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::number_float:
      return numberText(value.get<double>());
    case Json::value_t::binary: {
      const auto size = std::to_string(value.get_binary().size());
      return "java.nio.HeapByteBuffer[pos=0 lim=" + size + " cap=" + size + "]";
    }
    case Json::value_t::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < value.size(); ++i) out += (i ? ", " : "") + valueText(value[i]);
      return out + "]";
    }
    case Json::value_t::object: {
      std::string out = "{";
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        out += (first ? "" : ", ") + key + "=" + valueText(item);
        first = false;
      }
      return out + "}";
    }
    default:
      return value.dump();
  }
}

// Length of a string in characters (UTF-8 continuation bytes do not count).
std::size_t characterCount(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xc0) != 0x80;
  return count;
}

class Validator {
 public:
  explicit Validator(const ServiceModel& model) : model_(model) {}

  void structure(const Shape& shape, const Json& value, const std::string& prefix, int depth) {
    if (!value.is_object() || depth > kMaxDepth) return;
    for (const auto& member : shape.members) {
      const std::string path = prefix + lowerCamel(member.name);
      auto it = value.find(member.name);
      if (it == value.end() || it->is_null()) {
        if (member.required) fail("Value null at '" + path + "'", "Member must not be null");
        continue;
      }
      check(member.shape, *it, path, depth + 1);
    }
  }

  std::vector<std::string> errors;

 private:
  void fail(const std::string& subject, const std::string& constraint) {
    errors.push_back(subject + " failed to satisfy constraint: " + constraint);
  }

  void check(ShapeId id, const Json& value, const std::string& path, int depth) {
    if (depth > kMaxDepth) return;
    const Shape& shape = model_.shape(id);
    const std::string subject = "Value '" + valueText(value) + "' at '" + path + "'";
    switch (shape.type) {
      case ShapeType::Structure:
        return structure(shape, value, path + ".", depth);
      case ShapeType::List:
        if (!value.is_array()) return;
        if (!length(shape, value.size(), subject)) return;
        for (std::size_t i = 0; i < value.size(); ++i)
          if (!value[i].is_null())
            check(shape.member.shape, value[i], path + "." + std::to_string(i + 1) + ".member",
                  depth + 1);
        return;
      case ShapeType::Map:
        if (!value.is_object() || !length(shape, value.size(), subject)) return;
        for (const auto& [key, item] : value.items())
          if (!item.is_null()) check(shape.value.shape, item, path + "." + key, depth + 1);
        return;
      case ShapeType::String:
        if (value.is_string()) string(shape, value.get_ref<const std::string&>(), subject);
        return;
      case ShapeType::Blob:
        if (value.is_binary()) length(shape, value.get_binary().size(), subject);
        return;
      case ShapeType::Integer:
      case ShapeType::Long:
      case ShapeType::Short:
      case ShapeType::Byte:
      case ShapeType::Float:
      case ShapeType::Double:
      case ShapeType::BigInteger:
      case ShapeType::BigDecimal:
        if (value.is_number()) range(shape, value.get<double>(), subject);
        return;
      default:
        return;
    }
  }

  // Returns false when a length constraint failed (AWS then skips the member's contents).
  bool length(const Shape& shape, std::size_t size, const std::string& subject) {
    if (shape.min && static_cast<double>(size) < *shape.min) {
      fail(subject, "Member must have length greater than or equal to " + numberText(*shape.min));
      return false;
    }
    if (shape.max && static_cast<double>(size) > *shape.max) {
      fail(subject, "Member must have length less than or equal to " + numberText(*shape.max));
      return false;
    }
    return true;
  }

  void range(const Shape& shape, double value, const std::string& subject) {
    if (shape.min && value < *shape.min)
      fail(subject, "Member must have value greater than or equal to " + numberText(*shape.min));
    else if (shape.max && value > *shape.max)
      fail(subject, "Member must have value less than or equal to " + numberText(*shape.max));
  }

  void string(const Shape& shape, const std::string& value, const std::string& subject) {
    if (!shape.enum_values.empty()) {
      for (const auto& allowed : shape.enum_values)
        if (allowed == value) return;  // an enum value satisfies the other constraints too
      std::string set;
      for (const auto& allowed : shape.enum_values) set += (set.empty() ? "" : ", ") + allowed;
      return fail(subject, "Member must satisfy enum value set: [" + set + "]");
    }
    if (!length(shape, characterCount(value), subject)) return;
    if (shape.compiled_pattern && matchPattern(*shape.compiled_pattern, value) == false)
      fail(subject, "Member must satisfy regular expression pattern: " + shape.pattern);
  }

  const ServiceModel& model_;
};

}  // namespace

std::optional<std::string> validateInput(const ServiceModel& model, const Operation& op,
                                         const Json& input) {
  if (op.input == kNoShape) return std::nullopt;
  Validator validator(model);
  validator.structure(model.shape(op.input), input, "", 0);
  const auto& errors = validator.errors;
  if (errors.empty()) return std::nullopt;
  std::string message = std::to_string(errors.size()) +
                        (errors.size() == 1 ? " validation error" : " validation errors") +
                        " detected: ";
  for (std::size_t i = 0; i < errors.size(); ++i) message += (i ? "; " : "") + errors[i];
  return message;
}

}  // namespace awsemu::protocol
