#include "services/dynamodbstreams/stream_log.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>

#include "awsemu/core/ids.hpp"
#include "services/dynamodb/values/attribute_value.hpp"
#include "services/dynamodbstreams/streams_errors.hpp"

namespace awsemu::dynamodbstreams {
namespace {

// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html: "All data in
// DynamoDB Streams is subject to a 24-hour lifetime."
constexpr double kRetentionSeconds = 24 * 3600;

std::string cbor(const Json& value) {
  auto bytes = Json::to_cbor(value);
  return std::string(bytes.begin(), bytes.end());
}

Json fromCbor(const std::string& bytes) { return Json::from_cbor(bytes.begin(), bytes.end()); }

Json identityJson(const StreamIdentity& s) {
  return {{"account", s.account},
          {"region", s.region},
          {"table_name", s.table_name},
          {"table_arn", s.table_arn},
          {"stream_arn", s.stream_arn},
          {"stream_label", s.stream_label},
          {"view_type", s.view_type},
          {"key_schema", s.key_schema},
          {"created", toEpochSeconds(s.created)}};
}

StreamIdentity identityFrom(const Json& j) {
  StreamIdentity s;
  s.account = j.at("account");
  s.region = j.at("region");
  s.table_name = j.at("table_name");
  s.table_arn = j.at("table_arn");
  s.stream_arn = j.at("stream_arn");
  s.stream_label = j.at("stream_label");
  s.view_type = j.at("view_type");
  s.key_schema = j.at("key_schema");
  s.created = fromEpochSeconds(j.at("created").get<double>());
  return s;
}

// "shardId-00000001733212345678-1a2b3c4d": creation time in milliseconds, then random hex.
std::string newShardId(double now) {
  char millis[32];
  std::snprintf(millis, sizeof millis, "%020lld", static_cast<long long>(now * 1000));
  std::string random = ids::randomAlnum(8);
  std::transform(random.begin(), random.end(), random.begin(),
                 [](unsigned char c) { return "0123456789abcdef"[c % 16]; });
  return "shardId-" + std::string(millis) + "-" + random;
}

std::string eventId() {
  std::string id = ids::uuid4();
  id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
  return id;
}

StorageWrites putStream(const Stream& stream) {
  return {[arn = stream.identity.stream_arn, identity = identityJson(stream.identity).dump(),
           shard = stream.shard.id, start = stream.shard.starting_sequence,
           end = stream.shard.ending_sequence, enabled = stream.enabled,
           disabled_at = stream.disabled_at](storage::Database& db) {
    db.run(
        "INSERT OR REPLACE INTO stream_streams(arn, identity, shard_id, start_seq, end_seq, "
        "enabled, disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        arn, identity, shard, static_cast<std::int64_t>(start),
        end ? std::optional<std::int64_t>(static_cast<std::int64_t>(*end)) : std::nullopt,
        static_cast<std::int64_t>(enabled ? 1 : 0), disabled_at);
  }};
}

}  // namespace

std::string StreamLog::formatSequence(std::uint64_t sequence) {
  char text[32];
  std::snprintf(text, sizeof text, "%021llu", static_cast<unsigned long long>(sequence));
  return text;
}

void StreamLog::load(storage::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS stream_streams(arn TEXT PRIMARY KEY, identity TEXT NOT NULL, "
      "shard_id TEXT NOT NULL, start_seq INTEGER NOT NULL, end_seq INTEGER, enabled INTEGER NOT "
      "NULL, disabled_at REAL NOT NULL);"
      "CREATE TABLE IF NOT EXISTS stream_records(seq INTEGER PRIMARY KEY, arn TEXT NOT NULL, "
      "created REAL NOT NULL, record BLOB NOT NULL);");
  std::unique_lock lock(mutex_);
  streams_.clear();
  db.statement(
        "SELECT arn, identity, shard_id, start_seq, end_seq, enabled, disabled_at FROM "
        "stream_streams")
      .each([&](const storage::Statement& row) {
        Stream stream;
        stream.identity = identityFrom(Json::parse(row.columnText(1)));
        stream.shard.id = row.columnText(2);
        stream.shard.starting_sequence = static_cast<std::uint64_t>(row.columnInt64(3));
        if (!row.isNull(4))
          stream.shard.ending_sequence = static_cast<std::uint64_t>(row.columnInt64(4));
        stream.enabled = row.columnInt64(5) != 0;
        stream.disabled_at = row.columnDouble(6);
        next_sequence_ = std::max(next_sequence_, stream.shard.starting_sequence);
        if (stream.shard.ending_sequence)
          next_sequence_ = std::max(next_sequence_, *stream.shard.ending_sequence + 1);
        streams_.emplace(row.columnText(0), std::move(stream));
      });
  db.statement("SELECT seq, arn, created, record FROM stream_records ORDER BY seq")
      .each([&](const storage::Statement& row) {
        auto it = streams_.find(row.columnText(1));
        auto sequence = static_cast<std::uint64_t>(row.columnInt64(0));
        next_sequence_ = std::max(next_sequence_, sequence + 1);
        if (it == streams_.end()) return;
        StreamRecord record;
        record.sequence = sequence;
        record.created = row.columnDouble(2);
        record.record = fromCbor(row.columnBlob(3));
        record.bytes = record.record["dynamodb"].value("SizeBytes", std::size_t{0});
        it->second.shard.records.push_back(std::move(record));
      });
  double now = toEpochSeconds(clock_.now());
  for (auto& [arn, stream] : streams_) trim(stream, now);
}

StorageWrites StreamLog::onReset() {
  std::unique_lock lock(mutex_);
  streams_.clear();
  trimmed_rows_.clear();
  return {[](storage::Database& db) {
    db.exec("DELETE FROM stream_records; DELETE FROM stream_streams;");
  }};
}

StorageWrites StreamLog::onStreamEnabled(const StreamIdentity& identity) {
  std::unique_lock lock(mutex_);
  Stream stream;
  stream.identity = identity;
  stream.shard.id = newShardId(toEpochSeconds(identity.created));
  stream.shard.starting_sequence = next_sequence_;
  stream.shard.trimmed_before = next_sequence_;
  auto writes = putStream(stream);
  streams_[identity.stream_arn] = std::move(stream);
  return writes;
}

StorageWrites StreamLog::onStreamDisabled(const std::string& stream_arn) {
  std::unique_lock lock(mutex_);
  auto it = streams_.find(stream_arn);
  if (it == streams_.end() || !it->second.enabled) return {};
  Stream& stream = it->second;
  stream.enabled = false;
  stream.disabled_at = toEpochSeconds(clock_.now());
  // The closed shard ends at its last record (or just before where it started, when empty).
  stream.shard.ending_sequence = stream.shard.records.empty()
                                     ? stream.shard.starting_sequence
                                     : stream.shard.records.back().sequence;
  return putStream(stream);
}

Json StreamLog::makeRecord(const StreamIdentity& stream, const ItemChange& change,
                           std::uint64_t sequence, std::size_t& bytes) const {
  Json data = {
      {"ApproximateCreationDateTime", static_cast<std::int64_t>(toEpochSeconds(change.time))},
      {"Keys", change.keys},
      {"SequenceNumber", formatSequence(sequence)},
      {"StreamViewType", stream.view_type}};
  bytes = dynamodb::itemSize(change.keys);
  const bool new_image =
      stream.view_type == "NEW_IMAGE" || stream.view_type == "NEW_AND_OLD_IMAGES";
  const bool old_image =
      stream.view_type == "OLD_IMAGE" || stream.view_type == "NEW_AND_OLD_IMAGES";
  if (new_image && change.new_image) {
    data["NewImage"] = *change.new_image;
    bytes += dynamodb::itemSize(*change.new_image);
  }
  if (old_image && change.old_image) {
    data["OldImage"] = *change.old_image;
    bytes += dynamodb::itemSize(*change.old_image);
  }
  data["SizeBytes"] = bytes;
  Json record = {{"eventID", eventId()},       {"eventName", change.event_name},
                 {"eventVersion", "1.1"},      {"eventSource", "aws:dynamodb"},
                 {"awsRegion", stream.region}, {"dynamodb", std::move(data)}};
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html
  if (change.ttl_expiry)
    record["userIdentity"] = {{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}};
  return record;
}

StorageWrites StreamLog::onChange(const StreamIdentity& identity, const ItemChange& change) {
  std::unique_lock lock(mutex_);
  auto it = streams_.find(identity.stream_arn);
  if (it == streams_.end()) {  // enabled before this log knew of it (should not happen)
    lock.unlock();
    onStreamEnabled(identity);
    lock.lock();
    it = streams_.find(identity.stream_arn);
  }
  Stream& stream = it->second;
  if (!stream.enabled) return {};
  StreamRecord record;
  record.sequence = next_sequence_++;
  record.created = toEpochSeconds(change.time);
  record.record = makeRecord(identity, change, record.sequence, record.bytes);
  trim(stream, record.created);
  StorageWrites writes;
  writes.push_back([seq = record.sequence, arn = identity.stream_arn, created = record.created,
                    bytes = cbor(record.record)](storage::Database& db) {
    db.run("INSERT INTO stream_records(seq, arn, created, record) VALUES (?, ?, ?, ?)",
           static_cast<std::int64_t>(seq), arn, created, storage::Blob{bytes});
  });
  if (!trimmed_rows_.empty()) {
    writes.push_back([upto = trimmed_rows_.back()](storage::Database& db) {
      db.run("DELETE FROM stream_records WHERE seq <= ?", static_cast<std::int64_t>(upto));
    });
    trimmed_rows_.clear();
  }
  stream.shard.records.push_back(std::move(record));
  return writes;
}

void StreamLog::trim(Stream& stream, double now) {
  auto& records = stream.shard.records;
  while (!records.empty() && records.front().created < now - kRetentionSeconds) {
    stream.shard.trimmed_before = records.front().sequence + 1;
    trimmed_rows_.push_back(records.front().sequence);
    records.pop_front();
  }
}

std::vector<Stream> StreamLog::list(const std::string& account, const std::string& region,
                                    const std::string& table_name) const {
  std::shared_lock lock(mutex_);
  double now = toEpochSeconds(clock_.now());
  std::vector<Stream> out;
  for (const auto& [arn, stream] : streams_) {
    const auto& id = stream.identity;
    if (id.account != account || id.region != region) continue;
    if (!table_name.empty() && id.table_name != table_name) continue;
    if (!stream.enabled && stream.disabled_at < now - kRetentionSeconds) continue;
    Stream copy;
    copy.identity = id;
    copy.enabled = stream.enabled;
    out.push_back(std::move(copy));
  }
  std::sort(out.begin(), out.end(), [](const Stream& a, const Stream& b) {
    return a.identity.created < b.identity.created;
  });
  return out;
}

std::optional<Stream> StreamLog::describe(const std::string& stream_arn) const {
  std::shared_lock lock(mutex_);
  auto it = streams_.find(stream_arn);
  if (it == streams_.end()) return std::nullopt;
  Stream copy;
  copy.identity = it->second.identity;
  copy.enabled = it->second.enabled;
  copy.disabled_at = it->second.disabled_at;
  copy.shard.id = it->second.shard.id;
  copy.shard.starting_sequence = it->second.shard.starting_sequence;
  copy.shard.ending_sequence = it->second.shard.ending_sequence;
  return copy;
}

ReadPosition StreamLog::position(const std::string& stream_arn, const std::string& shard_id,
                                 const std::string& type,
                                 const std::optional<std::string>& sequence) const {
  std::shared_lock lock(mutex_);
  auto it = streams_.find(stream_arn);
  if (it == streams_.end()) throw errors::streamNotFound(stream_arn);
  const Shard& shard = it->second.shard;
  if (shard.id != shard_id) throw errors::shardNotFound(shard_id);
  ReadPosition at{stream_arn, shard_id, 0};
  if (type == "TRIM_HORIZON") {
    at.sequence = shard.records.empty() ? std::max(shard.trimmed_before, shard.starting_sequence)
                                        : shard.records.front().sequence;
    return at;
  }
  if (type == "LATEST") {
    at.sequence = shard.ending_sequence ? *shard.ending_sequence + 1 : next_sequence_;
    return at;
  }
  if (!sequence) throw errors::sequenceNumberRequired(type);
  std::uint64_t number = 0;
  if (sequence->empty() || sequence->size() > 40 ||
      !std::all_of(sequence->begin(), sequence->end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw errors::invalidSequenceNumber(*sequence);
  try {
    number = std::stoull(*sequence);
  } catch (const std::exception&) {
    throw errors::invalidSequenceNumber(*sequence);
  }
  bool in_shard =
      number >= shard.starting_sequence &&
      (shard.ending_sequence ? number <= *shard.ending_sequence : number < next_sequence_);
  if (!in_shard) throw errors::invalidSequenceNumber(*sequence);
  if (number < shard.trimmed_before && number >= shard.starting_sequence &&
      shard.trimmed_before > shard.starting_sequence)
    throw errors::trimmedDataAccess();
  at.sequence = type == "AFTER_SEQUENCE_NUMBER" ? number + 1 : number;
  return at;
}

RecordsPage StreamLog::read(const ReadPosition& from, std::size_t limit) const {
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_streams_GetRecords.html:
  // up to 1 MB or `limit` records per call.
  constexpr std::size_t kMaxBytes = 1 << 20;
  std::shared_lock lock(mutex_);
  auto it = streams_.find(from.stream_arn);
  if (it == streams_.end()) throw errors::streamNotFound(from.stream_arn);
  const Shard& shard = it->second.shard;
  if (shard.id != from.shard_id) throw errors::shardNotFound(from.shard_id);
  if (from.sequence < shard.trimmed_before && shard.trimmed_before > shard.starting_sequence &&
      (shard.records.empty() || from.sequence < shard.records.front().sequence))
    throw errors::trimmedDataAccess();
  RecordsPage page;
  auto first = std::lower_bound(shard.records.begin(), shard.records.end(), from.sequence,
                                [](const StreamRecord& record, std::uint64_t sequence) {
                                  return record.sequence < sequence;
                                });
  std::size_t bytes = 0;
  std::uint64_t next = from.sequence;
  auto record = first;
  for (; record != shard.records.end() && page.records.size() < limit; ++record) {
    if (!page.records.empty() && bytes + record->bytes > kMaxBytes) break;
    bytes += record->bytes;
    page.records.push_back(record->record);
    next = record->sequence + 1;
  }
  // A closed shard takes no more records: once its last one is read, the reader is done.
  bool finished = shard.ending_sequence && record == shard.records.end();
  if (!finished) page.next = next;
  return page;
}

}  // namespace awsemu::dynamodbstreams
