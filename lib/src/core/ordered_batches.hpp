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
  window = std::max<std::size_t>(window, threads);

  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::optional<Result>> slots(window);  // batch b waits in slots[b % window]
  std::size_t next_to_claim = 0;
  std::size_t next_to_consume = 0;
  bool stop = false;
  std::exception_ptr failure;

  // Claims the next batch when one is left and the window has room; call with the lock held.
  const auto claim = [&]() -> std::optional<std::size_t> {
    if (stop || next_to_claim >= count || next_to_claim >= next_to_consume + window) return std::nullopt;
    return next_to_claim++;
  };
  const auto store = [&](std::size_t batch, Result&& result) {
    std::lock_guard<std::mutex> lock(mutex);
    slots[batch % window].emplace(std::move(result));
    changed.notify_all();
  };
  const auto helper = [&](unsigned worker) {
    try {
      if (!prepare(worker)) return;
      for (;;) {
        std::optional<std::size_t> batch;
        {
          std::unique_lock<std::mutex> lock(mutex);
          changed.wait(lock, [&] { return stop || next_to_claim >= count || (batch = claim()).has_value(); });
          if (!batch) return;
        }
        store(*batch, produce(worker, *batch));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
      changed.notify_all();
    }
  };

  std::vector<std::thread> helpers;
  // Stops and joins the helpers however this function is left (consume may throw).
  struct Joiner {
    std::vector<std::thread>& helpers;
    std::mutex& mutex;
    std::condition_variable& changed;
    bool& stop;
    ~Joiner() {
      {
        std::lock_guard<std::mutex> lock(mutex);  // notified under the lock: helgrind-clean
        stop = true;
        changed.notify_all();
      }
      for (std::thread& t : helpers) t.join();
    }
  } joiner{helpers, mutex, changed, stop};
  for (unsigned worker = 1; worker < threads; ++worker) helpers.emplace_back(helper, worker);

  for (std::size_t batch = 0; batch < count; ++batch) {
    std::optional<Result> ready;
    for (;;) {
      std::unique_lock<std::mutex> lock(mutex);
      if (failure) std::rethrow_exception(failure);
      if (slots[batch % window]) {
        ready = std::move(slots[batch % window]);
        slots[batch % window].reset();
        next_to_consume = batch + 1;
        changed.notify_all();
        break;
      }
      // While the next result is not ready, the calling thread produces a batch itself.
      if (const std::optional<std::size_t> mine = claim()) {
        lock.unlock();
        store(*mine, produce(0, *mine));
        continue;
      }
      changed.wait(lock);
    }
    consume(batch, std::move(*ready));
  }
}

}  // namespace evtxdiag::core
