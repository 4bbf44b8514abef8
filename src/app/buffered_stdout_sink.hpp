#pragma once
// The log sink: lines are appended to a memory buffer (no system call and no wake-up per line at
// 40,000 requests/s); the buffer goes to stdout when spdlog flushes (every second from its
// flusher thread, and at once for warnings and errors, or for every line at debug level). The
// write happens outside the buffer's lock, so a slow or blocked stdout (a full pipe nobody reads)
// never holds up a request thread: while a write is stuck, lines beyond kMaxBuffered are dropped
// and counted. The "Ready." line goes through the same buffer, so it never overtakes the lines
// logged before it.
#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <string>
#include <string_view>

namespace awsemu::app {

class BufferedStdoutSink : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  static constexpr std::size_t kMaxBuffered = 4u << 20;

  // Text as it is ("Ready.\n"), then a flush.
  void writeRaw(std::string_view text) {
    append(text);
    flush_();
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    append(std::string_view(formatted.data(), formatted.size()));
  }

  void flush_() override {
    std::lock_guard writing(write_mutex_);  // one writer at a time, in order
    std::string out;
    {
      std::lock_guard lock(buffer_mutex_);
      out.swap(buffer_);
      if (dropped_) {
        out += "(log: " + std::to_string(dropped_) + " lines dropped while stdout was blocked)\n";
        dropped_ = 0;
      }
    }
    std::size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return;  // stdout closed (EPIPE; SIGPIPE is ignored): the lines are lost
      done += static_cast<std::size_t>(n);
    }
  }

 private:
  void append(std::string_view text) {
    std::lock_guard lock(buffer_mutex_);
    if (buffer_.size() + text.size() > kMaxBuffered) {
      ++dropped_;
      return;
    }
    buffer_.append(text);
  }

  std::mutex buffer_mutex_, write_mutex_;
  std::string buffer_;
  std::size_t dropped_ = 0;
};

}  // namespace awsemu::app
