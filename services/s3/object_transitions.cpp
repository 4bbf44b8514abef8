// S3Engine::transitionObject: the storage class change a Lifecycle Transition or
// NoncurrentVersionTransition makes (lifecycle_sweeper.hpp). The data stays where it is; only the
// version's class changes, which is what HeadObject, listings and the archive rules (GLACIER and
// DEEP_ARCHIVE need RestoreObject before GetObject) look at.
#include "awsemu/storage/transaction.hpp"
#include "services/s3/s3_engine.hpp"

namespace awsemu::s3 {

bool S3Engine::transitionObject(const ObjectVersion& version, std::string_view storage_class) {
  return withRows([&](S3Rows&, storage::Database& database) {
    storage::Transaction tx(database);
    // Only the version as it was judged: not one rewritten, deleted or moved meanwhile.
    const bool changed =
        database.run(
            "UPDATE objects SET storage_class = ? WHERE seq = ? AND storage_class = ? AND "
            "is_delete_marker = 0",
            storage_class, version.seq, version.attributes.storage_class) > 0;
    tx.commit();
    return changed;
  });
}

}  // namespace awsemu::s3
