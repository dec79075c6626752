#pragma once
// Terminal niceties for the CLI: colour and a progress bar, both only when a person watches.
//
//   auto color = cli::ColorMode::auto_detect;            // from --color never|auto|always
//   sub.add_option("--color", color_text, ...)->check(CLI::IsMember(cli::color_mode_names()));
//   const bool use_color = cli::color_enabled(cli::parse_color_mode(color_text), stdout);
//   std::cout << cli::paint("failed", cli::Style::red, use_color);
//
//   cli::ProgressBar bar("reading", total_bytes);        // draws on stderr only if it is a terminal
//   bar.update(done_bytes);                              // cheap; redraws at most ~10 times/s
//   bar.finish();                                        // clears the line (also done by the destructor)
//
// Rules (README "Colour and progress"): colour never goes into pipes or files unless
// --color always; NO_COLOR (any non-empty value) turns `auto` off; TERM=dumb counts as no
// terminal. The progress bar appears only when stderr is a terminal, and only once the work has
// run for about a second, so quick commands and CI logs never see it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace evtxdiag::cli {

/// --color values.
enum class ColorMode { never, auto_detect, always };

/// "never", "auto", "always" (for CLI11 IsMember checks and help text).
const std::vector<std::string>& color_mode_names();
/// Parses a --color value; nullopt for anything else.
std::optional<ColorMode> parse_color_mode(std::string_view text);

/// True when `stream` (stdout or stderr) is an interactive terminal that understands ANSI escapes
/// (platform/console.hpp), and TERM != dumb.
bool is_terminal(std::FILE* stream);

/// Whether to colour output written to `stream`: always -> true, never -> false,
/// auto -> a terminal and NO_COLOR unset or empty.
bool color_enabled(ColorMode mode, std::FILE* stream);

/// ANSI SGR styles used by the CLI.
enum class Style { bold, dim, red, green, yellow, blue, magenta, cyan };

/// `text` wrapped in the style's ANSI escape and a reset when `enabled`; `text` unchanged otherwise.
std::string paint(std::string_view text, Style style, bool enabled);

/// A one-line progress bar on stderr ("reading  [#####.....]  52%  System.evtx").
/// Draws nothing unless stderr is a terminal (or `force_draw` for tests), and nothing during the
/// first `delay` of work. Not thread-safe: call from one thread.
class ProgressBar {
 public:
  /// `total` is in any unit (bytes, files, events); 0 = unknown (a spinner-style counter is shown).
  ProgressBar(std::string label, std::uint64_t total, std::chrono::milliseconds delay = std::chrono::milliseconds(1000),
              bool force_draw = false, std::FILE* stream = stderr);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Sets the amount done so far and an optional note (e.g. the current file name).
  void update(std::uint64_t done, std::string_view note = {});
  /// Adds `delta` to the amount done.
  void advance(std::uint64_t delta = 1, std::string_view note = {});
  /// Erases the bar (if it was drawn); later updates do nothing.
  void finish();
  /// True when this bar may draw at all (terminal or forced).
  bool active() const noexcept { return active_; }

 private:
  void draw(std::string_view note);

  std::string label_;
  std::uint64_t total_ = 0;
  std::uint64_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  std::chrono::milliseconds delay_;
  std::FILE* stream_ = nullptr;
  bool active_ = false;
  bool drawn_ = false;
  bool finished_ = false;
};

/// For one long call that reports no progress (a whole diagnosis): shows "label  12 s" on a
/// terminal's stderr from a background thread, after the same ~1 s delay, until destroyed.
class BusyIndicator {
 public:
  explicit BusyIndicator(std::string label, std::FILE* stream = stderr);
  ~BusyIndicator();
  BusyIndicator(const BusyIndicator&) = delete;
  BusyIndicator& operator=(const BusyIndicator&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace evtxdiag::cli
