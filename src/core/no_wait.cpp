#include "awsemu/core/no_wait.hpp"

namespace awsemu {
namespace {
// Per thread, not shared: each I/O thread says only what it itself may do.
thread_local bool t_must_not_wait = false;
}  // namespace

NoWaitScope::NoWaitScope() noexcept : previous_(t_must_not_wait) { t_must_not_wait = true; }
NoWaitScope::~NoWaitScope() { t_must_not_wait = previous_; }

bool mustNotWait() noexcept { return t_must_not_wait; }

}  // namespace awsemu
