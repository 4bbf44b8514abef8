// Transaction: commit, rollback on destruction or exception, nesting as savepoints.
#include "awsemu/storage/transaction.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "awsemu/storage/storage_error.hpp"

namespace awsemu::storage {
namespace {

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override { db.exec("CREATE TABLE t(x INTEGER UNIQUE)"); }
  int count() { return db.statement("SELECT count(*) FROM t").scalar<int>().value(); }
  Database db = Database::openInMemory();
};

TEST_F(TransactionTest, CommitKeepsTheWork) {
  {
    Transaction tx(db);
    EXPECT_TRUE(db.inTransaction());
    db.run("INSERT INTO t VALUES(1)");
    db.run("INSERT INTO t VALUES(2)");
    tx.commit();
    EXPECT_FALSE(tx.isActive());
  }
  EXPECT_FALSE(db.inTransaction());
  EXPECT_EQ(count(), 2);
}

TEST_F(TransactionTest, DestructionWithoutCommitRollsBack) {
  {
    Transaction tx(db);
    db.run("INSERT INTO t VALUES(1)");
  }
  EXPECT_FALSE(db.inTransaction());
  EXPECT_EQ(count(), 0);
}

TEST_F(TransactionTest, AnExceptionRollsBackEverything) {
  db.run("INSERT INTO t VALUES(1)");
  try {
    Transaction tx(db);
    db.run("INSERT INTO t VALUES(2)");
    db.run("INSERT INTO t VALUES(1)");  // unique violation
    tx.commit();
  } catch (const ConstraintError&) {
  }
  EXPECT_EQ(count(), 1);
}

TEST_F(TransactionTest, ExplicitRollback) {
  Transaction tx(db);
  db.run("INSERT INTO t VALUES(1)");
  tx.rollback();
  EXPECT_FALSE(db.inTransaction());
  EXPECT_EQ(count(), 0);
  EXPECT_NO_THROW(tx.commit());  // no longer active: nothing to do
}

TEST_F(TransactionTest, NestedTransactionIsASavepoint) {
  Transaction outer(db);
  db.run("INSERT INTO t VALUES(1)");
  {
    Transaction inner(db);
    EXPECT_TRUE(inner.isSavepoint());
    db.run("INSERT INTO t VALUES(2)");
  }  // inner rolled back only
  EXPECT_TRUE(db.inTransaction());
  {
    Transaction inner(db);
    db.run("INSERT INTO t VALUES(3)");
    inner.commit();
  }
  outer.commit();
  EXPECT_EQ(count(), 2);
  EXPECT_EQ(db.statement("SELECT sum(x) FROM t").scalar<int>(), 4);
}

TEST_F(TransactionTest, BeginInsideAnotherTransactionOfTheSameConnectionComposes) {
  auto work = [&](int value) {
    Transaction tx(db);
    db.run("INSERT INTO t VALUES(?)", value);
    if (value < 0) throw std::runtime_error("refused");
    tx.commit();
  };
  Transaction outer(db);
  work(1);
  EXPECT_THROW(work(-1), std::runtime_error);
  outer.commit();
  EXPECT_EQ(count(), 1);
}

}  // namespace
}  // namespace awsemu::storage
