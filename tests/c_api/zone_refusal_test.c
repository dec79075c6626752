/* A malformed time zone given to the C API is refused: every call that takes a zone fails with
 * EVTXDIAG_E_INVALID_INPUT, gives no output, and its last error quotes the value; it neither
 * crashes nor falls back to "auto" or UTC. The same calls with a good zone succeed on the same
 * logs, so the refusal is the zone's doing.
 * usage: c_api_zone_refusal_test LOG_DIR   (a readable case, e.g. synthesised seed-004) */
#include <evtxdiag_c.h>

#include <stdio.h>
#include <string.h>

static int failures = 0;

static void fail(const char* call, const char* zone, const char* what) {
  char message[1024] = "";
  evtxdiag_last_error(message, sizeof message, NULL);
  fprintf(stderr, "FAIL: %s with zone \"%s\": %s (last error: %s)\n", call, zone, what, message);
  ++failures;
}

/* Calls `call` on the logs with `zone`: returns its status; frees what it returned. */
static int call_with_zone(const char* call, const char* const* paths, const char* zone, int* gave_output) {
  int status;
  *gave_output = 0;
  if (strcmp(call, "diagnose") == 0) {
    evtxdiag_diagnosis* diagnosis = NULL;
    status = evtxdiag_diagnose(paths, 1, zone, NULL, &diagnosis);
    *gave_output = diagnosis != NULL;
    evtxdiag_diagnosis_free(diagnosis);
  } else {
    char* text = NULL;
    if (strcmp(call, "info") == 0)
      status = evtxdiag_info(paths, 1, zone, 0, &text, NULL);
    else if (strcmp(call, "dump") == 0)
      status = evtxdiag_dump(paths, 1, zone, NULL, NULL, 0, 0, &text, NULL);
    else
      status = evtxdiag_timeline(paths, 1, zone, NULL, NULL, 0, 0, &text, NULL);
    *gave_output = text != NULL;
    evtxdiag_string_free(text);
  }
  return status;
}

int main(int argc, char** argv) {
  static const char* const calls[] = {"diagnose", "info", "dump", "timeline"};
  /* An unknown name, an offset out of range, and nothing at all. */
  static const char* const bad_zones[] = {"Mars/Olympus", "UTC+99", ""};
  const char* paths[1];
  size_t c, z;
  if (argc != 2) {
    fprintf(stderr, "usage: %s LOG_DIR\n", argv[0]);
    return 2;
  }
  paths[0] = argv[1];
  for (c = 0; c < sizeof calls / sizeof calls[0]; ++c) {
    int gave_output = 0;
    if (call_with_zone(calls[c], paths, "UTC", &gave_output) != EVTXDIAG_OK || !gave_output)
      fail(calls[c], "UTC", "a good zone did not work: the logs are not readable");
    for (z = 0; z < sizeof bad_zones / sizeof bad_zones[0]; ++z) {
      char quoted[64];
      char message[1024] = "";
      const int status = call_with_zone(calls[c], paths, bad_zones[z], &gave_output);
      if (status != EVTXDIAG_E_INVALID_INPUT) {
        char what[96];
        snprintf(what, sizeof what, "returned %s, not invalid-input", evtxdiag_status_name(status));
        fail(calls[c], bad_zones[z], what);
      }
      if (gave_output) fail(calls[c], bad_zones[z], "returned output for a refused zone");
      evtxdiag_last_error(message, sizeof message, NULL);
      snprintf(quoted, sizeof quoted, "zone '%s'", bad_zones[z]);
      if (strstr(message, quoted) == NULL) fail(calls[c], bad_zones[z], "the error does not quote the zone");
    }
  }
  if (failures == 0) printf("C API: malformed zones refused by %zu calls\n", sizeof calls / sizeof calls[0]);
  return failures == 0 ? 0 : 1;
}
