// IAM's state: entities written to the store read back identically (PERSISTENCE=1 restarts),
// and Marker/MaxItems pagination.
#include <gtest/gtest.h>

#include "awsemu/core/aws_error.hpp"
#include "services/iam/iam_output.hpp"
#include "services/iam/iam_state.hpp"

namespace awsemu::iam_service {
namespace {

TEST(IamState, EntitiesSurviveAReload) {
  auto db = storage::Database::openInMemory();
  IamState first;
  first.attachStore(std::make_unique<IamStore>(std::move(db)));
  Account& account = first.account("111122223333");
  User user;
  user.name = "Alice";
  user.arn = "arn:aws:iam::111122223333:user/Alice";
  user.tags = {{"team", "blue"}};
  user.keys.push_back({"AKIAEXAMPLE", "secret", "Inactive", 1.5});
  user.login = LoginProfile{2.0, true, "pw"};
  user.policies["inline"] = R"({"Version":"2012-10-17"})";
  account.users[IamState::keyOf(user.name)] = user;
  first.save(account, user);
  account.settings.aliases = {"my-alias"};
  first.saveSettings(account);

  // A second state over the same store (the service's start-up after a restart).
  IamState second;
  second.attachStore(first.releaseStore());
  second.load();
  const Account& loaded = second.account("111122223333");
  ASSERT_TRUE(loaded.users.contains("alice"));
  const User& back = loaded.users.at("alice");
  EXPECT_EQ(back.name, "Alice");
  EXPECT_EQ(back.tags.at(0).Value, "blue");
  EXPECT_EQ(back.keys.at(0).status, "Inactive");
  ASSERT_TRUE(back.login.has_value());
  EXPECT_TRUE(back.login->password_reset_required);
  EXPECT_EQ(back.policies.at("inline"), R"({"Version":"2012-10-17"})");
  EXPECT_EQ(loaded.settings.aliases, std::vector<std::string>{"my-alias"});
}

TEST(IamPaginate, MarkerContinuesWhereThePageEnded) {
  std::vector<Json> items = {"a", "b", "c", "d", "e"};
  Json first = paginate(items, {{"MaxItems", 2}}, "Things");
  EXPECT_EQ(first["Things"], Json({"a", "b"}));
  EXPECT_TRUE(first["IsTruncated"]);
  Json second = paginate(items, {{"MaxItems", 2}, {"Marker", first["Marker"]}}, "Things");
  EXPECT_EQ(second["Things"], Json({"c", "d"}));
  Json last = paginate(items, {{"MaxItems", 2}, {"Marker", second["Marker"]}}, "Things");
  EXPECT_EQ(last["Things"], Json({"e"}));
  EXPECT_FALSE(last["IsTruncated"]);
  EXPECT_FALSE(last.contains("Marker"));
  EXPECT_THROW(paginate(items, {{"Marker", "garbage"}}, "Things"), AwsError);
}

TEST(IamTags, MergeIsAllOrNothingAndKeysIgnoreCase) {
  Tags tags = {{"Env", "dev"}};
  mergeTags(tags, {{"env", "prod"}, {"team", "x"}});
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0].Value, "prod");
  Tags many;
  for (int i = 0; i < 51; ++i) many.push_back({"k" + std::to_string(i), "v"});
  EXPECT_THROW(mergeTags(tags, many), AwsError);
  EXPECT_EQ(tags.size(), 2u);  // unchanged
}

}  // namespace
}  // namespace awsemu::iam_service
