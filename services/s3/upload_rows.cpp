// The uploads and parts tables: multipart uploads in progress.
#include "services/s3/row_json.hpp"
#include "services/s3/s3_rows.hpp"

namespace awsemu::s3 {
namespace {

constexpr std::string_view kUploadColumns =
    "seq, upload_id, bucket, object_key, initiated_ms, owner, storage_class, headers, metadata, "
    "checksum, tags, acl, sse, object_lock";

std::string select(std::string_view tail) {
  return "SELECT " + std::string(kUploadColumns) + " FROM uploads " + std::string(tail);
}

Json jsonColumn(const storage::Statement& row, int column) {
  return rowjson::parse(row.columnTextView(column), Json::object());
}

Upload uploadFrom(const storage::Statement& row) {
  Upload u;
  u.seq = row.columnInt64(0);
  u.upload_id = row.columnText(1);
  u.bucket = row.columnText(2);
  u.key = row.columnText(3);
  u.initiated_ms = row.columnInt64(4);
  auto& a = u.attributes;
  a.owner = row.columnText(5);
  a.storage_class = row.columnText(6);
  a.headers = jsonColumn(row, 7);
  a.metadata = jsonColumn(row, 8);
  a.checksum = jsonColumn(row, 9);
  a.tags = jsonColumn(row, 10);
  a.acl = jsonColumn(row, 11);
  a.sse = jsonColumn(row, 12);
  a.object_lock = jsonColumn(row, 13);
  return u;
}

Part partFrom(const storage::Statement& row) {
  Part p;
  p.upload_id = row.columnText(0);
  p.part_number = static_cast<int>(row.columnInt64(1));
  p.size = static_cast<std::uint64_t>(row.columnInt64(2));
  p.etag = row.columnText(3);
  p.last_modified_ms = row.columnInt64(4);
  p.checksum = jsonColumn(row, 5);
  p.data_file = row.columnText(6);
  return p;
}

constexpr std::string_view kPartColumns =
    "upload_id, part_number, size, etag, last_modified_ms, checksum, data_file";

}  // namespace

std::optional<Upload> S3Rows::upload(std::string_view upload_id) {
  std::optional<Upload> found;
  db_.statement(select("WHERE upload_id = ?")).bindAll(upload_id).each([&](const auto& row) {
    found = uploadFrom(row);
  });
  return found;
}

void S3Rows::insertUpload(Upload& u) {
  const auto& a = u.attributes;
  auto insert = db_.statement(
      "INSERT INTO uploads(upload_id, bucket, object_key, initiated_ms, owner, storage_class, "
      "headers, metadata, checksum, tags, acl, sse, object_lock) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bindAll(u.upload_id, u.bucket, u.key, u.initiated_ms, a.owner, a.storage_class,
                 rowjson::dump(a.headers), rowjson::dump(a.metadata), rowjson::dump(a.checksum),
                 rowjson::dump(a.tags), rowjson::dump(a.acl), rowjson::dump(a.sse),
                 rowjson::dump(a.object_lock));
  insert.run();
  u.seq = db_.lastInsertRowId();
}

void S3Rows::deleteUpload(std::string_view upload_id) {
  db_.run("DELETE FROM parts WHERE upload_id = ?", upload_id);
  db_.run("DELETE FROM uploads WHERE upload_id = ?", upload_id);
}

void S3Rows::uploads(std::string_view bucket, const listing::Cursor& cursor, std::size_t limit,
                     const listing::Visit<Upload>& visit) {
  using Kind = listing::Cursor::Kind;
  if (cursor.kind == Kind::End || limit == 0) return;
  // Steps the statement until the visitor stops; nullopt when it did.
  auto visitRows = [&](storage::Statement&& statement) -> std::optional<std::size_t> {
    std::size_t visited = 0;
    while (statement.step()) {
      ++visited;
      if (!visit(uploadFrom(statement))) {
        statement.reset();
        return std::nullopt;
      }
    }
    statement.reset();
    return visited;
  };
  if (cursor.kind == Kind::AfterEntry) {
    auto visited = visitRows(
        db_.statement(
               select("WHERE bucket = ? AND object_key = ? AND seq > ? ORDER BY seq LIMIT ?"))
            .bindAll(bucket, cursor.key, cursor.seq, limit));
    if (!visited) return;
    limit -= *visited;
    if (limit == 0) return;
  }
  const char* compare = cursor.kind == Kind::AtKey ? ">=" : ">";
  visitRows(db_.statement(select(std::string("WHERE bucket = ? AND object_key ") + compare +
                                 " ? ORDER BY object_key, seq LIMIT ?"))
                .bindAll(bucket, cursor.key, limit));
}

std::vector<std::string> S3Rows::uploadIds(std::string_view bucket) {
  std::vector<std::string> ids;
  db_.statement("SELECT upload_id FROM uploads WHERE bucket = ?")
      .bindAll(bucket)
      .each([&](const storage::Statement& row) { ids.push_back(row.columnText(0)); });
  return ids;
}

std::optional<Part> S3Rows::part(std::string_view upload_id, int part_number) {
  std::optional<Part> found;
  db_.statement("SELECT " + std::string(kPartColumns) +
                " FROM parts WHERE upload_id = ? AND part_number = ?")
      .bindAll(upload_id, part_number)
      .each([&](const storage::Statement& row) { found = partFrom(row); });
  return found;
}

void S3Rows::putPart(const Part& p) {
  db_.run("INSERT OR REPLACE INTO parts(" + std::string(kPartColumns) +
              ") VALUES (?, ?, ?, ?, ?, ?, ?)",
          p.upload_id, p.part_number, p.size, p.etag, p.last_modified_ms, rowjson::dump(p.checksum),
          p.data_file);
}

std::vector<Part> S3Rows::parts(std::string_view upload_id, int after, std::size_t limit) {
  std::vector<Part> out;
  db_.statement("SELECT " + std::string(kPartColumns) +
                " FROM parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number "
                "LIMIT ?")
      .bindAll(upload_id, after, limit)
      .each([&](const storage::Statement& row) { out.push_back(partFrom(row)); });
  return out;
}

}  // namespace awsemu::s3
