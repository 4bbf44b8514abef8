// Listing logic over an in-memory ordered source: delimiters, markers, pagination edges, and the
// number of rows each page reads.
#include "services/s3/listing.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "awsemu/core/aws_error.hpp"

namespace awsemu::s3::listing {
namespace {

// A sorted key set standing in for the objects index; counts the rows it hands out.
class FakeIndex {
 public:
  explicit FakeIndex(std::vector<std::string> keys) {
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      ObjectVersion o;
      o.key = keys[i];
      o.seq = static_cast<std::int64_t>(i + 1);
      rows_.push_back(o);
    }
  }
  Scan<ObjectVersion> scan() {
    return [this](const Cursor& cursor, std::size_t limit, const Visit<ObjectVersion>& visit) {
      ++scans;
      std::size_t given = 0;
      for (const auto& row : rows_) {
        if (given >= limit || cursor.kind == Cursor::Kind::End) break;
        bool after =
            cursor.kind == Cursor::Kind::AtKey ? row.key >= cursor.key : row.key > cursor.key;
        if (!after) continue;
        ++given;
        ++rows_read;
        if (!visit(ObjectVersion(row))) break;
      }
    };
  }
  std::size_t scans = 0, rows_read = 0;

 private:
  std::vector<ObjectVersion> rows_;
};

std::vector<std::string> keysOf(const ObjectsPage& page) {
  std::vector<std::string> keys;
  for (const auto& o : page.contents) keys.push_back(o.key);
  return keys;
}

using Keys = std::vector<std::string>;

ObjectsRequest request(std::string prefix, std::string delimiter, std::size_t max = 1000) {
  ObjectsRequest r;
  r.prefix = std::move(prefix);
  r.delimiter = std::move(delimiter);
  r.max_keys = max;
  return r;
}

TEST(S3Listing, PrefixSuccessor) {
  EXPECT_EQ(prefixSuccessor("a/"), "a0");
  EXPECT_EQ(prefixSuccessor("ab"), "ac");
  EXPECT_EQ(prefixSuccessor(std::string("a\xff", 2)), "b");
  EXPECT_EQ(prefixSuccessor(std::string("\xff\xff", 2)), std::nullopt);
  EXPECT_EQ(prefixSuccessor(""), std::nullopt);
}

TEST(S3Listing, FlatListingInByteOrder) {
  // "é" (C3 A9) and "€" (E2 82 AC) sort after every ASCII character, in byte order.
  FakeIndex index({"b", "a", "\xe2\x82\xac", "\xc3\xa9", "Z", "a/b"});
  auto page = listObjectsV2(index.scan(), request("", ""));
  EXPECT_EQ(keysOf(page), (Keys{"Z", "a", "a/b", "b", "\xc3\xa9", "\xe2\x82\xac"}));
  EXPECT_FALSE(page.truncated);
  EXPECT_EQ(page.key_count, 6u);
  EXPECT_FALSE(page.next_continuation_token);
}

TEST(S3Listing, DelimiterRollsKeysUpIntoCommonPrefixes) {
  FakeIndex index({"photos/2006/jan/1.jpg", "photos/2006/feb/2.jpg", "photos/2007/x.jpg",
                   "photos/readme", "photos/", "other"});
  auto page = listObjectsV2(index.scan(), request("photos/", "/"));
  // A key equal to the prefix is listed as a key, not rolled up.
  EXPECT_EQ(keysOf(page), (Keys{"photos/", "photos/readme"}));
  EXPECT_EQ(page.common_prefixes, (Keys{"photos/2006/", "photos/2007/"}));
  EXPECT_EQ(page.key_count, 4u);

  auto top = listObjectsV2(index.scan(), request("", "/"));
  EXPECT_EQ(keysOf(top), (Keys{"other"}));
  EXPECT_EQ(top.common_prefixes, (Keys{"photos/"}));
}

TEST(S3Listing, MultiCharacterAndMultibyteDelimiters) {
  FakeIndex index({"a--b--c", "a--d", "e", "x\xc3\xa9y", "x\xc3\xa9z"});
  auto dashes = listObjectsV2(index.scan(), request("", "--"));
  EXPECT_EQ(dashes.common_prefixes, (Keys{"a--"}));
  auto accent = listObjectsV2(index.scan(), request("x", "\xc3\xa9"));
  EXPECT_EQ(accent.common_prefixes, (Keys{"x\xc3\xa9"}));
  EXPECT_TRUE(accent.contents.empty());
}

TEST(S3Listing, MaxKeysZeroIsEmptyAndNotTruncated) {
  FakeIndex index({"a", "b"});
  auto page = listObjectsV2(index.scan(), request("", "", 0));
  EXPECT_TRUE(page.contents.empty());
  EXPECT_FALSE(page.truncated);
  EXPECT_EQ(page.key_count, 0u);
  EXPECT_FALSE(page.next_continuation_token);
  EXPECT_EQ(index.scans, 0u);
}

TEST(S3Listing, ExactlyFullPageIsNotTruncated) {
  FakeIndex index({"a", "b", "c"});
  auto page = listObjectsV2(index.scan(), request("", "", 3));
  EXPECT_EQ(page.contents.size(), 3u);
  EXPECT_FALSE(page.truncated);
  EXPECT_FALSE(page.next_continuation_token);
}

// Pages through everything with continuation tokens; returns the items page by page.
std::vector<Keys> pagesV2(FakeIndex& index, ObjectsRequest r) {
  std::vector<Keys> pages;
  for (int guard = 0; guard < 100; ++guard) {
    auto page = listObjectsV2(index.scan(), r);
    Keys items = keysOf(page);
    for (const auto& p : page.common_prefixes) items.push_back("P:" + p);
    pages.push_back(items);
    if (!page.truncated) return pages;
    EXPECT_TRUE(page.next_continuation_token);
    r.continuation_token = page.next_continuation_token;
  }
  ADD_FAILURE() << "pagination did not end";
  return pages;
}

TEST(S3Listing, ContinuationAcrossCommonPrefixes) {
  FakeIndex index({"a/1", "a/2", "a/3", "b", "c/1", "c/2", "d"});
  auto pages = pagesV2(index, request("", "/", 1));
  EXPECT_EQ(pages, (std::vector<Keys>{{"P:a/"}, {"b"}, {"P:c/"}, {"d"}}));
  auto twos = pagesV2(index, request("", "/", 2));
  EXPECT_EQ(twos, (std::vector<Keys>{{"b", "P:a/"}, {"d", "P:c/"}}));
}

TEST(S3Listing, ContinuationWithoutDelimiterVisitsEveryKeyOnce) {
  Keys keys;
  for (int i = 0; i < 25; ++i) keys.push_back("k" + std::to_string(100 + i));
  FakeIndex index(keys);
  Keys seen;
  for (const auto& page : pagesV2(index, request("", "", 7)))
    seen.insert(seen.end(), page.begin(), page.end());
  EXPECT_EQ(seen, keys);
}

TEST(S3Listing, StartAfterInsideACommonPrefixSkipsIt) {
  FakeIndex index({"a/1", "a/2", "b/1", "c"});
  auto r = request("", "/");
  r.start_after = "a/1";
  auto page = listObjectsV2(index.scan(), r);
  EXPECT_EQ(page.common_prefixes, (Keys{"b/"}));
  EXPECT_EQ(keysOf(page), (Keys{"c"}));
  r.start_after = "a";  // before the prefix "a/": it is listed
  EXPECT_EQ(listObjectsV2(index.scan(), r).common_prefixes, (Keys{"a/", "b/"}));
}

TEST(S3Listing, MarkerEqualToACommonPrefixDoesNotRepeatIt) {
  // versitygw #816: list-objects --delimiter / --marker boo/ --max-keys 1 is not truncated.
  FakeIndex index({"asdf", "boo/bar", "boo/baz/xyzzy", "cquux/thud", "cquux/bla"});
  auto r = request("", "/", 1);
  r.marker = "boo/";
  auto page = listObjectsV1(index.scan(), r);
  EXPECT_EQ(page.common_prefixes, (Keys{"cquux/"}));
  EXPECT_FALSE(page.truncated);
}

TEST(S3Listing, V1NextMarkerOnlyWithADelimiter) {
  FakeIndex index({"a", "b/1", "c"});
  auto flat = listObjectsV1(index.scan(), request("", "", 1));
  EXPECT_TRUE(flat.truncated);
  EXPECT_FALSE(flat.next_marker);
  auto r = request("", "/", 2);
  auto rolled = listObjectsV1(index.scan(), r);
  EXPECT_TRUE(rolled.truncated);
  EXPECT_EQ(rolled.next_marker, "b/");
  r.marker = *rolled.next_marker;
  auto next = listObjectsV1(index.scan(), r);
  EXPECT_EQ(keysOf(next), (Keys{"c"}));
  EXPECT_FALSE(next.truncated);
}

TEST(S3Listing, PrefixBoundsTheScan) {
  FakeIndex index({"a1", "b1", "b2", "c1"});
  auto page = listObjectsV2(index.scan(), request("b", ""));
  EXPECT_EQ(keysOf(page), (Keys{"b1", "b2"}));
  EXPECT_FALSE(page.truncated);
  auto r = request("b", "");
  r.start_after = "a";  // before the prefix
  EXPECT_EQ(keysOf(listObjectsV2(index.scan(), r)), (Keys{"b1", "b2"}));
  r.start_after = "z";  // after it
  EXPECT_TRUE(listObjectsV2(index.scan(), r).contents.empty());
}

TEST(S3Listing, CommonPrefixesAreSkippedNotRead) {
  Keys keys;
  for (int p = 0; p < 5; ++p)
    for (int i = 0; i < 1000; ++i)
      keys.push_back("dir" + std::to_string(p) + "/" + std::to_string(i));
  FakeIndex index(keys);
  auto page = listObjectsV2(index.scan(), request("", "/"));
  EXPECT_EQ(page.common_prefixes.size(), 5u);
  EXPECT_EQ(index.scans, 6u);      // one seek per prefix and one to find the end
  EXPECT_EQ(index.rows_read, 5u);  // the first key under each prefix, none of the other 4995
}

TEST(S3Listing, PageCostScalesWithThePage) {
  Keys keys;
  for (int i = 0; i < 10000; ++i) keys.push_back("k" + std::to_string(100000 + i));
  FakeIndex index(keys);
  auto page = listObjectsV2(index.scan(), request("", "", 10));
  EXPECT_EQ(page.contents.size(), 10u);
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(index.rows_read, 11u);
}

TEST(S3Listing, MalformedContinuationTokenIsInvalidArgument) {
  FakeIndex index({"a"});
  auto r = request("", "");
  r.continuation_token = "not-a-token";
  try {
    listObjectsV2(index.scan(), r);
    FAIL() << "no error";
  } catch (const AwsError& e) {
    EXPECT_EQ(e.code, "InvalidArgument");
  }
  EXPECT_EQ(decodeContinuationToken(encodeContinuationToken("x/\xc3\xa9")), "x/\xc3\xa9");
}

TEST(S3Listing, MaxKeysAboveOneThousandIsCapped) {
  Keys keys;
  for (int i = 0; i < 1500; ++i) keys.push_back("k" + std::to_string(10000 + i));
  FakeIndex index(keys);
  auto page = listObjectsV2(index.scan(), request("", "", 5000));
  EXPECT_EQ(page.contents.size(), 1000u);
  EXPECT_TRUE(page.truncated);
}

// ---- versions: entries of one key, newest first ------------------------------------------------

class FakeVersions {
 public:
  // (key, version id) newest first within a key once sorted by (key, seq DESC).
  void add(std::string key, std::string id, bool marker = false) {
    ObjectVersion v;
    v.key = std::move(key);
    v.version_id = std::move(id);
    v.is_delete_marker = marker;
    v.seq = ++seq_;
    rows_.push_back(v);
    std::sort(rows_.begin(), rows_.end(), [](const auto& a, const auto& b) {
      return a.key != b.key ? a.key < b.key : a.seq > b.seq;
    });
  }
  Scan<ObjectVersion> scan() {
    return [this](const Cursor& c, std::size_t limit, const Visit<ObjectVersion>& visit) {
      std::size_t given = 0;
      for (const auto& r : rows_) {
        if (given >= limit || c.kind == Cursor::Kind::End) break;
        bool take = c.kind == Cursor::Kind::AtKey ? r.key >= c.key
                    : c.kind == Cursor::Kind::AfterKey
                        ? r.key > c.key
                        : (r.key == c.key && r.seq < c.seq) || r.key > c.key;
        if (!take) continue;
        ++given;
        if (!visit(ObjectVersion(r))) break;
      }
    };
  }
  MarkerLookup lookup() {
    return [this](const std::string& key, const std::string& id) -> std::optional<std::int64_t> {
      for (const auto& r : rows_)
        if (r.key == key && r.version_id == id) return r.seq;
      return std::nullopt;
    };
  }

 private:
  std::vector<ObjectVersion> rows_;
  std::int64_t seq_ = 0;
};

std::vector<std::string> idsOf(const MarkedPage<ObjectVersion>& page) {
  std::vector<std::string> ids;
  for (const auto& v : page.entries) ids.push_back(v.key + "@" + v.version_id);
  return ids;
}

TEST(S3ListingVersions, NewestFirstPerKeyAndPagedByKeyAndVersionMarkers) {
  FakeVersions versions;
  versions.add("a", "a1");
  versions.add("b", "b1");
  versions.add("a", "a2");
  versions.add("a", "a3", true);
  MarkedRequest r;
  r.max = 2;
  auto first = listObjectVersions(versions.scan(), versions.lookup(), r);
  EXPECT_EQ(idsOf(first), (Keys{"a@a3", "a@a2"}));
  ASSERT_TRUE(first.truncated);
  EXPECT_EQ(first.next_key_marker, "a");
  EXPECT_EQ(first.next_id_marker, "a2");
  r.key_marker = *first.next_key_marker;
  r.id_marker = *first.next_id_marker;
  auto second = listObjectVersions(versions.scan(), versions.lookup(), r);
  EXPECT_EQ(idsOf(second), (Keys{"a@a1", "b@b1"}));
  EXPECT_FALSE(second.truncated);
  EXPECT_FALSE(second.next_key_marker);

  // A key marker alone starts after every version of that key.
  r.id_marker.clear();
  EXPECT_EQ(idsOf(listObjectVersions(versions.scan(), versions.lookup(), r)), (Keys{"b@b1"}));
}

TEST(S3ListingVersions, VersionMarkerWithoutKeyMarkerIsInvalid) {
  FakeVersions versions;
  MarkedRequest r;
  r.id_marker = "v";
  EXPECT_THROW(listObjectVersions(versions.scan(), versions.lookup(), r), AwsError);
}

TEST(S3ListingVersions, DelimiterAndUnknownVersionMarker) {
  FakeVersions versions;
  versions.add("d/x", "1");
  versions.add("d/y", "2");
  versions.add("e", "3");
  MarkedRequest r;
  r.delimiter = "/";
  r.max = 1;
  auto first = listObjectVersions(versions.scan(), versions.lookup(), r);
  EXPECT_EQ(first.common_prefixes, (Keys{"d/"}));
  EXPECT_EQ(first.next_key_marker, "d/");
  EXPECT_FALSE(first.next_id_marker);
  r.key_marker = "d/";
  auto second = listObjectVersions(versions.scan(), versions.lookup(), r);
  EXPECT_EQ(idsOf(second), (Keys{"e@3"}));
  r.key_marker = "e";
  r.delimiter.clear();
  r.id_marker = "unknown";
  EXPECT_TRUE(listObjectVersions(versions.scan(), versions.lookup(), r).entries.empty());
}

}  // namespace
}  // namespace awsemu::s3::listing
