#pragma once
// Byte layout of LocaleMetaData/*.MTA files (as measured on Event Viewer exports, below),
// shared by the parser and the writer so both follow one definition.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace evtxdiag::mta {

// --- file header (section 2)
inline constexpr std::string_view kMagic{"MTAFile\0", 8};
inline constexpr std::size_t kVersionMajorOffset = 0x08;
inline constexpr std::size_t kVersionMinorOffset = 0x0C;
inline constexpr std::size_t kTableSizeOffset = 0x10;  ///< byte size of the descriptor table
inline constexpr std::size_t kSectionCountOffset = 0x14;
inline constexpr std::size_t kDescriptorTableOffset = 0x18;
inline constexpr std::size_t kDescriptorFixedSize = 20;  ///< u64 offset, u64 size, u32 name bytes
inline constexpr std::uint32_t kVersionMajor = 1;
inline constexpr std::uint32_t kVersionMinor = 1;

// Section names, in the order Windows writes them.
inline constexpr std::u16string_view kEventSection = u"EVT";
inline constexpr std::u16string_view kStringSection = u"MSG";
inline constexpr std::u16string_view kPublisherSection = u"PUB";

// --- paged list (section 3); all offsets relative to the section start
inline constexpr std::size_t kPageHeaderSize = 0x378;
inline constexpr std::size_t kEntriesPerPage = 100;
inline constexpr std::uint32_t kPageSentinel = 0xFFFFFFFF;
inline constexpr std::size_t kPageLastIdCount = 14;  ///< u32 x 14 at +0x04, all = last entry id
inline constexpr std::size_t kPageSecondSentinel = 0x3C;
inline constexpr std::size_t kPageNumberOffset = 0x40;
inline constexpr std::size_t kPageNextOffset = 0x48;   ///< u64; == own offset on the last page
inline constexpr std::size_t kPageSelfOffset = 0x50;   ///< u64
inline constexpr std::size_t kPageSlotsOffset = 0x58;  ///< u64 x 100, 0 = unused
inline constexpr std::size_t kEntryHeaderSize = 8;     ///< u32 entry id, u32 payload size

inline constexpr std::size_t kEventPayloadSize = 16;  ///< u64 EventRecordID, u64 string id

}  // namespace evtxdiag::mta
