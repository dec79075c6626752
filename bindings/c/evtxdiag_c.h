/* evtxdiag C API: read exported Windows event logs (.evtx) and explain backup failures from C
 * (or any language with a C FFI). A thin layer over the C++ library (the evtxdiag headers).
 *
 *   evtxdiag_reader* reader = NULL;
 *   if (evtxdiag_reader_open_file("System.evtx", 0, &reader) != EVTXDIAG_OK) {
 *     char message[512];
 *     evtxdiag_last_error(message, sizeof message, NULL);
 *     fprintf(stderr, "%s\n", message);
 *     return 1;
 *   }
 *   const evtxdiag_event* event = NULL;
 *   while (evtxdiag_reader_next(reader, &event) == EVTXDIAG_OK)
 *     printf("%u\n", evtxdiag_event_id(event));
 *   evtxdiag_reader_free(reader);
 *
 * Conventions:
 * - Every object comes from an open/create call and is released by its *_free call
 *   (free(NULL) is a no-op). Objects are not thread-safe; use one per thread.
 * - Calls that can fail return an int status: EVTXDIAG_OK (0), EVTXDIAG_END (1, iteration
 *   finished) or a negative EVTXDIAG_E_* code. evtxdiag_last_error() gives the message of the
 *   last failure on the calling thread; evtxdiag_status_name() names a status.
 * - Strings are UTF-8 and copied into caller-provided buffers: pass (buffer, size, &required).
 *   `required` (may be NULL) receives the size needed including the terminating NUL. A size
 *   query (buffer NULL, size 0) returns EVTXDIAG_OK; a buffer that is too small returns
 *   EVTXDIAG_E_BUFFER_TOO_SMALL and is left unchanged.
 * - Times are UTC: FILETIME ticks (100 ns since 1601-01-01T00:00:00Z), or ISO-8601 text.
 * - No C++ exception crosses this interface: failures become status codes.
 * - Bad records are data, not failures: they are counted and listed as diagnostics. */
#ifndef EVTXDIAG_C_H
#define EVTXDIAG_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- status codes */
#define EVTXDIAG_OK 0
#define EVTXDIAG_END 1                   /* iteration finished: no further item */
#define EVTXDIAG_E_IO (-1)               /* a file could not be opened or read */
#define EVTXDIAG_E_NOT_EVTX (-2)         /* empty, too short, or no EVTX signature */
#define EVTXDIAG_E_INVALID_INPUT (-3)    /* malformed option value, scenario or knowledge file */
#define EVTXDIAG_E_UNSUPPORTED (-4)      /* valid request this build cannot serve */
#define EVTXDIAG_E_INTERNAL (-5)         /* a bug in evtxdiag: please report it */
#define EVTXDIAG_E_INVALID_ARGUMENT (-6) /* NULL handle, NULL output pointer, index out of range */
#define EVTXDIAG_E_BUFFER_TOO_SMALL (-7) /* see `required` */
#define EVTXDIAG_E_NOT_FOUND (-8)        /* e.g. a code the knowledge base does not know */
#define EVTXDIAG_E_NO_MEMORY (-9)
#define EVTXDIAG_E_REFUSED (-10) /* would harm an input (write over a log it reads); nothing done */

/* The library version, "MAJOR.MINOR.PATCH" (static string). */
const char* evtxdiag_version(void);
/* A short constant name for a status: "ok", "end", "io", "not-evtx", ...; "unknown" otherwise. */
const char* evtxdiag_status_name(int status);
/* Copies the message of the last failed call on this thread (empty when none). Returns a status. */
int evtxdiag_last_error(char* buffer, size_t size, size_t* required);

/* ---- reading */
typedef struct evtxdiag_reader evtxdiag_reader;
typedef struct evtxdiag_event evtxdiag_event;

/* Flags of the open calls. */
#define EVTXDIAG_READ_RECOVERED 0x1u /* also read records recovered from slack space */

/* Opens a .evtx file. On success *reader owns the file (release with evtxdiag_reader_free).
 * Fails with EVTXDIAG_E_IO or EVTXDIAG_E_NOT_EVTX when nothing can be read at all. */
int evtxdiag_reader_open_file(const char* path, unsigned flags, evtxdiag_reader** reader);
/* Opens an in-memory .evtx (the bytes are copied); `name` stands for its path in diagnostics. */
int evtxdiag_reader_open_buffer(const void* bytes, size_t size, const char* name, unsigned flags,
                                evtxdiag_reader** reader);
void evtxdiag_reader_free(evtxdiag_reader* reader);

/* Next event in file order (live records, then recovered ones when asked). Returns EVTXDIAG_OK
 * and sets *event, or EVTXDIAG_END after the last one. The event belongs to the reader and
 * stays valid until the next evtxdiag_reader_next or evtxdiag_reader_free. The file is decoded
 * on the first call. */
int evtxdiag_reader_next(evtxdiag_reader* reader, const evtxdiag_event** event);
/* Records neither decoder could read (0 before the first evtxdiag_reader_next). */
uint64_t evtxdiag_reader_undecodable(const evtxdiag_reader* reader);
/* Number of per-record/file problems found by the read (0 before the first next). */
size_t evtxdiag_reader_diagnostic_count(const evtxdiag_reader* reader);
/* Problem `index` as one line: "FILE: record 12 (offset 0x1a38): MESSAGE". */
int evtxdiag_reader_diagnostic(const evtxdiag_reader* reader, size_t index, char* buffer, size_t size,
                               size_t* required);

/* Text fields of an event (empty string when absent). */
typedef enum evtxdiag_event_field {
  EVTXDIAG_FIELD_SOURCE_FILE = 0,
  EVTXDIAG_FIELD_PROVIDER = 1, /* Provider/@Name */
  EVTXDIAG_FIELD_PROVIDER_GUID = 2,
  EVTXDIAG_FIELD_CHANNEL = 3,
  EVTXDIAG_FIELD_COMPUTER = 4,
  EVTXDIAG_FIELD_USER_SID = 5,
  EVTXDIAG_FIELD_TIME_CREATED = 6, /* ISO-8601 UTC, "2012-01-18T07:26:31.3100000Z" */
  EVTXDIAG_FIELD_BINARY_HEX = 7,   /* EventData/Binary as upper-case hex */
  EVTXDIAG_FIELD_ACTIVITY_ID = 8,
  EVTXDIAG_FIELD_ORIGIN = 9 /* "live" or "recovered" */
} evtxdiag_event_field;

uint32_t evtxdiag_event_id(const evtxdiag_event* event);           /* EventID without qualifiers */
uint64_t evtxdiag_event_record_id(const evtxdiag_event* event);    /* System/EventRecordID */
uint8_t evtxdiag_event_level(const evtxdiag_event* event);         /* 1 critical .. 5 verbose */
uint64_t evtxdiag_event_time_created(const evtxdiag_event* event); /* FILETIME ticks, UTC; 0 = unknown */
int evtxdiag_event_string(const evtxdiag_event* event, evtxdiag_event_field field, char* buffer, size_t size,
                          size_t* required);
/* The event as the one-line JSON object `evtxdiag dump` prints (times in UTC): the one
 * serialisation of an event, the same in the CLI, this API and Python. */
int evtxdiag_event_json(const evtxdiag_event* event, char* buffer, size_t size, size_t* required);
/* EventData/UserData values in document order; unnamed values are named "1", "2", ... */
size_t evtxdiag_event_data_count(const evtxdiag_event* event);
int evtxdiag_event_data_name(const evtxdiag_event* event, size_t index, char* buffer, size_t size, size_t* required);
int evtxdiag_event_data_value(const evtxdiag_event* event, size_t index, char* buffer, size_t size, size_t* required);

/* ---- diagnosing */
typedef struct evtxdiag_diagnosis evtxdiag_diagnosis;

/* Diagnoses .evtx files and directories (searched recursively) of one machine. `zone`: "auto"
 * (or NULL: inferred from the logs), "UTC", "+09:00", an IANA name or a Windows zone id.
 * `lang`: "en" (or NULL) or "ja". Unreadable files are reported inside the result, not as a
 * failure; fails with EVTXDIAG_E_INVALID_INPUT for a bad zone and EVTXDIAG_E_IO for a path
 * that does not exist. */
int evtxdiag_diagnose(const char* const* paths, size_t path_count, const char* zone, const char* lang,
                      evtxdiag_diagnosis** diagnosis);
void evtxdiag_diagnosis_free(evtxdiag_diagnosis* diagnosis);
/* The result as the JSON document of `evtxdiag diagnose --format json` (schema
 * "evtxdiag.diagnosis/2", docs/diagnosis-json.md), pretty-printed, without trailing newline. */
int evtxdiag_diagnosis_json(const evtxdiag_diagnosis* diagnosis, char* buffer, size_t size, size_t* required);
size_t evtxdiag_diagnosis_job_count(const evtxdiag_diagnosis* diagnosis);
size_t evtxdiag_diagnosis_finding_count(const evtxdiag_diagnosis* diagnosis);
/* 1 when some input could not be opened or some record could not be decoded, else 0. */
int evtxdiag_diagnosis_incomplete(const evtxdiag_diagnosis* diagnosis);

/* ---- facts of logs */
#define EVTXDIAG_INFO_DECODE 1u /* also decode every record and count what the decoders made of them */
#define EVTXDIAG_INFO_JSON 2u   /* JSON Lines (one object per log) instead of text */
/* The output of `evtxdiag info` for the logs of `paths` (files, folders, archives), byte for byte:
 * a NUL-terminated string the caller frees with evtxdiag_string_free(). `zone` as for
 * evtxdiag_diagnose. `*incomplete` (may be NULL) is set to 1 when a log could not be opened or
 * lost live records. EVTXDIAG_E_IO when no log could be read. */
int evtxdiag_info(const char* const* paths, size_t path_count, const char* zone, unsigned flags, char** text,
                  int* incomplete);
void evtxdiag_string_free(char* text);

/* ---- events of a case, and the merged timeline
 * `filters`: `filter_count` strings "OPTION=VALUE", the options of `evtxdiag dump`/`timeline`
 * without their dashes: "from=2019-10-28 21:00", "to=2019-10-29", "provider=Backup",
 * "event-id=512-521", "level=error", "computer=SRV01" (README, "Filters"). A malformed one fails
 * with EVTXDIAG_E_INVALID_INPUT naming it. `zone` and `lang` as for evtxdiag_diagnose. The text
 * is NUL-terminated; free it with evtxdiag_string_free(). `*incomplete` (may be NULL) is set to
 * 1 when the command would exit 1 (a log unreadable, live records lost). */
#define EVTXDIAG_DUMP_CSV 1u       /* CSV instead of JSON Lines */
#define EVTXDIAG_DUMP_XML 2u       /* one event XML document instead of JSON Lines */
#define EVTXDIAG_DUMP_RECOVERED 4u /* also records recovered from slack space */
#define EVTXDIAG_DUMP_BOM 8u       /* CSV: start with a UTF-8 byte order mark */
/* The output of `evtxdiag dump`, byte for byte. EVTXDIAG_E_IO when no log could be read. */
int evtxdiag_dump(const char* const* paths, size_t path_count, const char* zone, const char* lang,
                  const char* const* filters, size_t filter_count, unsigned flags, char** text, int* incomplete);
#define EVTXDIAG_TIMELINE_ALL 1u   /* every event, not only the correlated ones (--all) */
#define EVTXDIAG_TIMELINE_JSONL 2u /* JSON Lines instead of text */
#define EVTXDIAG_TIMELINE_CSV 4u   /* CSV instead of text */
#define EVTXDIAG_TIMELINE_BOM 8u   /* CSV: start with a UTF-8 byte order mark */
/* The output of `evtxdiag timeline`, byte for byte (every machine of the logs, one after the
 * other). Fails like evtxdiag_diagnose when nothing can be read. */
int evtxdiag_timeline(const char* const* paths, size_t path_count, const char* zone, const char* lang,
                      const char* const* filters, size_t filter_count, unsigned flags, char** text, int* incomplete);

/* ---- knowledge */
/* Explains an error code in any usual form ("0x807800A1", "2155348129", "1224", "C000000E") as
 * the text of `evtxdiag explain CODE`: hex value, structure, symbol, meaning, likely causes and
 * remedies, in `lang` ("en"/NULL or "ja").
 * EVTXDIAG_E_INVALID_ARGUMENT when `code` is not a code, EVTXDIAG_E_NOT_FOUND when the
 * knowledge base does not know it. */
int evtxdiag_explain_code(const char* code, const char* lang, char* buffer, size_t size, size_t* required);
#define EVTXDIAG_EXPLAIN_JSON 1u /* the JSON document instead of text */
/* The output of `evtxdiag explain QUERY`, byte for byte: a code in any form or PROVIDER/ID
 * ("volsnap/27"). `*known` (may be NULL) is 1 when the knowledge base knows it; a code it does
 * not know still gets its structure decoded (EVTXDIAG_OK, *known 0). EVTXDIAG_E_INVALID_ARGUMENT
 * when `query` is neither, EVTXDIAG_E_NOT_FOUND for an event the knowledge base does not know. */
int evtxdiag_explain(const char* query, const char* lang, unsigned flags, char** text, int* known);

#ifdef __cplusplus
}
#endif

#endif /* EVTXDIAG_C_H */
