// See locale_lookup.hpp.
#include "case/locale_lookup.hpp"

#include <filesystem>

#include "evtxdiag/error.hpp"

namespace evtxdiag::cases {
namespace {

std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

// The last path component of a file or archive-member name.
std::string file_part(const std::string& name) {
  const std::size_t slash = name.find_last_of("/\\");
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Parses an MTA from disk or from an archive member. A damaged MTA costs messages, not
// events: its problems are warnings.
LocaleChoice open_choice(const std::string& name, const CaseFile* member) {
  LocaleChoice choice;
  try {
    MtaCatalog catalog = member
                             ? MtaCatalog::parse(member->bytes, member->name, mta_lcid_from_file_name(file_part(name)))
                             : MtaCatalog::open_file(name);
    for (Diagnostic d : catalog.diagnostics()) {
      d.kind = DiagnosticKind::locale_metadata;
      choice.diagnostics.push_back(std::move(d));
    }
    if (catalog.ok())
      choice.catalog = std::move(catalog);
    else
      choice.unreadable = true;
  } catch (const Error& e) {
    Diagnostic d;
    d.severity = Severity::error;
    d.kind = DiagnosticKind::locale_metadata;
    d.file = name;
    d.message = std::string(e.what()) + "; messages from the knowledge base are shown instead";
    choice.diagnostics.push_back(std::move(d));
    choice.unreadable = true;
  }
  return choice;
}

}  // namespace

bool mta_belongs_to(const std::string& mta_path, const std::string& evtx_path, std::size_t log_count) {
  if (log_count == 1) return true;
  const std::string name = file_part(mta_path);
  std::string stem = ascii_lower(file_part(evtx_path));
  stem = stem.substr(0, stem.rfind('.'));
  return mta_lcid_from_file_name(name) != 0 && ascii_lower(name).rfind(stem + "_", 0) == 0 &&
         name.find('_', stem.size() + 1) == std::string::npos;
}

LocaleLookup::LocaleLookup(bool enabled, std::string explicit_file, std::string language,
                           std::vector<CaseFile> locale_files, std::size_t log_count)
    : enabled_(enabled),
      explicit_file_(std::move(explicit_file)),
      language_(std::move(language)),
      locale_files_(std::move(locale_files)),
      log_count_(log_count) {
  for (const CaseFile& file : locale_files_) locale_names_.push_back(file.name);
  if (enabled_ && !explicit_file_.empty()) explicit_choice_ = open_choice(explicit_file_, nullptr);
}

LocaleChoice LocaleLookup::find(const std::string& name, bool on_disk) const {
  if (!enabled_) return {};
  if (!explicit_file_.empty()) {
    if (!mta_belongs_to(explicit_file_, name, log_count_)) return {};
    LocaleChoice choice;
    choice.catalog = explicit_choice_.catalog;
    choice.unreadable = explicit_choice_.unreadable;
    return choice;
  }
  const auto chosen = choose_mta_file(on_disk ? find_mta_files(name) : find_mta_among(name, locale_names_), language_);
  if (!chosen) return {};
  const CaseFile* member = nullptr;
  if (!on_disk)
    for (const CaseFile& file : locale_files_)
      if (file.name == chosen->path) member = &file;
  return open_choice(chosen->path, member);
}

}  // namespace evtxdiag::cases
