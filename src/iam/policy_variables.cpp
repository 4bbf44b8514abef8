#include "src/iam/policy_variables.hpp"

#include "awsemu/core/strings.hpp"

namespace awsemu::iam {
namespace {

void appendEscaped(std::string& out, std::string_view text, bool wildcard_form) {
  for (char c : text) {
    if (wildcard_form && (c == '*' || c == '?' || c == '\\')) out += '\\';
    out += c;
  }
}

// The policy's own text: wildcards stay active, backslashes become literal.
void appendPolicyText(std::string& out, std::string_view text, bool wildcard_form) {
  for (char c : text) {
    if (wildcard_form && c == '\\') out += '\\';
    out += c;
  }
}

std::string_view unquote(std::string_view text) {
  text = strings::trim(text);
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

}  // namespace

ValueTemplate::ValueTemplate(std::string_view text, bool variables_enabled, bool wildcard_form)
    : wildcard_form_(wildcard_form) {
  if (!variables_enabled || text.find("${") == std::string_view::npos) {
    appendPolicyText(literal_, text, wildcard_form);
    return;
  }
  std::string pending;  // literal text since the last variable
  bool any_variable = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("${", pos);
    std::size_t close = open == std::string_view::npos ? open : text.find('}', open + 2);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      appendPolicyText(pending, text.substr(pos), wildcard_form);
      break;
    }
    appendPolicyText(pending, text.substr(pos, open - pos), wildcard_form);
    std::string_view inner = text.substr(open + 2, close - open - 2);
    pos = close + 1;
    if (inner == "*" || inner == "?" || inner == "$") {
      appendEscaped(pending, inner, wildcard_form);
      continue;
    }
    any_variable = true;
    if (!pending.empty()) parts_.push_back(Part{false, std::move(pending), {}, std::nullopt});
    pending.clear();
    Part part;
    part.variable = true;
    std::size_t comma = inner.find(',');
    part.key = compileKey(strings::trim(inner.substr(0, comma)));
    if (comma != std::string_view::npos) {
      part.default_value = std::string(unquote(inner.substr(comma + 1)));
    }
    parts_.push_back(std::move(part));
  }
  if (!any_variable) {
    parts_.clear();
    literal_ = std::move(pending);
    return;
  }
  if (!pending.empty()) parts_.push_back(Part{false, std::move(pending), {}, std::nullopt});
}

void ValueTemplate::appendValue(std::string& out, std::string_view value) const {
  appendEscaped(out, value, wildcard_form_);
}

bool ValueTemplate::resolve(const RequestView& view, std::string& out) const {
  out.clear();
  if (parts_.empty()) {
    out = literal_;
    return true;
  }
  for (const auto& part : parts_) {
    if (!part.variable) {
      out += part.text;
      continue;
    }
    KeyValues values = lookupKey(part.key, view);
    if (values.size() == 1) {
      appendValue(out, values[0]);
    } else if (part.default_value) {
      appendValue(out, *part.default_value);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace awsemu::iam
