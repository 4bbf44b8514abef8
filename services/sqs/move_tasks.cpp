#include "services/sqs/move_tasks.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>

#include "awsemu/core/encoding.hpp"
#include "awsemu/core/ids.hpp"
#include "services/sqs/sqs_errors.hpp"

namespace awsemu::sqs {
namespace asio = boost::asio;
namespace {
// Without a rate, AWS moves "as fast as possible"; batches keep the engine lock short.
constexpr std::size_t kUnlimitedBatch = 500;
}  // namespace

MoveTasks::MoveTasks(SqsEngine& engine, asio::any_io_executor executor)
    : engine_(engine), executor_(std::move(executor)) {}

MoveTasks::~MoveTasks() { *alive_ = false; }

std::int64_t MoveTasks::nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string MoveTasks::start(const std::string& source_arn, const std::string& destination_arn,
                             std::optional<int> rate, std::int64_t now_ms) {
  auto task = std::make_shared<Task>();
  {
    std::lock_guard lock(mutex_);
    auto& tasks = by_source_[source_arn];
    for (const auto& existing : tasks)
      if (existing->status == "RUNNING" || existing->status == "CANCELLING")
        throw errors::invalidParameterValue(
            "There is already a task running. Only one active task is allowed for a source queue "
            "arn at a given time.");
    task->handle =
        encoding::base64Encode(Json{{"taskId", ids::uuid4()}, {"sourceArn", source_arn}}.dump());
    task->source_arn = source_arn;
    task->destination_arn = destination_arn;
    task->rate = rate;
    task->started_ms = now_ms;
    task->to_move = static_cast<std::int64_t>(engine_.messageCount(source_arn));
    tasks.push_back(task);
  }
  asio::post(executor_, [this, task, alive = alive_] {
    if (*alive) step(task);
  });
  return task->handle;
}

// One batch, then the next one a second later (rate-limited) or at once.
void MoveTasks::step(std::shared_ptr<Task> task) {
  std::size_t limit;
  {
    std::lock_guard lock(mutex_);
    if (task->status == "CANCELLING") {
      task->status = "CANCELLED";
      return;
    }
    limit = task->rate ? static_cast<std::size_t>(*task->rate) : kUnlimitedBatch;
  }
  auto progress = engine_.moveMessages(task->source_arn, task->destination_arn, limit, nowMillis());
  std::lock_guard lock(mutex_);
  task->moved += static_cast<std::int64_t>(progress.moved);
  if (!progress.failure.empty()) {
    task->status = "FAILED";
    task->failure = progress.failure;
    return;
  }
  if (progress.remaining == 0 && progress.moved < limit) {
    task->status = task->status == "CANCELLING" ? "CANCELLED" : "COMPLETED";
    return;
  }
  auto timer = std::make_shared<asio::steady_timer>(
      executor_, task->rate ? std::chrono::milliseconds(1000) : std::chrono::milliseconds(0));
  timer->async_wait([this, task, timer, alive = alive_](const boost::system::error_code&) {
    if (*alive) step(task);
  });
}

std::int64_t MoveTasks::cancel(const std::string& handle) {
  // A handle is base64 of {"taskId", "sourceArn"}; anything else is not a handle at all.
  auto decoded = encoding::base64Decode(handle);
  Json parsed = decoded ? Json::parse(*decoded, nullptr, false) : Json();
  if (!parsed.is_object() || !parsed.contains("taskId") || !parsed.contains("sourceArn"))
    throw errors::invalidParameterValue("Value for parameter TaskHandle is invalid.");
  std::lock_guard lock(mutex_);
  for (auto& [source, tasks] : by_source_)
    for (auto& task : tasks)
      if (task->handle == handle && task->status == "RUNNING") {
        task->status = "CANCELLING";
        return task->moved;
      }
  throw errors::resourceNotFound("Task does not exist.");
}

Json MoveTasks::list(const std::string& source_arn, std::size_t max_results) {
  std::lock_guard lock(mutex_);
  Json results = Json::array();
  auto it = by_source_.find(source_arn);
  if (it == by_source_.end()) return results;
  for (auto task = it->second.rbegin(); task != it->second.rend() && results.size() < max_results;
       ++task) {
    const Task& t = **task;
    Json entry = {{"Status", t.status},
                  {"SourceArn", t.source_arn},
                  {"ApproximateNumberOfMessagesMoved", t.moved},
                  {"ApproximateNumberOfMessagesToMove", t.to_move},
                  {"StartedTimestamp", t.started_ms}};
    if (t.status == "RUNNING") entry["TaskHandle"] = t.handle;
    if (!t.destination_arn.empty()) entry["DestinationArn"] = t.destination_arn;
    if (t.rate) entry["MaxNumberOfMessagesPerSecond"] = *t.rate;
    if (!t.failure.empty()) entry["FailureReason"] = t.failure;
    results.push_back(std::move(entry));
  }
  return results;
}

void MoveTasks::cancelAll() {
  std::lock_guard lock(mutex_);
  for (auto& [source, tasks] : by_source_)
    for (auto& task : tasks)
      if (task->status == "RUNNING") task->status = "CANCELLING";
}

}  // namespace awsemu::sqs
