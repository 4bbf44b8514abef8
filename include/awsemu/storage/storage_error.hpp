#pragma once
// Errors of the storage layer. They are internal: they never reach a client as they are. The
// gateway turns any StorageError into a logged 500 InternalFailure; a service that expects one (a
// unique violation meaning "already exists") catches ConstraintError and throws its own AwsError
// instead.
#include <stdexcept>
#include <string>

namespace awsemu::storage {

// A failed SQLite call. code() is SQLite's extended result code
// (https://www.sqlite.org/rescode.html).
class StorageError : public std::runtime_error {
 public:
  StorageError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const noexcept { return code_; }
  int primaryCode() const noexcept { return code_ & 0xff; }

 private:
  int code_;
};

// SQLITE_CONSTRAINT: a UNIQUE / PRIMARY KEY / FOREIGN KEY / NOT NULL / CHECK constraint failed.
class ConstraintError : public StorageError {
 public:
  using StorageError::StorageError;
  bool isUnique() const noexcept;  // UNIQUE or PRIMARY KEY (a row with that key already exists)
  bool isForeignKey() const noexcept;
  bool isNotNull() const noexcept;
  bool isCheck() const noexcept;
};

// The database file was written by a newer awsemu (its schema version is above every migration
// this build knows); opening it would risk corrupting data we do not understand.
class SchemaTooNewError : public StorageError {
 public:
  SchemaTooNewError(int database_version, int known_version);
  int databaseVersion() const noexcept { return database_version_; }
  int knownVersion() const noexcept { return known_version_; }

 private:
  int database_version_;
  int known_version_;
};

}  // namespace awsemu::storage
