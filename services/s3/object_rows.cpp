// The objects table: versions and delete markers.
#include "services/s3/row_json.hpp"
#include "services/s3/s3_rows.hpp"

namespace awsemu::s3 {
namespace {

// The last column says whether the version's bytes are in object_data (small objects): no data
// file and not a delete marker.
constexpr std::string_view kObjectColumns =
    "seq, bucket, object_key, version_id, is_latest, is_delete_marker, size, etag, "
    "last_modified_ms, owner, storage_class, headers, metadata, checksum, tags, acl, sse, "
    "object_lock, part_count, parts, data_file, data_file = '' AND is_delete_marker = 0";

// ListObjects reads only what a listing entry shows: the JSON members it does not show (headers,
// metadata, tags, ACL, SSE, lock, parts) come back empty, so a page of 1000 keys parses no JSON
// beyond each row's checksum.
constexpr std::string_view kListingColumns =
    "seq, bucket, object_key, version_id, is_latest, is_delete_marker, size, etag, "
    "last_modified_ms, owner, storage_class, '{}', '{}', checksum, '{}', '{}', '{}', "
    "'{}', part_count, '[]', data_file, data_file = '' AND is_delete_marker = 0";

// A write reads the versions it replaces or checks only for their seq, marker flag, ETag, version
// id and data file: no JSON member is parsed.
constexpr std::string_view kWriteColumns =
    "seq, bucket, object_key, version_id, is_latest, is_delete_marker, size, etag, "
    "last_modified_ms, owner, storage_class, '{}', '{}', '{}', '{}', '{}', '{}', "
    "'{}', part_count, '[]', data_file, data_file = '' AND is_delete_marker = 0";

// Reading an object's data (GetObject, copy sources) shows or copies everything but its ACL,
// the largest JSON member: it comes back empty.
constexpr std::string_view kDataReadColumns =
    "seq, bucket, object_key, version_id, is_latest, is_delete_marker, size, etag, "
    "last_modified_ms, owner, storage_class, headers, metadata, checksum, tags, '{}', sse, "
    "object_lock, part_count, parts, data_file, data_file = '' AND is_delete_marker = 0";

constexpr int kBytesColumn = 22;  // object_data.bytes after the columns above (withData)

std::string select(std::string_view tail, std::string_view columns = kObjectColumns) {
  return "SELECT " + std::string(columns) + " FROM objects " + std::string(tail);
}

// The row (without its ACL) and, for a small object, its bytes: one look-up for a GetObject.
std::string selectWithData(std::string_view tail) {
  return "SELECT " + std::string(kDataReadColumns) +
         ", object_data.bytes FROM objects LEFT JOIN object_data USING (seq) " + std::string(tail);
}

Json jsonColumn(const storage::Statement& row, int column) {
  return rowjson::parse(row.columnTextView(column), Json::object());
}

ObjectVersion objectFrom(const storage::Statement& row) {
  ObjectVersion o;
  o.seq = row.columnInt64(0);
  o.bucket = row.columnText(1);
  o.key = row.columnText(2);
  o.version_id = row.columnText(3);
  o.is_latest = row.columnInt64(4) != 0;
  o.is_delete_marker = row.columnInt64(5) != 0;
  o.size = static_cast<std::uint64_t>(row.columnInt64(6));
  o.etag = row.columnText(7);
  o.last_modified_ms = row.columnInt64(8);
  auto& a = o.attributes;
  a.owner = row.columnText(9);
  a.storage_class = row.columnText(10);
  a.headers = jsonColumn(row, 11);
  a.metadata = jsonColumn(row, 12);
  a.checksum = jsonColumn(row, 13);
  a.tags = jsonColumn(row, 14);
  a.acl = jsonColumn(row, 15);
  a.sse = jsonColumn(row, 16);
  a.object_lock = jsonColumn(row, 17);
  o.part_count = static_cast<int>(row.columnInt64(18));
  o.parts = rowjson::parse(row.columnTextView(19), Json::array());
  o.data_file = row.columnText(20);
  o.stored_inline = row.columnInt64(21) != 0;
  return o;
}

std::optional<ObjectVersion> first(storage::Statement&& statement, bool with_data = false) {
  std::optional<ObjectVersion> found;
  if (statement.step()) {
    found = objectFrom(statement);
    if (with_data && found->stored_inline && !statement.isNull(kBytesColumn))
      found->inline_bytes = statement.columnBlob(kBytesColumn);
  }
  statement.reset();
  return found;
}

constexpr std::string_view kLatest = "WHERE bucket = ? AND object_key = ? AND is_latest = 1";
constexpr std::string_view kVersion = "WHERE bucket = ? AND object_key = ? AND version_id = ?";

// Steps `statement` handing each row to `visit` until it returns false. Returns the number of
// rows visited, or nullopt when the visitor stopped the scan.
std::optional<std::size_t> visitRows(storage::Statement&& statement,
                                     const listing::Visit<ObjectVersion>& visit) {
  std::size_t visited = 0;
  while (statement.step()) {
    ++visited;
    if (!visit(objectFrom(statement))) {
      statement.reset();
      return std::nullopt;
    }
  }
  statement.reset();
  return visited;
}

std::string_view fieldColumn(ObjectField field) {
  switch (field) {
    case ObjectField::Tags:
      return "tags";
    case ObjectField::Acl:
      return "acl";
    case ObjectField::ObjectLock:
      break;
  }
  return "object_lock";
}

}  // namespace

std::optional<ObjectVersion> S3Rows::latest(std::string_view bucket, std::string_view key,
                                            Columns columns) {
  if (columns == Columns::WithData)
    return first(db_.statement(selectWithData(kLatest)).bindAll(bucket, key), true);
  return first(
      db_.statement(select(kLatest, columns == Columns::ForWrite ? kWriteColumns : kObjectColumns))
          .bindAll(bucket, key));
}

std::optional<ObjectVersion> S3Rows::version(std::string_view bucket, std::string_view key,
                                             std::string_view version_id, Columns columns) {
  if (columns == Columns::WithData)
    return first(db_.statement(selectWithData(kVersion)).bindAll(bucket, key, version_id), true);
  return first(
      db_.statement(select(kVersion, columns == Columns::ForWrite ? kWriteColumns : kObjectColumns))
          .bindAll(bucket, key, version_id));
}

std::optional<ObjectVersion> S3Rows::newest(std::string_view bucket, std::string_view key) {
  return first(db_.statement(select("WHERE bucket = ? AND object_key = ? ORDER BY seq DESC LIMIT 1",
                                    kWriteColumns))
                   .bindAll(bucket, key));
}

std::int64_t S3Rows::insertObject(ObjectVersion& o) {
  const auto& a = o.attributes;
  auto insert = db_.statement(
      "INSERT INTO objects(bucket, object_key, version_id, is_latest, is_delete_marker, size, "
      "etag, last_modified_ms, owner, storage_class, headers, metadata, checksum, tags, acl, sse, "
      "object_lock, part_count, parts, data_file) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bindAll(o.bucket, o.key, o.version_id, o.is_latest ? 1 : 0, o.is_delete_marker ? 1 : 0,
                 o.size, o.etag, o.last_modified_ms, a.owner, a.storage_class);
  insert.bind(11, rowjson::dump(a.headers)).bind(12, rowjson::dump(a.metadata));
  insert.bind(13, rowjson::dump(a.checksum)).bind(14, rowjson::dump(a.tags));
  insert.bind(15, rowjson::dump(a.acl)).bind(16, rowjson::dump(a.sse));
  insert.bind(17, rowjson::dump(a.object_lock)).bind(18, o.part_count);
  insert.bind(19, rowjson::dump(o.parts)).bind(20, o.data_file);
  insert.run();
  o.seq = db_.lastInsertRowId();
  if (o.inline_bytes)
    db_.run("INSERT INTO object_data(seq, bytes) VALUES (?, ?)", o.seq,
            storage::Blob{*o.inline_bytes});
  o.stored_inline = o.inline_bytes.has_value();
  return o.seq;
}

std::optional<std::string> S3Rows::inlineData(std::int64_t seq) {
  auto query = db_.statement("SELECT bytes FROM object_data WHERE seq = ?");
  query.bindAll(seq);
  std::optional<std::string> bytes;
  if (query.step()) bytes = query.columnBlob(0);
  query.reset();
  return bytes;
}

void S3Rows::deleteObject(std::int64_t seq) { db_.run("DELETE FROM objects WHERE seq = ?", seq); }

void S3Rows::clearLatest(std::string_view bucket, std::string_view key) {
  db_.run("UPDATE objects SET is_latest = 0 WHERE bucket = ? AND object_key = ? AND is_latest = 1",
          bucket, key);
}

void S3Rows::setLatest(std::int64_t seq) {
  db_.run("UPDATE objects SET is_latest = 1 WHERE seq = ?", seq);
}

void S3Rows::updateObjectField(std::int64_t seq, ObjectField field, const Json& value) {
  db_.run("UPDATE objects SET " + std::string(fieldColumn(field)) + " = ? WHERE seq = ?",
          rowjson::dump(value), seq);
}

void S3Rows::currentObjects(std::string_view bucket, const listing::Cursor& cursor,
                            std::size_t limit, const listing::Visit<ObjectVersion>& visit) {
  using Kind = listing::Cursor::Kind;
  if (cursor.kind == Kind::End || limit == 0) return;
  // One row per key here, so "after an entry" is "after its key".
  const char* compare = cursor.kind == Kind::AtKey ? ">=" : ">";
  visitRows(db_.statement(select(std::string("WHERE bucket = ? AND is_latest = 1 AND "
                                             "is_delete_marker = 0 AND object_key ") +
                                     compare + " ? ORDER BY object_key LIMIT ?",
                                 kListingColumns))
                .bindAll(bucket, cursor.key, limit),
            visit);
}

void S3Rows::versions(std::string_view bucket, const listing::Cursor& cursor, std::size_t limit,
                      const listing::Visit<ObjectVersion>& visit) {
  using Kind = listing::Cursor::Kind;
  if (cursor.kind == Kind::End || limit == 0) return;
  if (cursor.kind == Kind::AfterEntry) {
    // The older versions of the cursor's key first, then the keys after it.
    auto visited = visitRows(db_.statement(select("WHERE bucket = ? AND object_key = ? AND seq < ? "
                                                  "ORDER BY seq DESC LIMIT ?"))
                                 .bindAll(bucket, cursor.key, cursor.seq, limit),
                             visit);
    if (!visited) return;
    limit -= *visited;
    if (limit == 0) return;
  }
  const char* compare = cursor.kind == Kind::AtKey ? ">=" : ">";
  visitRows(db_.statement(select(std::string("WHERE bucket = ? AND object_key ") + compare +
                                 " ? ORDER BY object_key, seq DESC LIMIT ?"))
                .bindAll(bucket, cursor.key, limit),
            visit);
}

}  // namespace awsemu::s3
