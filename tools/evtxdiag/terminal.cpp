// Colour and progress bar decisions for the CLI (see terminal.hpp).
#include "terminal.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "platform/console.hpp"

namespace evtxdiag::cli {

const std::vector<std::string>& color_mode_names() {
  static const std::vector<std::string> names{"never", "auto", "always"};
  return names;
}

std::optional<ColorMode> parse_color_mode(std::string_view text) {
  if (text == "never") return ColorMode::never;
  if (text == "auto") return ColorMode::auto_detect;
  if (text == "always") return ColorMode::always;
  return std::nullopt;
}

bool is_terminal(std::FILE* stream) {
#ifdef __EMSCRIPTEN__
  // The WebAssembly build (web/): emscripten's isatty says yes for the standard streams wherever
  // they go (a pipe, a file, the page), so no colours, progress lines or busy thread (it has no
  // threads) there: its output is what the native command writes into a pipe.
  (void)stream;
  return false;
#endif
  if (!platform::is_terminal(stream)) return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

bool color_enabled(ColorMode mode, std::FILE* stream) {
  switch (mode) {
    case ColorMode::always: return true;
    case ColorMode::never: return false;
    case ColorMode::auto_detect: break;
  }
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org: any non-empty value
  if (no_color != nullptr && *no_color != '\0') return false;
  return is_terminal(stream);
}

std::string paint(std::string_view text, Style style, bool enabled) {
  if (!enabled) return std::string(text);
  const char* code = "0";
  switch (style) {
    case Style::bold: code = "1"; break;
    case Style::dim: code = "2"; break;
    case Style::red: code = "31"; break;
    case Style::green: code = "32"; break;
    case Style::yellow: code = "33"; break;
    case Style::blue: code = "34"; break;
    case Style::magenta: code = "35"; break;
    case Style::cyan: code = "36"; break;
  }
  std::string out = "\x1b[";
  out += code;
  out += 'm';
  out += text;
  out += "\x1b[0m";
  return out;
}

ProgressBar::ProgressBar(std::string label, std::uint64_t total, std::chrono::milliseconds delay, bool force_draw,
                         std::FILE* stream)
    : label_(std::move(label)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      delay_(delay),
      stream_(stream),
      active_(force_draw || is_terminal(stream)) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(std::uint64_t done, std::string_view note) {
  done_ = done;
  if (!active_ || finished_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < delay_) return;  // quick work never shows a bar
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  draw(note);
}

void ProgressBar::advance(std::uint64_t delta, std::string_view note) { update(done_ + delta, note); }

void ProgressBar::draw(std::string_view note) {
  constexpr int kWidth = 30;
  std::string line = "\r" + label_ + "  ";
  if (total_ > 0) {
    const std::uint64_t done = std::min(done_, total_);
    const int filled = static_cast<int>(done * kWidth / total_);
    line += '[';
    line.append(static_cast<std::size_t>(filled), '#');
    line.append(static_cast<std::size_t>(kWidth - filled), '.');
    line += "] ";
    line += std::to_string(done * 100 / total_) + "%";
  } else {
    line += std::to_string(done_);
  }
  if (!note.empty()) {
    line += "  ";
    line += note.substr(0, 40);
  }
  line += "\x1b[K";  // erase the rest of a longer previous line
  std::fputs(line.c_str(), stream_);
  std::fflush(stream_);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (drawn_) {
    std::fputs("\r\x1b[K", stream_);
    std::fflush(stream_);
  }
}

BusyIndicator::BusyIndicator(std::string label, std::FILE* stream) {
  if (!is_terminal(stream)) return;  // no thread at all in pipes and CI
  thread_ = std::thread([this, label = std::move(label), stream] {
    ProgressBar bar(label, 0, std::chrono::milliseconds(1000), true, stream);
    const auto start = std::chrono::steady_clock::now();
    while (!stop_.load()) {
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
      bar.update(static_cast<std::uint64_t>(seconds.count()), "s");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

BusyIndicator::~BusyIndicator() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

}  // namespace evtxdiag::cli
