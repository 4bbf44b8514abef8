#pragma once
// Listing as pure logic over an ordered source of entries: ListObjectsV2, ListObjects (v1),
// ListObjectVersions and ListMultipartUploads share one algorithm.
//
// Order. Keys compare as bytes (UTF-8 byte order, which is SQLite's BINARY collation and
// std::string's order); entries of one key follow the source's order within the key (versions
// newest first, uploads oldest first), identified by `seq`.
//
// Cost. The algorithm asks the source for at most (page size + 1) entries at a time from a cursor
// (an indexed range scan), and when an entry rolls up into a common prefix it seeks past every
// key of that prefix at once (prefixSuccessor) instead of reading them: a page costs O(page) index
// seeks, whatever the bucket holds.
//
// Markers. Items (entries and common prefixes) are ordered by their own text, and a marker
// (Marker, StartAfter, a continuation token, KeyMarker) asks for the items after it. So a marker
// inside a common prefix -- or equal to it, as NextMarker is when the last item of a page was a
// prefix -- skips that prefix: it sorts before the marker and was already returned.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/s3/s3_types.hpp"

namespace awsemu::s3::listing {

inline constexpr std::size_t kMaxPageSize = 1000;  // S3 never returns more per page

// Where a scan starts.
struct Cursor {
  enum class Kind { AtKey, AfterKey, AfterEntry, End };
  Kind kind = Kind::AtKey;
  std::string key;
  std::int64_t seq = 0;  // AfterEntry: the entry of `key` to continue after

  static Cursor at(std::string key) { return {Kind::AtKey, std::move(key), 0}; }
  static Cursor after(std::string key) { return {Kind::AfterKey, std::move(key), 0}; }
  static Cursor afterEntry(std::string key, std::int64_t seq) {
    return {Kind::AfterEntry, std::move(key), seq};
  }
  static Cursor end() { return {Kind::End, {}, 0}; }
};

// Hands entries from `cursor` on, in order, to `visit` one at a time, at most `limit` of them,
// and stops as soon as `visit` returns false: a source backed by an SQLite statement steps only
// the rows the listing uses. Entry has `key` and `seq` members.
template <class Entry>
using Visit = std::function<bool(Entry&& entry)>;
template <class Entry>
using Scan =
    std::function<void(const Cursor& cursor, std::size_t limit, const Visit<Entry>& visit)>;

// The smallest string greater than every string starting with `prefix` (its last byte below 0xFF
// incremented, trailing 0xFF bytes dropped); nullopt when there is none (empty or all 0xFF).
std::optional<std::string> prefixSuccessor(std::string_view prefix);
// The common prefix `key` rolls up into under prefix/delimiter, if any.
std::optional<std::string> commonPrefixOf(std::string_view key, std::string_view prefix,
                                          std::string_view delimiter);

struct Query {
  std::string prefix;
  std::string delimiter;
  std::size_t max = kMaxPageSize;  // capped at kMaxPageSize
};

// The first cursor of a listing: at the prefix, or after `marker` (see Markers above).
Cursor startCursor(const Query& query, std::optional<std::string_view> marker);

template <class Entry>
struct Page {
  std::vector<Entry> entries;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  // The last item of the page (for NextMarker, tokens, NextKeyMarker); empty when none.
  std::string last_item;
  bool last_is_prefix = false;
  std::size_t itemCount() const { return entries.size() + common_prefixes.size(); }
};

// One page of items from `cursor`. max 0 gives an empty page that is not truncated (S3 does so).
template <class Entry>
Page<Entry> collect(const Scan<Entry>& scan, const Query& query, Cursor cursor) {
  Page<Entry> page;
  const std::size_t max = query.max < kMaxPageSize ? query.max : kMaxPageSize;
  bool done = max == 0;
  while (!done && cursor.kind != Cursor::Kind::End) {
    const std::size_t want = max - page.itemCount() + 1;  // one more tells whether it is truncated
    std::size_t seen = 0;
    bool sought = false;
    const Cursor from = cursor;  // the scan reads its cursor; the visitor moves `cursor`
    scan(from, want, [&](Entry&& entry) {
      ++seen;
      if (!std::string_view(entry.key).starts_with(query.prefix)) {  // past the prefix's keys
        done = true;
        return false;
      }
      if (page.itemCount() == max) {  // one item more than the page holds
        done = page.truncated = true;
        return false;
      }
      if (auto prefix = commonPrefixOf(entry.key, query.prefix, query.delimiter)) {
        // Seek past every key under this prefix rather than reading them.
        auto next = prefixSuccessor(*prefix);
        cursor = next ? Cursor::at(std::move(*next)) : Cursor::end();
        page.last_item = *prefix;
        page.last_is_prefix = true;
        page.common_prefixes.push_back(std::move(*prefix));
        sought = true;
        return false;
      }
      cursor = Cursor::afterEntry(entry.key, entry.seq);
      page.last_item = entry.key;
      page.last_is_prefix = false;
      page.entries.push_back(std::move(entry));
      return true;
    });
    if (!sought && seen < want) break;  // the source has nothing more
  }
  return page;
}

// ---- ListObjectsV2 / ListObjects ----------------------------------------------------------------

struct ObjectsRequest {
  std::string prefix, delimiter;
  std::size_t max_keys = kMaxPageSize;
  std::string marker;                             // v1 Marker
  std::string start_after;                        // v2 StartAfter
  std::optional<std::string> continuation_token;  // v2; takes precedence over StartAfter
};

struct ObjectsPage {
  std::vector<ObjectVersion> contents;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::size_t key_count = 0;                           // v2 KeyCount: contents + prefixes
  std::optional<std::string> next_marker;              // v1: only when truncated with a delimiter
  std::optional<std::string> next_continuation_token;  // v2: only when truncated
};

// `scan` yields the current, non-delete-marker version of each key. Throws InvalidArgument for a
// continuation token this code did not make.
ObjectsPage listObjectsV2(const Scan<ObjectVersion>& scan, const ObjectsRequest& request);
ObjectsPage listObjectsV1(const Scan<ObjectVersion>& scan, const ObjectsRequest& request);

// Continuation tokens are opaque to clients; this one wraps the last item of the page.
std::string encodeContinuationToken(std::string_view last_item);
std::optional<std::string> decodeContinuationToken(std::string_view token);

// ---- ListObjectVersions / ListMultipartUploads -------------------------------------------------

struct MarkedRequest {
  std::string prefix, delimiter;
  std::size_t max = kMaxPageSize;
  std::string key_marker;
  std::string id_marker;  // version-id-marker / upload-id-marker
};

template <class Entry>
struct MarkedPage {
  std::vector<Entry> entries;  // versions and delete markers newest first per key; uploads
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::optional<std::string> next_key_marker;  // when truncated
  std::optional<std::string> next_id_marker;   // when truncated and the last item is an entry
};

// Finds the seq of (key, id) for a version-id-marker / upload-id-marker; nullopt when unknown.
using MarkerLookup =
    std::function<std::optional<std::int64_t>(const std::string& key, const std::string& id)>;

// `scan` yields every version and delete marker, by key then newest first. A version-id-marker
// without a key-marker is InvalidArgument, as in S3; an unknown one starts after the key.
MarkedPage<ObjectVersion> listObjectVersions(const Scan<ObjectVersion>& scan,
                                             const MarkerLookup& lookup,
                                             const MarkedRequest& request);
// `scan` yields uploads by key then initiation order.
MarkedPage<Upload> listMultipartUploads(const Scan<Upload>& scan, const MarkerLookup& lookup,
                                        const MarkedRequest& request);

}  // namespace awsemu::s3::listing
