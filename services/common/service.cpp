#include "awsemu/service/service.hpp"

#include <cstdlib>
#include <filesystem>

namespace awsemu::service {

std::string modelPath(const std::string& service, const char* file) {
  // Installed layout: <prefix>/share/awsemu/services/<name>/model.json; the source tree otherwise.
  if (const char* dir = std::getenv("AWSEMU_MODELS_DIR"); dir && *dir)
    return std::string(dir) + "/" + service + "/" + file;
  return std::string(AWSEMU_SOURCE_DIR) + "/services/" + service + "/" + file;
}

const protocol::ServiceModel& Service::model() const {
  std::call_once(model_once_, [this] {
    model_ = protocol::ServiceModel::load(modelPath(name(), "model.json"),
                                          modelPath(name(), "model.patch.json"));
    model_loaded_ = true;
  });
  return *model_;
}

bool Service::modelLoaded() const { return model_loaded_; }

void Service::on(const std::string& operation, SyncHandler fn, bool blocking) {
  handlers_[operation] = Handler{std::move(fn), {}, blocking, {}};
}

void Service::onInlineFirst(const std::string& operation, SyncHandler fn) {
  handlers_[operation] = Handler{std::move(fn), {}, true, {}, true};
}

void Service::onAsync(const std::string& operation, AsyncHandler fn) {
  handlers_[operation] = Handler{{}, std::move(fn), false, {}};
}

void Service::beforeBody(const std::string& operation, BeforeBody check) {
  handlers_.at(operation).before_body = std::move(check);
}

}  // namespace awsemu::service
