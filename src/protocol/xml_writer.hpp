#pragma once
// A small streaming XML writer that appends straight to a string: the query, ec2 and rest-xml
// codecs build every response with it (no DOM), which keeps hot paths such as
// GetCallerIdentity cheap.
#include <string>
#include <string_view>

namespace awsemu::protocol::xml {

// Appends `text` escaped for element content (attribute = false) or a double-quoted attribute
// value (attribute = true). '\r' is written as "&#xD;" so that parsers do not normalise it away;
// other control characters that XML 1.0 cannot carry are written as character references.
void appendEscaped(std::string& out, std::string_view text, bool attribute);

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  // <?xml version="1.0" encoding="UTF-8"?>
  void declaration();
  // Starts an element; attributes may follow until content or close().
  void open(std::string_view name);
  void attribute(std::string_view name, std::string_view value);
  // Writes the namespace declaration xmlns="uri" or xmlns:prefix="uri" (nothing when uri is empty).
  void namespaceDeclaration(std::string_view prefix, std::string_view uri);
  // Escaped character content (ends the start tag, so an empty text gives <a></a>).
  void text(std::string_view value);
  // Ends the innermost element: "/>" when nothing was written inside it, "</name>" otherwise.
  void close(std::string_view name);
  // <name>text</name>
  void element(std::string_view name, std::string_view value);

 private:
  void endStartTag();

  std::string& out_;
  bool start_tag_open_ = false;
};

}  // namespace awsemu::protocol::xml
