#!/usr/bin/env bash
# End-to-end: evtxdiag explain with every code form, events, languages, JSON, overlays, exit codes.
set -u
fail=0
check() {  # check NAME EXPECTED_RC EXPECTED_SUBSTRING -- ARGS...
  local name=$1 want_rc=$2 want=$3; shift 4
  local out rc
  out=$("$EVTXDIAG" "$@" 2>&1); rc=$?
  if [[ $rc -ne $want_rc ]] || [[ "$out" != *"$want"* ]]; then
    echo "FAIL $name: rc=$rc (want $want_rc), missing '$want' in:"; echo "$out" | head -20; fail=1
  fi
}
for form in 0x807800A1 807800a1 2155348129 -2139619167; do
  check "form $form" 0 "0x807800A1  (unsigned 2155348129, signed -2139619167)" -- explain -- "$form"
done
check "win32 bare" 0 "Symbol: ERROR_USER_MAPPED_FILE" -- explain 1224
check "win32 hresult" 0 "MFT" -- explain 0x800704C8
check "ntstatus" 0 "STATUS_NO_SUCH_DEVICE" -- explain C000000E
check "param ref" 0 "exclusive lock on the EFI system partition" -- explain %%2155348254
check "ja code" 0 "VSS_E_WRITERERROR_TIMEOUT" -- explain 0x800423f2 --lang ja
check "ja remedy" 0 "ディスク I/O の負荷が低い時間帯" -- explain 0x800423f2 --lang ja
check "event" 0 "The shadow copies of volume %2 were aborted during detection" -- explain volsnap/27
check "event case-insensitive" 0 "Roles: snapshot_lost" -- explain VOLSNAP/27
check "event ja" 0 "重要な制御ファイルが開かなかった" -- explain Volsnap/27 --lang ja
check "event case" 0 "volsnap27-after-successful-backup" -- explain volsnap/27
check "521" 0 "Insertions: %1=BackupTime %2=ErrorCode" -- explain Microsoft-Windows-Backup/521
check "stage" 0 "Stage: snapshot (creating the shadow copy)" -- explain 0x807800A1
check "stage ja" 0 "段階: スナップショット (シャドウ コピーの作成)" -- explain 0x807800A1 --lang ja
check "unknown code" 1 "facility 120 (Windows Server Backup" -- explain 0x8078FFFF
check "unknown code message" 1 "is not in the knowledge base" -- explain 0x8078FFFF
check "ntstatus unknown" 1 "NTSTATUS, severity error" -- explain 0xC0001234
check "unknown event" 1 "no knowledge of event 4242" -- explain volsnap/4242
check "garbage" 2 "is neither a code" -- explain banana
check "bad lang" 2 "" -- explain 1224 --lang fr

json=$("$EVTXDIAG" explain --format json -- -2139619167) || { echo "FAIL json rc"; fail=1; }
"$EVTXDIAG_PYTHON" - "$json" <<'PY' || fail=1
import json, sys
d = json.loads(sys.argv[1])
assert d["hex"] == "0x807800A1" and d["unsigned"] == 2155348129 and d["signed"] == -2139619167, d
assert d["form"] == "signed-decimal" and d["known"] is True
assert d["stage"] == "snapshot", d["stage"]
assert d["structure"]["facility"] == 120 and d["structure"]["severity"] == "failure"
assert [c["id"] for c in d["cases"]] == ["hyperv-spp-timeout"], d["cases"]
PY
json=$("$EVTXDIAG" explain disk/7 --format json --lang ja) || { echo "FAIL json event rc"; fail=1; }
"$EVTXDIAG_PYTHON" - "$json" <<'PY' || fail=1
import json, sys
d = json.loads(sys.argv[1])
assert d["provider"] == "disk" and d["id"] == 7 and "storage_error" in d["roles"], d
assert d["insertions"] == {} or isinstance(d["insertions"], dict)
assert any(c["id"] == "hyperv-spp-timeout" for c in d["cases"])
PY

# --knowledge: an overlay adds a code and overrides a built-in one; an invalid overlay names file:line.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/good/codes" "$tmp/bad/events"
cat > "$tmp/good/codes/site.yaml" <<'YAML'
schema: codes
codes:
  - code: 0x8078FFFF
    symbol: SITE_SPECIFIC
    message: {en: "Our backup appliance rejected the job.", ja: "バックアップ装置がジョブを拒否しました。"}
    remedies: [{en: "Call the storage team."}]
    source: site runbook
    certainty: likely
    example: {input: "0x8078FFFF"}
  - code: 0x80070005
    message: {en: "Access is denied (site note: check the backup service account)."}
    source: site runbook
    certainty: likely
    example: {input: "5"}
YAML
check "overlay adds" 0 "Our backup appliance rejected the job." -- explain 0x8078FFFF --knowledge "$tmp/good"
check "overlay ja" 0 "バックアップ装置がジョブを拒否しました。" -- explain 0x8078FFFF --knowledge "$tmp/good" --lang ja
check "overlay overrides" 0 "site note" -- explain 5 --knowledge "$tmp/good"
check "builtin untouched" 0 "Meaning: Access is denied." -- explain 5
printf 'schema: events\nprovider:\n  name: X\n  channel: System\n  source: s\n  colour: red\nevents: []\n' > "$tmp/bad/events/x.yaml"
check "overlay invalid" 2 "x.yaml:6:3: document.provider: unknown key 'colour'" -- explain 5 --knowledge "$tmp/bad"
check "overlay missing dir" 2 "knowledge directory not found" -- explain 5 --knowledge "$tmp/nope"

[[ $fail -eq 0 ]] && echo "explain CLI: all checks passed"
exit $fail
