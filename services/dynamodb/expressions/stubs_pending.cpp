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

Number Number::parse(std::string_view) { pending(); }
std::optional<Number> Number::tryParse(std::string_view, std::string*) { pending(); }
Number Number::fromInt(std::int64_t) { pending(); }
std::string Number::toString() const { pending(); }
Number Number::add(const Number&) const { pending(); }
Number Number::subtract(const Number&) const { pending(); }
Number Number::negated() const { pending(); }
std::optional<std::int64_t> Number::toInt64() const { pending(); }
std::strong_ordering Number::operator<=>(const Number&) const { pending(); }
void Number::appendOrderedBytes(std::string&) const { pending(); }
std::size_t Number::storageSize() const { pending(); }
std::string canonicalNumber(std::string_view) { pending(); }

ValueType typeOf(const Json&) { pending(); }
std::string_view typeName(ValueType) { pending(); }
ValueType typeFromName(std::string_view) { pending(); }
bool isSet(ValueType) { pending(); }
bool isScalarKeyType(ValueType) { pending(); }
std::string normalizeValue(Json&) { pending(); }
void normalizeItem(Json&) { pending(); }
void normalizeExpressionValues(Json&) { pending(); }
void validateKeyValue(const Json&, std::string_view, bool) { pending(); }
bool valuesEqual(const Json&, const Json&) { pending(); }
std::optional<std::strong_ordering> compareScalars(const Json&, const Json&) { pending(); }
void appendKeyBytes(std::string&, const Json&) { pending(); }
std::string keyBytes(const Json&) { pending(); }
std::size_t valueSize(const Json&) { pending(); }
std::size_t itemSize(const Json&) { pending(); }
void checkItemSize(const Json&) { pending(); }

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
