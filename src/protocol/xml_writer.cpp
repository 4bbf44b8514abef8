#include "src/protocol/xml_writer.hpp"

#include <cstdio>

namespace awsemu::protocol::xml {
namespace {

bool needsEscape(unsigned char c, bool attribute) {
  switch (c) {
    case '&':
    case '<':
    case '>':
    case '\r':
      return true;
    case '"':
    case '\n':
    case '\t':
      return attribute;
    default:
      return c < 0x20 && c != '\n' && c != '\t';
  }
}

void appendReference(std::string& out, unsigned char c) {
  char buffer[8];
  int n = std::snprintf(buffer, sizeof buffer, "&#x%X;", c);
  out.append(buffer, static_cast<std::size_t>(n));
}

}  // namespace

void appendEscaped(std::string& out, std::string_view text, bool attribute) {
  std::size_t run = 0;  // start of the pending run of characters that need no escaping
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!needsEscape(c, attribute)) continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        appendReference(out, c);
        break;
    }
  }
  out.append(text.data() + run, text.size() - run);
}

void XmlWriter::declaration() { out_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

void XmlWriter::endStartTag() {
  if (start_tag_open_) {
    out_ += '>';
    start_tag_open_ = false;
  }
}

void XmlWriter::open(std::string_view name) {
  endStartTag();
  out_ += '<';
  out_ += name;
  start_tag_open_ = true;
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
  out_ += ' ';
  out_ += name;
  out_ += "=\"";
  appendEscaped(out_, value, true);
  out_ += '"';
}

void XmlWriter::namespaceDeclaration(std::string_view prefix, std::string_view uri) {
  if (uri.empty()) return;
  if (prefix.empty()) {
    attribute("xmlns", uri);
  } else {
    std::string name = "xmlns:";
    name += prefix;
    attribute(name, uri);
  }
}

void XmlWriter::text(std::string_view value) {
  endStartTag();
  appendEscaped(out_, value, false);
}

void XmlWriter::close(std::string_view name) {
  if (start_tag_open_) {
    out_ += "/>";
    start_tag_open_ = false;
    return;
  }
  out_ += "</";
  out_ += name;
  out_ += '>';
}

void XmlWriter::element(std::string_view name, std::string_view value) {
  open(name);
  text(value);
  close(name);
}

}  // namespace awsemu::protocol::xml
