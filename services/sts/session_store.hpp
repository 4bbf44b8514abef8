#pragma once
// Temporary credentials STS has issued, in the service's SQLite database.
#include <optional>
#include <vector>

#include "awsemu/service/credential_registry.hpp"
#include "awsemu/storage/database.hpp"

namespace awsemu::sts {

class SessionStore {
 public:
  explicit SessionStore(storage::Database database);
  void save(const auth::Credential& credential);
  // Unexpired sessions (to publish to the credential registry at start-up).
  std::vector<auth::Credential> loadValid(SystemTime now);
  void clear();
  void close();

 private:
  storage::Database db_;
};

}  // namespace awsemu::sts
