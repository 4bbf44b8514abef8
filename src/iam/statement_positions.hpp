#pragma once
// Where each statement of a policy document starts and ends in its text (line/column), for
// SimulatePrincipalPolicy's StartPosition/EndPosition. A small scanner rather than the JSON
// library, which keeps no positions.
#include <string_view>
#include <utility>
#include <vector>

#include "awsemu/iam/policy_document.hpp"

namespace awsemu::iam {

// One (start, end) pair per statement object of the top-level "Statement" member, in order;
// empty when the text is not the expected shape (positions then stay 0).
std::vector<std::pair<TextPosition, TextPosition>> locateStatements(std::string_view text);

}  // namespace awsemu::iam
