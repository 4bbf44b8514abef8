// SqsService: StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks.
#include "services/sqs/move_tasks.hpp"
#include "services/sqs/request_fields.hpp"
#include "services/sqs/sqs_errors.hpp"
#include "services/sqs/sqs_service.hpp"

namespace awsemu::sqs {
namespace {}  // namespace

void SqsService::registerMoveTaskHandlers() {
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html
  onCommitted("StartMessageMoveTask", [this](RequestContext& ctx, const Json& in) {
    std::string source = requiredString(in, "SourceArn");
    std::string destination = in.value("DestinationArn", "");
    std::optional<int> rate;
    if (auto it = in.find("MaxNumberOfMessagesPerSecond");
        it != in.end() && it->is_number_integer()) {
      rate = it->get<int>();
      if (*rate < 1 || *rate > 500)
        throw errors::invalidParameterValue("MaxNumberOfMessagesPerSecond", std::to_string(*rate),
                                            "Must be between 1 and 500.");
    }
    auto source_key = engine_->findByArn(source);
    if (!source_key)
      throw errors::resourceNotFound(
          "The resource that you specified for the SourceArn parameter doesn't exist.");
    if (engine_->deadLetterSources(*source_key).empty())
      throw errors::invalidParameterValue(
          "Source queue must be configured as a Dead Letter Queue.");
    if (!destination.empty() && !engine_->findByArn(destination))
      throw errors::resourceNotFound(
          "The resource that you specified for the DestinationArn parameter doesn't exist.");
    return Json{{"TaskHandle", move_tasks_->start(source, destination, rate, epochMillis(ctx))}};
  });
  onCommitted("CancelMessageMoveTask", [this](RequestContext&, const Json& in) {
    return Json{{"ApproximateNumberOfMessagesMoved",
                 move_tasks_->cancel(requiredString(in, "TaskHandle"))}};
  });
  onCommitted("ListMessageMoveTasks", [this](RequestContext&, const Json& in) {
    std::string source = requiredString(in, "SourceArn");
    int max = in.value("MaxResults", 1);
    if (max < 1 || max > 10)
      throw errors::invalidParameterValue("MaxResults", std::to_string(max),
                                          "Must be between 1 and 10.");
    if (!engine_->findByArn(source))
      throw errors::resourceNotFound(
          "The resource that you specified for the SourceArn parameter doesn't exist.");
    return Json{{"Results", move_tasks_->list(source, static_cast<std::size_t>(max))}};
  });
}

}  // namespace awsemu::sqs
