#pragma once
// IAM's SQLite database (PERSISTENCE=1): one row per entity, its JSON in `doc`. IAM is called
// rarely, so every change is written synchronously by the handler that made it (handlers run on
// the blocking pool); start-up reads every row back.
#include <functional>
#include <string>

#include "awsemu/core/json.hpp"
#include "awsemu/storage/database.hpp"

namespace awsemu::iam_service {

class IamStore {
 public:
  explicit IamStore(storage::Database database);
  void put(const std::string& account, const std::string& kind, const std::string& key,
           const Json& doc);
  void remove(const std::string& account, const std::string& kind, const std::string& key);
  // Every row, in no particular order.
  void forEach(const std::function<void(const std::string& account, const std::string& kind,
                                        const std::string& key, const Json& doc)>& fn);
  void clear();
  void close();

 private:
  storage::Database db_;
};

}  // namespace awsemu::iam_service
