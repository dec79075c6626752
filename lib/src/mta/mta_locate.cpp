// Finding the MTA files of a log and choosing one by language.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "evtxdiag/mta.hpp"

namespace evtxdiag {
namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t kLcidEnglish = 1033;
constexpr std::uint32_t kLcidJapanese = 1041;
/// LCIDs are 16-bit values; more digits than this cannot be one.
constexpr std::size_t kMaxLcidDigits = 5;
constexpr std::string_view kLocaleFolder = "LocaleMetaData";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

/// Splits "<stem>_<LCID>.MTA" into stem and LCID; false for other names.
bool split_mta_name(std::string_view file_name, std::string_view& stem, std::uint32_t& lcid) {
  constexpr std::string_view kExtension = ".mta";
  if (file_name.size() <= kExtension.size() ||
      !iequals(file_name.substr(file_name.size() - kExtension.size()), kExtension)) {
    return false;
  }
  const std::string_view base = file_name.substr(0, file_name.size() - kExtension.size());
  const std::size_t underscore = base.rfind('_');
  if (underscore == std::string_view::npos) return false;
  const std::string_view digits = base.substr(underscore + 1);
  if (digits.empty() || digits.size() > kMaxLcidDigits ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  lcid = 0;
  for (char c : digits) lcid = lcid * 10 + static_cast<std::uint32_t>(c - '0');
  stem = base.substr(0, underscore);
  return true;
}

/// Adds the MTA files of `stem` found directly in `dir` (unreadable folders add nothing).
void scan_folder(const fs::path& dir, std::string_view stem, std::vector<MtaLocation>& found) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  std::vector<MtaLocation> here;
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().u8string();
    std::string_view file_stem;
    std::uint32_t lcid = 0;
    std::error_code type_ec;
    if (!split_mta_name(name, file_stem, lcid) || !iequals(file_stem, stem) || !it->is_regular_file(type_ec)) continue;
    here.push_back({it->path().generic_u8string(), lcid});
  }
  // Directory order is arbitrary: sort so that the choice is deterministic.
  std::sort(here.begin(), here.end(), [](const MtaLocation& a, const MtaLocation& b) { return a.path < b.path; });
  found.insert(found.end(), here.begin(), here.end());
}

}  // namespace

std::vector<MtaLocation> find_mta_files(const std::string& evtx_path) {
  const fs::path log = fs::u8path(evtx_path);
  const std::string stem = log.stem().u8string();
  fs::path dir = log.parent_path();
  if (dir.empty()) dir = ".";
  std::vector<MtaLocation> found;
  // LocaleMetaData first, so that it wins over a same-LCID file beside the log.
  std::error_code ec;
  std::vector<fs::path> locale_folders;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::error_code type_ec;
    if (iequals(it->path().filename().u8string(), kLocaleFolder) && it->is_directory(type_ec)) {
      locale_folders.push_back(it->path());
    }
  }
  std::sort(locale_folders.begin(), locale_folders.end());
  for (const auto& folder : locale_folders) scan_folder(folder, stem, found);
  scan_folder(dir, stem, found);
  std::vector<MtaLocation> unique;
  for (const auto& candidate : found) {
    const bool seen =
        std::any_of(unique.begin(), unique.end(), [&](const MtaLocation& u) { return u.lcid == candidate.lcid; });
    if (!seen) unique.push_back(candidate);
  }
  std::stable_sort(unique.begin(), unique.end(),
                   [](const MtaLocation& a, const MtaLocation& b) { return a.lcid < b.lcid; });
  return unique;
}

std::vector<MtaLocation> find_mta_among(const std::string& evtx_name, const std::vector<std::string>& names) {
  const auto split = [](std::string_view path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string_view::npos ? std::make_pair(std::string_view(), path)
                                           : std::make_pair(path.substr(0, slash + 1), path.substr(slash + 1));
  };
  const auto [folder, log_file] = split(evtx_name);
  const std::string_view stem = log_file.substr(0, log_file.rfind('.'));
  std::vector<MtaLocation> in_locale_folder, beside;
  for (const std::string& name : names) {
    const auto [mta_folder, mta_file] = split(name);
    std::string_view file_stem;
    std::uint32_t lcid = 0;
    if (!split_mta_name(mta_file, file_stem, lcid) || !iequals(file_stem, stem)) continue;
    if (mta_folder == folder) {
      beside.push_back({name, lcid});
    } else if (mta_folder.size() == folder.size() + kLocaleFolder.size() + 1 &&
               mta_folder.compare(0, folder.size(), folder) == 0 &&
               iequals(mta_folder.substr(folder.size(), kLocaleFolder.size()), kLocaleFolder)) {
      in_locale_folder.push_back({name, lcid});
    }
  }
  const auto by_path = [](const MtaLocation& a, const MtaLocation& b) { return a.path < b.path; };
  std::sort(in_locale_folder.begin(), in_locale_folder.end(), by_path);
  std::sort(beside.begin(), beside.end(), by_path);
  std::vector<MtaLocation> unique;
  for (const auto* list : {&in_locale_folder, &beside})
    for (const auto& candidate : *list)
      if (std::none_of(unique.begin(), unique.end(), [&](const MtaLocation& u) { return u.lcid == candidate.lcid; }))
        unique.push_back(candidate);
  std::stable_sort(unique.begin(), unique.end(),
                   [](const MtaLocation& a, const MtaLocation& b) { return a.lcid < b.lcid; });
  return unique;
}

std::uint32_t lcid_for_language(std::string_view language) {
  if (!language.empty() && language.size() <= kMaxLcidDigits &&
      std::all_of(language.begin(), language.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    std::uint32_t lcid = 0;
    for (char c : language) lcid = lcid * 10 + static_cast<std::uint32_t>(c - '0');
    return lcid;
  }
  for (std::string_view ja : {"ja", "ja-JP", "ja_JP", "jpn", "japanese"}) {
    if (iequals(language, ja)) return kLcidJapanese;
  }
  for (std::string_view en : {"en", "en-US", "en_US", "eng", "english"}) {
    if (iequals(language, en)) return kLcidEnglish;
  }
  return 0;
}

std::vector<std::uint32_t> mta_language_preference(std::string_view language) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t lcid : {lcid_for_language(language), kLcidEnglish, kLcidJapanese}) {
    if (lcid != 0 && std::find(order.begin(), order.end(), lcid) == order.end()) order.push_back(lcid);
  }
  return order;
}

std::optional<MtaLocation> choose_mta_file(const std::vector<MtaLocation>& found, std::string_view language) {
  for (std::uint32_t lcid : mta_language_preference(language)) {
    for (const auto& candidate : found) {
      if (candidate.lcid == lcid) return candidate;
    }
  }
  if (found.empty()) return std::nullopt;
  return *std::min_element(found.begin(), found.end(),
                           [](const MtaLocation& a, const MtaLocation& b) { return a.lcid < b.lcid; });
}

std::uint32_t mta_lcid_from_file_name(std::string_view file_name) {
  std::string_view stem;
  std::uint32_t lcid = 0;
  return split_mta_name(file_name, stem, lcid) ? lcid : 0;
}

}  // namespace evtxdiag
