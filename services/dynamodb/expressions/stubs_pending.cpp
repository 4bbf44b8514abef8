// Temporary bodies so the published API links while the implementation lands (removed file by
// file).
#include "services/dynamodb/dynamodb_errors.hpp"
#include "services/dynamodb/expressions/evaluator.hpp"
#include "services/dynamodb/expressions/expression_parser.hpp"
#include "services/dynamodb/expressions/key_condition.hpp"
#include "services/dynamodb/expressions/request_expressions.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodb/values/number.hpp"

namespace awsemu::dynamodb {
namespace {
[[noreturn]] void pending() { throw errors::validation("not yet implemented"); }
}  // namespace

std::string pathToString(const DocumentPath&) { pending(); }
std::string pathToBracketList(const DocumentPath&) { pending(); }
bool UpdatePlan::touchesAttribute(std::string_view) const { pending(); }
std::vector<DocumentPath> UpdatePlan::updatedPaths() const { pending(); }

const std::string& ExpressionContext::name(std::string_view) { pending(); }
const Json& ExpressionContext::value(std::string_view) { pending(); }
void ExpressionContext::checkAllUsed() const { pending(); }
Condition parseCondition(std::string_view, ExpressionContext&, std::string_view) { pending(); }
UpdatePlan parseUpdate(std::string_view, ExpressionContext&) { pending(); }
ProjectionPaths parseProjection(std::string_view, ExpressionContext&) { pending(); }
KeyConditionSpec parseKeyCondition(std::string_view, ExpressionContext&) { pending(); }
bool isReservedWord(std::string_view) { pending(); }

const Json* resolvePath(const Json&, const DocumentPath&) { pending(); }
bool evaluate(const Condition&, const Json*) { pending(); }
void applyUpdate(const UpdatePlan&, Json&) { pending(); }
Json project(const Json&, const ProjectionPaths&) { pending(); }
Json project(const Json&, const std::vector<DocumentPath>&) { pending(); }

bool KeyCondition::sortMatches(const Json&) const { pending(); }
KeyCondition bindKeyCondition(const KeyConditionSpec&, const KeySchemaView&) { pending(); }
RequestExpressions parseRequestExpressions(const Json&) { pending(); }
}  // namespace awsemu::dynamodb
