#pragma once
// Parallel work whose results must be used in order: batches 0..count-1 are produced
// on up to `threads` threads, the calling thread being one of them, and each result is handed
// to `consume` on the calling thread in batch order. At most `window` produced results wait
// for consumption, so memory stays bounded however many batches there are.
//
// Worker 0 is the calling thread; workers 1..threads-1 are helper threads that first run
// `prepare(worker)` (e.g. to open their own libevtx handle) and take part only when it returns
// true. An exception thrown by `produce` or `prepare` in a helper stops the run and is rethrown
// on the calling thread; one thrown by `consume` stops the helpers and propagates.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace evtxdiag::core {

/// `requested` threads, with 0 meaning "automatic": the number of cores, at most `cap`.
inline unsigned resolve_thread_count(unsigned requested, unsigned cap = 4) {
  if (requested != 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return std::max(1u, std::min(cores == 0 ? 1u : cores, cap));
}

namespace detail {

// The shared state of one threaded run: the window of produced results waiting to be consumed,
// and which batch is claimed next. Every member is guarded by `mutex_`.
template <typename Result>
class OrderedBatchRun {
 public:
  OrderedBatchRun(std::size_t count, std::size_t window, const std::function<bool(unsigned worker)>& prepare,
                  const std::function<Result(unsigned worker, std::size_t batch)>& produce)
      : count_(count), window_(window), prepare_(prepare), produce_(produce), slots_(window) {}

  // A helper thread: prepares, then produces claimed batches until none is left or the run
  // stops; its exception stops the run and waits for the calling thread to rethrow it.
  void help(unsigned worker) {
    try {
      if (!prepare_(worker)) return;
      for (;;) {
        std::optional<std::size_t> batch;
        {
          std::unique_lock<std::mutex> lock(mutex_);
          changed_.wait(lock, [&] { return stop_ || next_to_claim_ >= count_ || (batch = claim()).has_value(); });
          if (!batch) return;
        }
        store(*batch, produce_(worker, *batch));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
      stop_ = true;
      changed_.notify_all();
    }
  }

  // The result of `batch` (the next to consume), for the calling thread: while it is not
  // ready, the calling thread produces a batch itself.
  Result next_result(std::size_t batch) {
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex_);
      if (failure_) std::rethrow_exception(failure_);
      if (std::optional<Result>& slot = slots_[batch % window_]) {
        Result ready = std::move(*slot);
        slot.reset();
        next_to_consume_ = batch + 1;
        changed_.notify_all();
        return ready;
      }
      if (const std::optional<std::size_t> mine = claim()) {
        lock.unlock();
        store(*mine, produce_(0, *mine));
        continue;
      }
      changed_.wait(lock);
    }
  }

  // Tells the helpers to finish the batch in hand and return.
  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);  // notified under the lock: helgrind-clean
    stop_ = true;
    changed_.notify_all();
  }

 private:
  // Claims the next batch when one is left and the window has room; call with the lock held.
  std::optional<std::size_t> claim() {
    if (stop_ || next_to_claim_ >= count_ || next_to_claim_ >= next_to_consume_ + window_) return std::nullopt;
    return next_to_claim_++;
  }

  void store(std::size_t batch, Result&& result) {
    std::lock_guard<std::mutex> lock(mutex_);
    slots_[batch % window_].emplace(std::move(result));
    changed_.notify_all();
  }

  const std::size_t count_;
  const std::size_t window_;
  const std::function<bool(unsigned worker)>& prepare_;
  const std::function<Result(unsigned worker, std::size_t batch)>& produce_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::optional<Result>> slots_;  // batch b waits in slots_[b % window_]
  std::size_t next_to_claim_ = 0;
  std::size_t next_to_consume_ = 0;
  bool stop_ = false;
  std::exception_ptr failure_;
};

}  // namespace detail

template <typename Result>
void run_ordered_batches(std::size_t count, unsigned threads, std::size_t window,
                         const std::function<bool(unsigned worker)>& prepare,
                         const std::function<Result(unsigned worker, std::size_t batch)>& produce,
                         const std::function<void(std::size_t batch, Result&& result)>& consume) {
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, count)));
  if (threads == 1) {  // no threads at all
    for (std::size_t batch = 0; batch < count; ++batch) consume(batch, produce(0, batch));
    return;
  }
  detail::OrderedBatchRun<Result> run(count, std::max<std::size_t>(window, threads), prepare, produce);
  std::vector<std::thread> helpers;
  // Stops and joins the helpers however this function is left (consume may throw).
  struct Joiner {
    detail::OrderedBatchRun<Result>& run;
    std::vector<std::thread>& helpers;
    ~Joiner() {
      run.stop();
      for (std::thread& t : helpers) t.join();
    }
  } joiner{run, helpers};
  for (unsigned worker = 1; worker < threads; ++worker) helpers.emplace_back([&run, worker] { run.help(worker); });
  for (std::size_t batch = 0; batch < count; ++batch) consume(batch, run.next_result(batch));
}

}  // namespace evtxdiag::core
