// The SQS state machine with explicit time: visibility, delays, FIFO groups, deduplication,
// dead letters, moves, and state surviving a reopen of the store.
#include "services/sqs/sqs_engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "services/sqs/queue_attributes.hpp"

namespace awsemu::sqs {
namespace {

constexpr std::int64_t T0 = 1'700'000'000'000;

QueueStore memoryStore() { return QueueStore(storage::Database::openInMemory()); }

Json attributes(bool fifo, Json extra = Json::object()) {
  Json a = defaultQueueAttributes(fifo);
  a.update(extra);
  return a;
}

SendRequest body(std::string text, std::string group = "", std::string dedup = "") {
  SendRequest r;
  r.body = std::move(text);
  r.group_id = std::move(group);
  r.deduplication_id = std::move(dedup);
  r.sender_id = "000000000000";
  return r;
}

std::vector<std::string> bodies(const ReceiveOutcome& outcome) {
  std::vector<std::string> out;
  for (const auto& m : outcome.messages) out.push_back(m.message.body);
  return out;
}

ReceiveRequest take(std::size_t n, std::optional<int> visibility = std::nullopt) {
  ReceiveRequest r;
  r.max_messages = n;
  r.visibility_timeout = visibility;
  return r;
}

const QueueKey kStandard{"000000000000", "us-east-1", "work"};
const QueueKey kFifo{"000000000000", "us-east-1", "work.fifo"};
const QueueKey kDead{"000000000000", "us-east-1", "dead"};

TEST(SqsEngine, ReceivedMessagesAreInvisibleUntilTheirTimeoutEnds) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kStandard, attributes(false), {}, {}, T0);
  engine.send(kStandard, {body("a"), body("b")}, T0);
  auto first = engine.receive(kStandard, take(1, 10), T0);
  EXPECT_EQ(bodies(first), std::vector<std::string>{"a"});
  EXPECT_EQ(bodies(engine.receive(kStandard, take(10, 10), T0 + 1)), std::vector<std::string>{"b"});
  EXPECT_TRUE(engine.receive(kStandard, take(10), T0 + 9'999).messages.empty());
  auto again = engine.receive(kStandard, take(10), T0 + 10'000);
  ASSERT_EQ(bodies(again), std::vector<std::string>{"a"});
  EXPECT_EQ(again.messages[0].message.receive_count, 2);
  EXPECT_EQ(again.messages[0].message.first_receive_ms, T0);
  EXPECT_NE(again.messages[0].receipt_handle, first.messages[0].receipt_handle);
}

TEST(SqsEngine, CountsAndDelays) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kStandard, attributes(false, {{"DelaySeconds", "5"}}), {}, {}, T0);
  auto late = body("late");
  engine.send(kStandard, {late}, T0);
  auto now = body("now");
  now.delay_seconds = 0;
  engine.send(kStandard, {now}, T0);
  auto a = engine.attributes(kStandard, T0);
  EXPECT_EQ(a["ApproximateNumberOfMessages"], "1");
  EXPECT_EQ(a["ApproximateNumberOfMessagesDelayed"], "1");
  auto outcome = engine.receive(kStandard, take(10), T0);
  EXPECT_EQ(bodies(outcome), std::vector<std::string>{"now"});
  EXPECT_EQ(outcome.next_visible_ms, T0 + 5'000);  // when a waiter should look again
  a = engine.attributes(kStandard, T0 + 1);
  EXPECT_EQ(a["ApproximateNumberOfMessagesNotVisible"], "1");
  EXPECT_EQ(bodies(engine.receive(kStandard, take(10), T0 + 5'000)),
            std::vector<std::string>{"late"});
}

TEST(SqsEngine, DeleteAndVisibilityChangesUseReceiptHandles) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kStandard, attributes(false), {}, {}, T0);
  engine.send(kStandard, {body("a")}, T0);
  auto handle = engine.receive(kStandard, take(1), T0).messages.at(0).receipt_handle;
  auto results = engine.changeVisibility(kStandard, {{handle, 0}, {"garbage", 1}}, T0 + 1);
  EXPECT_FALSE(results[0]);
  ASSERT_TRUE(results[1]);
  EXPECT_EQ(results[1]->code, "ReceiptHandleIsInvalid");
  // Visible again: the current handle may still change the visibility (AWS answers 200); a newer
  // receive makes it stale.
  EXPECT_FALSE(engine.changeVisibility(kStandard, {{handle, 0}}, T0 + 2)[0]);
  auto newer = engine.receive(kStandard, take(1), T0 + 3).messages.at(0).receipt_handle;
  EXPECT_EQ(engine.changeVisibility(kStandard, {{handle, 5}}, T0 + 4)[0]->code,
            "InvalidParameterValue");
  // On a standard queue the stale handle still deletes; deleting twice succeeds.
  EXPECT_FALSE(engine.deleteMessages(kStandard, {handle}, T0 + 5)[0]);
  EXPECT_FALSE(engine.deleteMessages(kStandard, {newer}, T0 + 6)[0]);
  EXPECT_EQ(engine.attributes(kStandard, T0 + 7)["ApproximateNumberOfMessagesNotVisible"], "0");
}

TEST(SqsEngine, FifoGroupsAreOrderedAndLockedWhileInFlight) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kFifo, attributes(true), {}, {}, T0);
  engine.send(kFifo, {body("a1", "A", "1"), body("b1", "B", "2"), body("a2", "A", "3")}, T0);
  auto first = engine.receive(kFifo, take(1, 30), T0);
  EXPECT_EQ(bodies(first), std::vector<std::string>{"a1"});
  // Group A is locked while a1 is in flight: only B's message comes.
  EXPECT_EQ(bodies(engine.receive(kFifo, take(10, 30), T0 + 1)), std::vector<std::string>{"b1"});
  EXPECT_TRUE(engine.receive(kFifo, take(10, 30), T0 + 2).messages.empty());
  EXPECT_FALSE(engine.deleteMessages(kFifo, {first.messages[0].receipt_handle}, T0 + 3)[0]);
  EXPECT_EQ(bodies(engine.receive(kFifo, take(10, 30), T0 + 4)), std::vector<std::string>{"a2"});
}

TEST(SqsEngine, FifoDeduplicatesWithinFiveMinutesAndNumbersInOrder) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kFifo, attributes(true), {}, {}, T0);
  auto first = std::get<SendResult>(engine.send(kFifo, {body("x", "g", "d")}, T0)[0]);
  auto repeat = std::get<SendResult>(engine.send(kFifo, {body("y", "g", "d")}, T0 + 299'999)[0]);
  EXPECT_EQ(repeat.message_id, first.message_id);
  EXPECT_EQ(repeat.sequence_number, first.sequence_number);
  auto later = std::get<SendResult>(engine.send(kFifo, {body("z", "g", "d")}, T0 + 300'000)[0]);
  EXPECT_NE(later.message_id, first.message_id);
  EXPECT_EQ(first.sequence_number.size(), 20u);
  EXPECT_LT(first.sequence_number, later.sequence_number);
  EXPECT_EQ(bodies(engine.receive(kFifo, take(10), T0 + 300'001)),
            (std::vector<std::string>{"x", "z"}));
}

TEST(SqsEngine, ReceiveAttemptIdRepeatsTheSameMessages) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kFifo, attributes(true), {}, {}, T0);
  engine.send(kFifo, {body("a", "g", "1"), body("b", "g", "2")}, T0);
  auto request = take(10, 30);
  request.attempt_id = "attempt-1";
  auto first = engine.receive(kFifo, request, T0);
  auto retry = engine.receive(kFifo, request, T0 + 10);
  ASSERT_EQ(bodies(retry), bodies(first));
  EXPECT_EQ(retry.messages[1].receipt_handle, first.messages[1].receipt_handle);
}

TEST(SqsEngine, MessagesMoveToTheDeadLetterQueueAfterMaxReceiveCount) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kDead, attributes(false), {}, {}, T0);
  std::string policy =
      R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dead","maxReceiveCount":2})";
  engine.createQueue(kStandard, attributes(false, {{"RedrivePolicy", policy}}), {}, {}, T0);
  auto sent = std::get<SendResult>(engine.send(kStandard, {body("poison")}, T0)[0]);
  EXPECT_EQ(engine.receive(kStandard, take(1, 0), T0).messages.size(), 1u);
  EXPECT_EQ(engine.receive(kStandard, take(1, 0), T0 + 1).messages.size(), 1u);
  EXPECT_TRUE(engine.receive(kStandard, take(1, 0), T0 + 2).messages.empty());
  auto dead = engine.receive(kDead, take(1), T0 + 3);
  ASSERT_EQ(dead.messages.size(), 1u);
  EXPECT_EQ(dead.messages[0].message.id, sent.message_id);
  EXPECT_EQ(dead.messages[0].message.dead_letter_source_arn,
            "arn:aws:sqs:us-east-1:000000000000:work");
  EXPECT_EQ(engine.deadLetterSources(kDead).size(), 1u);

  // A move task's step: back to the source queue.
  engine.changeVisibility(kDead, {{dead.messages[0].receipt_handle, 0}}, T0 + 4);
  auto progress = engine.moveMessages("arn:aws:sqs:us-east-1:000000000000:dead", "", 10, T0 + 5);
  EXPECT_EQ(progress.moved, 1u);
  EXPECT_EQ(progress.remaining, 0u);
  EXPECT_EQ(bodies(engine.receive(kStandard, take(1), T0 + 6)), std::vector<std::string>{"poison"});
}

TEST(SqsEngine, QueueLifecycleErrors) {
  SqsEngine engine(memoryStore());
  EXPECT_TRUE(engine.createQueue(kStandard, attributes(false), {}, {}, T0));
  EXPECT_FALSE(
      engine.createQueue(kStandard, attributes(false), {{"VisibilityTimeout", "30"}}, {}, T0));
  try {
    engine.createQueue(kStandard, attributes(false), {{"VisibilityTimeout", "31"}}, {}, T0);
    FAIL();
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "QueueNameExists");
  }
  engine.purge(kStandard, T0);
  EXPECT_THROW(engine.purge(kStandard, T0 + 59'999), AwsError);
  engine.purge(kStandard, T0 + 60'000);
  engine.deleteQueue(kStandard, T0);
  EXPECT_THROW(engine.describe(kStandard), AwsError);
  EXPECT_THROW(engine.createQueue(kStandard, attributes(false), {}, {}, T0 + 59'000), AwsError);
  EXPECT_TRUE(engine.createQueue(kStandard, attributes(false), {}, {}, T0 + 60'000));
}

TEST(SqsEngine, EverythingSurvivesReopeningTheStore) {
  auto path = std::filesystem::temp_directory_path() /
              ("sqs_engine_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  std::string receipt;
  {
    SqsEngine engine(QueueStore(storage::Database::open(path)));
    engine.createQueue(kStandard, attributes(false), {}, {{"team", "a"}}, T0);
    engine.createQueue(kFifo, attributes(true), {}, {}, T0);
    SendRequest rich = body("with attributes");
    rich.message_attributes = {
        {"bin", {{"DataType", "Binary"}, {"BinaryValue", Json::binary({0, 1, 2})}}}};
    engine.send(kStandard, {rich, body("plain")}, T0);
    engine.send(kFifo, {body("f", "g", "dedup")}, T0);
    receipt = engine.receive(kStandard, take(1, 10), T0).messages.at(0).receipt_handle;
  }
  SqsEngine engine(QueueStore(storage::Database::open(path)));
  engine.load(T0 + 1);
  EXPECT_EQ(engine.tags(kStandard)["team"], "a");
  EXPECT_EQ(engine.attributes(kStandard, T0 + 1)["ApproximateNumberOfMessagesNotVisible"], "1");
  auto visible = engine.receive(kStandard, take(10, 10), T0 + 2);
  EXPECT_EQ(bodies(visible), std::vector<std::string>{"plain"});
  auto back = engine.receive(kStandard, take(10), T0 + 10'000);
  ASSERT_EQ(bodies(back), std::vector<std::string>{"with attributes"});
  EXPECT_EQ(back.messages[0].message.receive_count, 2);
  EXPECT_EQ(back.messages[0].message.message_attributes["bin"]["BinaryValue"],
            Json::binary({0, 1, 2}));
  // The deduplication window outlives the restart.
  auto repeat = std::get<SendResult>(engine.send(kFifo, {body("f", "g", "dedup")}, T0 + 5)[0]);
  EXPECT_EQ(engine.attributes(kFifo, T0 + 6)["ApproximateNumberOfMessages"], "1");
  EXPECT_FALSE(repeat.message_id.empty());
  engine.close();
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

// TagQueue's limit holds for the tags after the change, checked under the engine's lock: of eight
// concurrent calls adding ten new tags each to a queue that allows fifty, exactly five succeed.
TEST(SqsEngine, TagChecksTheMergedTagsUnderTheLock) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kStandard, attributes(false), {}, {}, T0);
  auto atMostFifty = [](const Json& merged) {
    if (merged.size() > 50) throw AwsError("InvalidParameterValue", "too many", 400);
  };
  std::atomic<int> succeeded{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t)
    callers.emplace_back([&, t] {
      Json tags = Json::object();
      for (int i = 0; i < 10; ++i) tags["k" + std::to_string(t) + "-" + std::to_string(i)] = "v";
      try {
        engine.tag(kStandard, tags, [&](const Json& merged) {
          std::this_thread::yield();  // widen any gap between the check and the write
          atMostFifty(merged);
        });
        ++succeeded;
      } catch (const AwsError&) {
      }
    });
  for (auto& c : callers) c.join();
  EXPECT_EQ(succeeded, 5);
  EXPECT_EQ(engine.tags(kStandard).size(), 50u);
}

TEST(SqsEngine, ARefusedTagChangeLeavesTheTags) {
  SqsEngine engine(memoryStore());
  engine.createQueue(kStandard, attributes(false), {}, {{"team", "a"}}, T0);
  Json seen;
  EXPECT_THROW(engine.tag(kStandard, {{"env", "prod"}},
                          [&](const Json& merged) {
                            seen = merged;
                            throw AwsError("InvalidParameterValue", "no", 400);
                          }),
               AwsError);
  EXPECT_EQ(seen, (Json{{"team", "a"}, {"env", "prod"}}));
  EXPECT_EQ(engine.tags(kStandard), (Json{{"team", "a"}}));
}

// Write-behind: a change is in the database once the ticket read after the call has committed,
// which is what an answer waits for (SqsService::committed()).
TEST(SqsEngine, ChangesAreInTheDatabaseOnceTheirTicketCommitted) {
  auto path = std::filesystem::temp_directory_path() /
              ("sqs_engine_ticket_test_" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  SqsEngine engine(QueueStore(storage::Database::open(path)));
  engine.createQueue(kStandard, attributes(false), {}, {}, T0);
  engine.send(kStandard, {body("durable")}, T0);
  auto ticket = engine.store().submitted();
  EXPECT_GE(ticket, 2u);  // the queue, then the message
  std::promise<std::exception_ptr> done;
  engine.store().whenCommitted(ticket, [&](std::exception_ptr e) { done.set_value(e); });
  EXPECT_FALSE(done.get_future().get());
  auto reader = storage::Database::open(path);
  EXPECT_EQ(reader.statement("SELECT body FROM messages").scalar<std::string>(), "durable");
  reader.close();
  engine.close();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
}

// Without PERSISTENCE nothing is written and nothing waits.
TEST(SqsEngine, ADetachedStoreHasNothingToCommit) {
  SqsEngine engine(QueueStore::detached());
  engine.createQueue(kStandard, attributes(false), {}, {}, T0);
  engine.send(kStandard, {body("a")}, T0);
  EXPECT_EQ(engine.store().submitted(), 0u);
  EXPECT_TRUE(engine.store().isCommitted(engine.store().submitted()));
}

}  // namespace
}  // namespace awsemu::sqs
