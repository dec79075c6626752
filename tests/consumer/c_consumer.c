/* A C program using the installed C API (evtxdiag_c.h): reads a .evtx from a file and from a
 * buffer, walks events and their fields, diagnoses a folder and prints the diagnosis JSON,
 * explains a code, and checks the error paths. Built by tests/scripts/test_c_api.sh as C99
 * with -Wall -Wextra -Werror -pedantic.
 * usage: c_consumer FILE.evtx LOG_DIR   (prints the diagnosis JSON last, after a line "JSON:") */
#include <evtxdiag_c.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

static void expect(int condition, const char* what) {
  if (!condition) {
    char message[1024] = "";
    evtxdiag_last_error(message, sizeof message, NULL);
    fprintf(stderr, "FAIL: %s (last error: %s)\n", what, message);
    ++failures;
  }
}

/* A string from a size-query + fill call pair; the caller frees it. */
static char* event_string(const evtxdiag_event* event, evtxdiag_event_field field) {
  size_t required = 0;
  char* text;
  if (evtxdiag_event_string(event, field, NULL, 0, &required) != EVTXDIAG_OK) return NULL;
  text = malloc(required);
  if (text && evtxdiag_event_string(event, field, text, required, NULL) != EVTXDIAG_OK) {
    free(text);
    return NULL;
  }
  return text;
}

static size_t walk(evtxdiag_reader* reader, int print_first) {
  const evtxdiag_event* event = NULL;
  size_t count = 0;
  int status;
  while ((status = evtxdiag_reader_next(reader, &event)) == EVTXDIAG_OK) {
    if (count == 0 && print_first) {
      char* provider = event_string(event, EVTXDIAG_FIELD_PROVIDER);
      char* time = event_string(event, EVTXDIAG_FIELD_TIME_CREATED);
      char name[64], value[256];
      expect(provider && time, "text fields");
      printf("first: %s %s %u #%llu ticks=%llu\n", time ? time : "?", provider ? provider : "?",
             (unsigned)evtxdiag_event_id(event), (unsigned long long)evtxdiag_event_record_id(event),
             (unsigned long long)evtxdiag_event_time_created(event));
      if (evtxdiag_event_data_count(event) > 0 &&
          evtxdiag_event_data_name(event, 0, name, sizeof name, NULL) == EVTXDIAG_OK &&
          evtxdiag_event_data_value(event, 0, value, sizeof value, NULL) == EVTXDIAG_OK)
        printf("first data: %s=%s (%lu values)\n", name, value, (unsigned long)evtxdiag_event_data_count(event));
      expect(evtxdiag_event_data_name(event, 9999, name, sizeof name, NULL) == EVTXDIAG_E_INVALID_ARGUMENT,
             "data index out of range");
      free(provider);
      free(time);
    }
    ++count;
  }
  expect(status == EVTXDIAG_END, "iteration ends with EVTXDIAG_END");
  return count;
}

static unsigned char* slurp(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  unsigned char* bytes = NULL;
  long length;
  if (!file) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) > 0 && fseek(file, 0, SEEK_SET) == 0) {
    bytes = malloc((size_t)length);
    if (bytes && fread(bytes, 1, (size_t)length, file) != (size_t)length) {
      free(bytes);
      bytes = NULL;
    }
    *size = (size_t)length;
  }
  fclose(file);
  return bytes;
}

int main(int argc, char** argv) {
  evtxdiag_reader* reader = NULL;
  const evtxdiag_event* event = NULL;
  evtxdiag_diagnosis* diagnosis = NULL;
  const char* paths[1];
  char small[4];
  char text[4096];
  size_t required = 0, file_count, size = 0;
  unsigned char* bytes;
  char* json;
  if (argc != 3) {
    fprintf(stderr, "usage: c_consumer FILE.evtx LOG_DIR\n");
    return 2;
  }
  printf("evtxdiag %s\n", evtxdiag_version());

  /* Errors: status codes and messages, no crash, no exception. */
  expect(evtxdiag_reader_open_file("/nonexistent/x.evtx", 0, &reader) == EVTXDIAG_E_IO && reader == NULL,
         "missing file is EVTXDIAG_E_IO");
  expect(evtxdiag_last_error(text, sizeof text, NULL) == EVTXDIAG_OK && strstr(text, "/nonexistent/x.evtx") != NULL,
         "message names the file");
  expect(evtxdiag_reader_open_buffer("not an evtx file", 16, "junk", 0, &reader) == EVTXDIAG_E_NOT_EVTX,
         "junk buffer is EVTXDIAG_E_NOT_EVTX");
  expect(evtxdiag_reader_open_file(NULL, 0, &reader) == EVTXDIAG_E_INVALID_ARGUMENT, "NULL path");
  expect(strcmp(evtxdiag_status_name(EVTXDIAG_E_NOT_EVTX), "not-evtx") == 0, "status name");

  /* A file. */
  expect(evtxdiag_reader_open_file(argv[1], 0, &reader) == EVTXDIAG_OK, "open file");
  file_count = walk(reader, 1);
  printf("file: %lu events, %llu undecodable, %lu diagnostics\n", (unsigned long)file_count,
         (unsigned long long)evtxdiag_reader_undecodable(reader),
         (unsigned long)evtxdiag_reader_diagnostic_count(reader));
  evtxdiag_reader_free(reader);
  reader = NULL;

  /* The same file from memory. */
  bytes = slurp(argv[1], &size);
  expect(bytes != NULL, "read the file into memory");
  expect(evtxdiag_reader_open_buffer(bytes, size, "memory.evtx", 0, &reader) == EVTXDIAG_OK, "open buffer");
  free(bytes); /* the reader keeps its own copy */
  expect(walk(reader, 0) == file_count, "buffer gives the same events");
  evtxdiag_reader_free(reader);

  /* Each event as the JSON `evtxdiag dump` prints (the test compares them byte for byte). */
  expect(evtxdiag_reader_open_file(argv[1], 0, &reader) == EVTXDIAG_OK, "open file again");
  while (evtxdiag_reader_next(reader, &event) == EVTXDIAG_OK) {
    char* line = NULL;
    expect(evtxdiag_event_json(event, NULL, 0, &required) == EVTXDIAG_OK, "event json size");
    line = malloc(required);
    expect(line != NULL && evtxdiag_event_json(event, line, required, NULL) == EVTXDIAG_OK, "event json");
    printf("event-json: %s\n", line);
    free(line);
  }
  evtxdiag_reader_free(reader);
  reader = NULL;

  /* `evtxdiag info` of the folder, text and JSON (the test compares them with the CLI's). */
  {
    char* facts = NULL;
    int incomplete = -1;
    paths[0] = argv[2];
    expect(evtxdiag_info(paths, 1, NULL, 0, &facts, &incomplete) == EVTXDIAG_OK && facts != NULL && incomplete == 0,
           "info");
    printf("INFO-TEXT:\n%sINFO-END\n", facts);
    evtxdiag_string_free(facts);
    expect(evtxdiag_info(paths, 1, "UTC", EVTXDIAG_INFO_JSON, &facts, NULL) == EVTXDIAG_OK, "info json");
    printf("INFO-JSON:\n%sINFO-END\n", facts);
    evtxdiag_string_free(facts);
    paths[0] = "/nonexistent/dir";
    expect(evtxdiag_info(paths, 1, NULL, 0, &facts, NULL) != EVTXDIAG_OK && facts == NULL, "info of nothing fails");
    expect(evtxdiag_info(NULL, 1, NULL, 0, &facts, NULL) == EVTXDIAG_E_INVALID_ARGUMENT, "info NULL paths");
  }

  /* `evtxdiag timeline`, `dump` (with filters) and `explain`: the test compares them with the CLI's. */
  {
    static const char* const filters[] = {"provider=Backup", "level=error,warning", "from=2012-01-17 21:00"};
    static const char* const bad_filter[] = {"event-id=9-1"};
    char* out = NULL;
    int incomplete = -1, known = -1;
    paths[0] = argv[2];
    expect(evtxdiag_timeline(paths, 1, "Asia/Tokyo", "ja", filters, 3,
                             EVTXDIAG_TIMELINE_CSV | EVTXDIAG_TIMELINE_BOM | EVTXDIAG_TIMELINE_ALL, &out,
                             &incomplete) == EVTXDIAG_OK &&
               incomplete == 0,
           "timeline");
    printf("VIEW-TIMELINE:\n%sVIEW-END\n", out);
    evtxdiag_string_free(out);
    expect(evtxdiag_dump(paths, 1, "Asia/Tokyo", NULL, filters, 3, 0, &out, &incomplete) == EVTXDIAG_OK, "dump");
    printf("VIEW-DUMP:\n%sVIEW-END\n", out);
    evtxdiag_string_free(out);
    expect(evtxdiag_dump(paths, 1, NULL, NULL, bad_filter, 1, 0, &out, NULL) == EVTXDIAG_E_INVALID_INPUT && out == NULL,
           "dump with a bad filter");
    expect(evtxdiag_explain("volsnap/27", "ja", EVTXDIAG_EXPLAIN_JSON, &out, &known) == EVTXDIAG_OK && known == 1,
           "explain an event");
    printf("VIEW-EXPLAIN:\n%sVIEW-END\n", out);
    evtxdiag_string_free(out);
    expect(evtxdiag_explain("0xDEADBEEF", NULL, 0, &out, &known) == EVTXDIAG_OK && known == 0, "explain unknown code");
    evtxdiag_string_free(out);
    expect(evtxdiag_explain("volsnap/4242", NULL, 0, &out, NULL) == EVTXDIAG_E_NOT_FOUND, "explain unknown event");
  }

  /* Explain a code; buffer size query and too-small buffer. */
  expect(evtxdiag_explain_code("0x80780021", "en", NULL, 0, &required) == EVTXDIAG_OK && required > 1, "size query");
  expect(evtxdiag_explain_code("0x80780021", "en", small, sizeof small, NULL) == EVTXDIAG_E_BUFFER_TOO_SMALL,
         "too small buffer");
  expect(evtxdiag_explain_code("0x80780021", "en", text, sizeof text, NULL) == EVTXDIAG_OK, "explain");
  printf("explain: %.*s\n", (int)strcspn(text, "\n"), text);
  expect(evtxdiag_explain_code("0xDEADBEEF", NULL, text, sizeof text, NULL) == EVTXDIAG_E_NOT_FOUND, "unknown code");
  expect(evtxdiag_explain_code("not a code", NULL, text, sizeof text, NULL) == EVTXDIAG_E_INVALID_ARGUMENT,
         "not a code");

  /* Diagnose the folder; the JSON is the CLI's. */
  paths[0] = argv[2];
  expect(evtxdiag_diagnose(paths, 1, "Mars/Olympus", NULL, &diagnosis) == EVTXDIAG_E_INVALID_INPUT, "bad zone");
  expect(evtxdiag_diagnose(paths, 1, "auto", "en", &diagnosis) == EVTXDIAG_OK, "diagnose");
  printf("diagnosis: %lu jobs, %lu findings, incomplete=%d\n", (unsigned long)evtxdiag_diagnosis_job_count(diagnosis),
         (unsigned long)evtxdiag_diagnosis_finding_count(diagnosis), evtxdiag_diagnosis_incomplete(diagnosis));
  expect(evtxdiag_diagnosis_json(diagnosis, NULL, 0, &required) == EVTXDIAG_OK, "json size");
  json = malloc(required);
  expect(json && evtxdiag_diagnosis_json(diagnosis, json, required, NULL) == EVTXDIAG_OK, "json");
  if (json) printf("JSON:\n%s\n", json);
  free(json);
  evtxdiag_diagnosis_free(diagnosis);
  evtxdiag_reader_free(NULL);
  evtxdiag_diagnosis_free(NULL);
  return failures == 0 ? 0 : 1;
}
