#pragma once
// A small length-prefixed binary form for the knowledge structures that the build precompiles
// from YAML (knowledge base, rules, zone names) and the library reads back at start-up.
//
// One description per struct serves both directions: a struct gets
//   template <typename Archive, typename T> void fields(Archive& a, T& t) { a(t.x, t.y, ...); }
// (found by argument-dependent lookup or declared before use), and BinaryWriter / BinaryReader
// walk it. Scalars are little-endian fixed width, strings and containers carry a 32-bit count.
// The reader checks every length against the remaining bytes and throws Error(internal) on a
// truncated or malformed blob (it is produced by the build, so that is a build bug).
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "evtxdiag/error.hpp"

namespace evtxdiag::core {

class BinaryWriter {
 public:
  template <typename... Ts>
  void operator()(const Ts&... values) {
    (put(values), ...);
  }
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  template <typename T>
  void put(const T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(value ? '\1' : '\0');
    } else if constexpr (std::is_enum_v<T>) {
      put(static_cast<std::int64_t>(value));
    } else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>) {
      char raw[sizeof(T)];
      std::memcpy(raw, &value, sizeof(T));  // the build host and the target are the same machine
      out_.append(raw, sizeof(T));
    } else {
      fields(*this, const_cast<T&>(value));  // fields() only reads through a writer
    }
  }
  void put(const std::string& text) {
    count(text.size());
    out_.append(text);
  }
  template <typename T>
  void put(const std::optional<T>& value) {
    put(value.has_value());
    if (value) put(*value);
  }
  template <typename A, typename B>
  void put(const std::pair<A, B>& pair) {
    put(pair.first);
    put(pair.second);
  }
  template <typename T>
  void put(const std::vector<T>& items) {
    count(items.size());
    for (const T& item : items) put(item);
  }
  template <typename T>
  void put(const std::set<T>& items) {
    count(items.size());
    for (const T& item : items) put(item);
  }
  template <typename K, typename V>
  void put(const std::map<K, V>& items) {
    count(items.size());
    for (const auto& item : items) put(item);
  }
  void count(std::size_t n) {
    if (n > 0xFFFFFFFFu) throw Error(ErrorKind::internal, "binary archive: container too large");
    put(static_cast<std::uint32_t>(n));
  }

  std::string out_;
};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view bytes) : in_(bytes) {}

  template <typename... Ts>
  void operator()(Ts&... values) {
    (get(values), ...);
  }
  bool at_end() const { return in_.empty(); }

 private:
  template <typename T>
  void get(T& value) {
    if constexpr (std::is_same_v<T, bool>) {
      value = take(1)[0] != '\0';
    } else if constexpr (std::is_enum_v<T>) {
      std::int64_t raw = 0;
      get(raw);
      value = static_cast<T>(raw);
    } else if constexpr (std::is_integral_v<T> || std::is_floating_point_v<T>) {
      std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
    } else {
      fields(*this, value);
    }
  }
  void get(std::string& text) {
    const std::string_view bytes = take(count());
    text.assign(bytes.data(), bytes.size());
  }
  template <typename T>
  void get(std::optional<T>& value) {
    bool present = false;
    get(present);
    if (!present) {
      value.reset();
      return;
    }
    value.emplace();
    get(*value);
  }
  template <typename A, typename B>
  void get(std::pair<A, B>& pair) {
    get(pair.first);
    get(pair.second);
  }
  template <typename T>
  void get(std::vector<T>& items) {
    const std::uint32_t n = count();
    items.clear();
    items.reserve(std::min<std::size_t>(n, in_.size()));  // every item takes at least one byte
    for (std::uint32_t i = 0; i < n; ++i) get(items.emplace_back());
  }
  template <typename T>
  void get(std::set<T>& items) {
    items.clear();
    for (std::uint32_t i = 0, n = count(); i < n; ++i) {
      T item{};
      get(item);
      items.insert(items.end(), std::move(item));
    }
  }
  template <typename K, typename V>
  void get(std::map<K, V>& items) {
    items.clear();
    for (std::uint32_t i = 0, n = count(); i < n; ++i) {
      std::pair<K, V> item{};
      get(item);
      items.insert(items.end(), std::move(item));
    }
  }
  std::uint32_t count() {
    std::uint32_t n = 0;
    get(n);
    return n;
  }
  std::string_view take(std::size_t n) {
    if (n > in_.size()) throw Error(ErrorKind::internal, "binary archive: truncated data");
    const std::string_view bytes = in_.substr(0, n);
    in_.remove_prefix(n);
    return bytes;
  }

  std::string_view in_;
};

}  // namespace evtxdiag::core
