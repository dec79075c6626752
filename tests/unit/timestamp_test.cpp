#include <doctest/doctest.h>

#include "evtxdiag/timestamp.hpp"

using evtxdiag::Timestamp;

TEST_CASE("a FILETIME formats as ISO-8601 UTC with seven fractional digits") {
  // 2012-01-18T07:26:31.3100000Z, the Backup start time of field report 004.
  const auto t = Timestamp::parse_iso("2012-01-18T07:26:31.31Z");
  REQUIRE(t.has_value());
  CHECK(t->iso_utc() == "2012-01-18T07:26:31.3100000Z");
  CHECK(t->ticks == 129713451913100000ULL);
}

TEST_CASE("parsing honours explicit offsets and nine-digit fractions") {
  CHECK(Timestamp::parse_iso("2012-01-18T16:26:31.3100000+09:00")->iso_utc() == "2012-01-18T07:26:31.3100000Z");
  CHECK(Timestamp::parse_iso("2019-10-10T00:00:15.177132000Z")->iso_utc() == "2019-10-10T00:00:15.1771320Z");
  CHECK(Timestamp::parse_iso("2020-03-08T01:00:00-05:30")->iso_utc() == "2020-03-08T06:30:00.0000000Z");
}

TEST_CASE("malformed or zone-less times are refused") {
  CHECK_FALSE(Timestamp::parse_iso("2012-01-18T07:26:31"));       // no zone: ambiguous
  CHECK_FALSE(Timestamp::parse_iso("2012-13-18T07:26:31Z"));      // month 13
  CHECK_FALSE(Timestamp::parse_iso("2012-02-30T07:26:31Z"));      // no such day
  CHECK_FALSE(Timestamp::parse_iso("2012-01-18T07:26:31.Z"));     // empty fraction
  CHECK_FALSE(Timestamp::parse_iso("2012-01-18T07:26:31Zjunk"));  // trailing text
  CHECK_FALSE(Timestamp::parse_iso("1500-01-01T00:00:00Z"));      // before FILETIME epoch
  CHECK_FALSE(Timestamp::parse_iso(""));
}

TEST_CASE("Unix conversions round-trip, including before 1970") {
  const Timestamp epoch = Timestamp::from_unix(0);
  CHECK(epoch.ticks == Timestamp::unix_epoch_ticks);
  CHECK(epoch.iso_utc() == "1970-01-01T00:00:00.0000000Z");
  const Timestamp before = Timestamp::from_unix(-1, 5);
  CHECK(before.unix_seconds() == -1);
  CHECK(before.subsecond_ticks() == 5);
  CHECK(before.iso_utc() == "1969-12-31T23:59:59.0000005Z");
  CHECK(Timestamp{}.iso_utc().empty());
}
