#include "awsemu/events/event_bus.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <stdexcept>

#include "awsemu/core/arn.hpp"
#include "awsemu/core/aws_error.hpp"

namespace awsemu::events {
namespace asio = boost::asio;

EventBus::EventBus(asio::any_io_executor executor, RetryPolicy retry)
    : state_(std::make_shared<State>(std::move(executor), retry)) {}

EventBus::~EventBus() { close(); }

void EventBus::close() {
  std::unique_lock running(state_->delivering);  // waits for deliveries in progress
  state_->closed = true;
  std::lock_guard lock(state_->mutex);
  state_->targets.clear();
}

void EventBus::addTarget(const std::string& service, DeliveryTarget& target) {
  std::lock_guard lock(state_->mutex);
  state_->targets[service] = &target;
}

void EventBus::removeTarget(const std::string& service) {
  std::lock_guard lock(state_->mutex);
  state_->targets.erase(service);
}

void EventBus::setCheck(DeliveryCheck check) {
  std::lock_guard lock(state_->mutex);
  state_->check = std::move(check);
}

void EventBus::deliverTo(State& state, DeliveryTarget& target, const Delivery& delivery) {
  DeliveryCheck check;
  {
    std::lock_guard lock(state.mutex);
    check = state.check;
  }
  if (check) check(delivery, target);
  target.deliver(delivery);
}

DeliveryTarget* EventBus::targetFor(State& state, const std::string& arn) {
  auto parsed = Arn::parse(arn);
  if (!parsed) return nullptr;
  std::lock_guard lock(state.mutex);
  auto it = state.targets.find(parsed->service);
  return it == state.targets.end() ? nullptr : it->second;
}

void EventBus::deliverNow(const Delivery& delivery) {
  DeliveryTarget* target = targetFor(*state_, delivery.target_arn);
  if (!target) throw std::invalid_argument("no delivery target for " + delivery.target_arn);
  deliverTo(*state_, *target, delivery);
}

void EventBus::publish(Delivery delivery, std::function<void(bool)> done) {
  ++state_->in_flight;
  auto shared = std::make_shared<Delivery>(std::move(delivery));
  asio::post(state_->executor, [state = state_, shared, done = std::move(done)]() mutable {
    attempt(state, std::move(shared), 1, std::move(done));
  });
}

// One attempt; on failure the next is scheduled after the back-off delay. The state is shared so
// that a timer firing during shutdown finds the bus closed instead of a destroyed object.
void EventBus::attempt(const std::shared_ptr<State>& state, std::shared_ptr<Delivery> delivery,
                       int number, std::function<void(bool)> done) {
  auto finish = [state, done](bool delivered) {
    --state->in_flight;
    if (done) done(delivered);
  };
  std::string failure;
  try {
    std::shared_lock running(state->delivering);
    if (state->closed) return finish(false);
    DeliveryTarget* target = targetFor(*state, delivery->target_arn);
    if (!target) throw std::invalid_argument("no service delivers to this ARN");
    deliverTo(*state, *target, *delivery);
    spdlog::debug("event: delivered {} from {} to {}", delivery->description, delivery->source_arn,
                  delivery->target_arn);
    return finish(true);
  } catch (const AwsError& e) {
    failure = e.code + ": " + e.message;
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (number >= state->retry.attempts) {
    spdlog::error("event: giving up delivering {} from {} to {} after {} attempts: {}",
                  delivery->description, delivery->source_arn, delivery->target_arn, number,
                  failure);
    return finish(false);
  }
  auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
      state->retry.first_delay * std::pow(state->retry.backoff, number - 1));
  spdlog::warn("event: delivering {} from {} to {} failed ({}); retry {} in {} ms",
               delivery->description, delivery->source_arn, delivery->target_arn, failure,
               number + 1, delay.count());
  auto timer = std::make_shared<asio::steady_timer>(state->executor, delay);
  timer->async_wait([state, timer, delivery, number, done](const boost::system::error_code&) {
    attempt(state, delivery, number + 1, done);  // a closed bus ends it as failed
  });
}

}  // namespace awsemu::events
