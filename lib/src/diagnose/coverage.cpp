// See coverage.hpp.
#include "diagnose/coverage.hpp"

#include <algorithm>
#include <set>

namespace evtxdiag::diag {
namespace {

std::string lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

// The channel a log file holds, guessed from its name when none of its events was kept
// ("System.evtx", "Microsoft-Windows-Backup%4Operational.evtx", "case.zip!/logs/System.evtx").
std::string channel_from_file_name(const std::string& path) {
  std::string name = path.substr(path.find_last_of("/\\") + 1);
  name = lower(name.substr(0, name.rfind('.')));
  const std::size_t escaped_slash = name.find("%4");
  if (escaped_slash != std::string::npos) name = name.substr(0, escaped_slash);
  return name;
}

}  // namespace

std::vector<MissingLog> missing_logs(const std::vector<Event>& events, const std::vector<InputSummary>& inputs,
                                     const std::vector<BackupJob>& jobs, bool zone_given, Language language) {
  std::set<std::string> channels;
  for (const Event& event : events) channels.insert(lower(event.channel));
  for (const InputSummary& input : inputs)
    if (input.readable) channels.insert(channel_from_file_name(input.path));
  const bool ja = language == Language::ja;
  std::vector<MissingLog> missing;
  if (!channels.count("system")) {
    std::string hides = ja ? "Disk、volsnap、Ntfs、起動とシャットダウンのイベントを確認できません"
                           : "Disk, volsnap, Ntfs, boot and shutdown evidence is missing";
    if (!zone_given)
      hides = (ja ? "タイム ゾーンを推定できず (EventLog 6013、Kernel-General)、"
                  : "the time zone cannot be inferred "
                    "(EventLog 6013, Kernel-General; give --tz), ") +
              hides;
    missing.push_back({"System", hides});
  }
  if (!channels.count("application"))
    missing.push_back({"Application", ja ? "VSS、SPP、Windows Server バックアップの 517/521/546、MARS エージェントの "
                                           "Application ログのイベントを確認できません"
                                         : "VSS, SPP, Windows Server Backup 517/521/546 and the MARS agent's "
                                           "Application events are missing"});
  const bool wsb = std::any_of(jobs.begin(), jobs.end(), [](const BackupJob& job) {
    return job.product == BackupProduct::windows_server_backup;
  });
  if (!channels.count("microsoft-windows-backup") && (wsb || jobs.empty()))
    missing.push_back(
        {"Microsoft-Windows-Backup",
         ja ? "成功したジョブとジョブの経過 (開始、進行、終了) が見えず、Application ログに記録された失敗だけが見えます"
            : "successful jobs and each job's progress (start, volumes, end) are not visible; only the "
              "failures logged to the Application log are"});
  return missing;
}

}  // namespace evtxdiag::diag
