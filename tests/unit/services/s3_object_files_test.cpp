// Object data files: atomic placement, reads through descriptors that survive unlinking, and the
// start-up sweep of files no row references.
#include "services/s3/object_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "s3_test_support.hpp"

namespace awsemu::s3 {
namespace {

std::size_t filesIn(const std::filesystem::path& directory) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory))
    if (entry.is_regular_file()) ++count;
  return count;
}

class S3ObjectFiles : public ::testing::Test {
 protected:
  testing::TempDir dir;
  ObjectFiles files{dir.path() / "objects", /*durable=*/true};
};

TEST_F(S3ObjectFiles, WriteAndReadBack) {
  auto name = files.write("hello world");
  EXPECT_EQ(name.size(), 33u);
  EXPECT_EQ(name[2], '/');
  auto handle = files.openForRead(name);
  EXPECT_EQ(handle.size(), 11u);
  EXPECT_EQ(handle.readAll(), "hello world");
  EXPECT_EQ(handle.read(6, 100), "world");
  EXPECT_EQ(handle.read(20, 1), "");
  EXPECT_EQ(filesIn(dir.path() / "objects" / "incoming"), 0u);  // nothing left behind
}

TEST_F(S3ObjectFiles, AdoptMovesTheSpoolFile) {
  auto spool = dir.path() / "spool.tmp";
  std::ofstream(spool) << "spooled body";
  auto name = files.adopt(spool);
  EXPECT_FALSE(std::filesystem::exists(spool));
  EXPECT_EQ(files.openForRead(name).readAll(), "spooled body");
  EXPECT_THROW(files.adopt(dir.path() / "missing.tmp"), std::system_error);
}

TEST_F(S3ObjectFiles, AnOpenHandleOutlivesTheFile) {
  auto name = files.write("old data");
  auto handle = files.openForRead(name);
  files.remove(name);
  EXPECT_FALSE(std::filesystem::exists(files.pathOf(name)));
  EXPECT_EQ(handle.readAll(), "old data");  // a GET in progress finishes with what it started
  EXPECT_THROW(files.openForRead(name), std::system_error);
}

TEST_F(S3ObjectFiles, ConcatenateAndCopyRange) {
  std::vector<FileHandle> parts;
  parts.push_back(files.openForRead(files.write("abc")));
  parts.push_back(files.openForRead(files.write("")));
  parts.push_back(files.openForRead(files.write("defg")));
  auto whole = files.concatenate(parts);
  EXPECT_EQ(files.openForRead(whole).readAll(), "abcdefg");
  auto source = files.openForRead(whole);
  EXPECT_EQ(files.openForRead(files.copyRange(source.fd(), 2, 3)).readAll(), "cde");
  EXPECT_THROW(files.copyRange(source.fd(), 5, 10), std::system_error);  // past the end
}

TEST_F(S3ObjectFiles, NamesOutsideTheStoreAreRefused) {
  EXPECT_THROW(files.pathOf("../../etc/passwd"), std::invalid_argument);
  EXPECT_THROW(files.pathOf("ab/../../../../etc/pass"), std::invalid_argument);
  files.remove("../x");  // ignored, no throw
}

TEST_F(S3ObjectFiles, RemoveOrphansKeepsOnlyReferencedFiles) {
  auto kept = files.write("kept");
  auto orphan = files.write("orphan");
  std::ofstream(dir.path() / "objects" / "incoming" / "half-written.tmp") << "partial";
  EXPECT_EQ(files.removeOrphans({kept}), 2u);
  EXPECT_TRUE(std::filesystem::exists(files.pathOf(kept)));
  EXPECT_FALSE(std::filesystem::exists(files.pathOf(orphan)));
  EXPECT_EQ(filesIn(dir.path() / "objects"), 1u);
}

TEST_F(S3ObjectFiles, StagedFilesAreRemovedUnlessKept) {
  std::string dropped, kept;
  {
    StagedFile a(files, files.write("a"));
    StagedFile b(files, files.write("b"));
    dropped = a.name();
    kept = b.name();
    b.keep();
  }
  EXPECT_FALSE(std::filesystem::exists(files.pathOf(dropped)));
  EXPECT_TRUE(std::filesystem::exists(files.pathOf(kept)));
}

TEST_F(S3ObjectFiles, FileHandleMovesAndReleases) {
  auto handle = files.openForRead(files.write("x"));
  FileHandle moved = std::move(handle);
  EXPECT_FALSE(handle.valid());
  ASSERT_TRUE(moved.valid());
  int fd = moved.release();
  EXPECT_FALSE(moved.valid());
  EXPECT_GE(fd, 0);
  ::close(fd);
}

}  // namespace
}  // namespace awsemu::s3
