#include "mta_option.hpp"

#include <ostream>

#include "evtxdiag/error.hpp"

namespace evtxdiag::cli {

void add_mta_option(CLI::App& sub, MtaOption& option, bool with_lang) {
  sub.add_option("--mta", option.file,
                 "LocaleMetaData .MTA file to take messages from (default: <log>_<LCID>.MTA found in "
                 "LocaleMetaData/ beside the log, or beside the log itself)")
      ->type_name("FILE");
  if (with_lang) {
    sub.add_option("--lang", option.language,
                   "Preferred language of the MTA messages when several exist: en (1033) or ja (1041); "
                   "the other is the fallback")
        ->check(CLI::IsMember({"en", "ja"}))
        ->capture_default_str();
  }
  sub.add_flag("--no-mta", option.disabled, "Do not read LocaleMetaData .MTA files");
}

void apply_mta_option(const MtaOption& option, DiagnoseOptions& options) {
  options.mta = !option.disabled;
  options.mta_file = option.file;
  options.mta_lang = option.language;
}

}  // namespace evtxdiag::cli
