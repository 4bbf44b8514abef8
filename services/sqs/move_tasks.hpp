#pragma once
// Message move tasks: moving the messages of a dead-letter queue back to their source queues (or
// to another queue), at most MaxNumberOfMessagesPerSecond, on the background executor.
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue-redrive.html
// Tasks live in memory: a task running when the server stops is gone after a restart, and the
// messages it had not moved yet stay in the dead-letter queue.
#include <boost/asio/any_io_executor.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "awsemu/core/json.hpp"
#include "services/sqs/sqs_engine.hpp"

namespace awsemu::sqs {

class MoveTasks {
 public:
  MoveTasks(SqsEngine& engine, boost::asio::any_io_executor executor);
  ~MoveTasks();

  // Validated arguments; returns the task handle. Throws when a task already runs for the source.
  std::string start(const std::string& source_arn, const std::string& destination_arn,
                    std::optional<int> rate, std::int64_t now_ms);
  // Returns the number of messages moved so far; throws ResourceNotFoundException.
  std::int64_t cancel(const std::string& handle);
  // The source's tasks, newest first (ListMessageMoveTasksResultEntry documents).
  Json list(const std::string& source_arn, std::size_t max_results);
  void cancelAll();

 private:
  struct Task {
    std::string handle, source_arn, destination_arn;
    std::optional<int> rate;
    std::string status = "RUNNING";  // RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED
    std::int64_t moved = 0, to_move = 0, started_ms = 0;
    std::string failure;
  };
  void step(std::shared_ptr<Task> task);
  static std::int64_t nowMillis();

  SqsEngine& engine_;
  boost::asio::any_io_executor executor_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::shared_ptr<Task>>> by_source_;  // oldest first
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace awsemu::sqs
