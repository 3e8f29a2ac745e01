#include "db/migration_file.h"

#include <gtest/gtest.h>

#include "util/temp_dir.h"

namespace strata::db {
namespace {

using testutil::TempDir;

std::vector<std::string> versions(const std::vector<MigrationFile>& ms) {
  std::vector<std::string> out;
  for (const auto& m : ms) out.push_back(m.version);
  return out;
}

TEST(VersionLess, IsNumericNotLexical) {
  EXPECT_TRUE(version_less("2", "10"));
  EXPECT_FALSE(version_less("10", "2"));
  EXPECT_TRUE(version_less("20240101000000", "20240101000001"));
}

TEST(VersionLess, LeadingZerosDoNotCount) {
  EXPECT_FALSE(version_less("007", "7"));
  EXPECT_FALSE(version_less("7", "007"));
  EXPECT_TRUE(version_less("0009", "10"));
  EXPECT_FALSE(version_less("0", "000"));
  EXPECT_TRUE(version_less("0", "1"));
}

TEST(VersionLess, IsAStrictOrder) {
  for (const char* v : {"0", "1", "01", "99999999999999999999"}) EXPECT_FALSE(version_less(v, v));
}

TEST(VersionLess, NumbersBeyondSixtyFourBitsStillCompare) {
  EXPECT_TRUE(version_less("99999999999999999999", "100000000000000000000"));
}

TEST(ScanMigrations, AMissingDirectoryIsNoMigrations) {
  TempDir t;
  auto r = scan_migrations(t.path("nope"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
}

TEST(ScanMigrations, SortsByNumericVersionAndPairsDownFiles) {
  TempDir t;
  t.write("10_third.sql", "SELECT 3;\n");
  t.write("9_second.sql", "SELECT 2;\n");
  t.write("1_first.sql", "SELECT 1;\n");
  t.write("9_second.down.sql", "SELECT -2;\n");
  auto r = scan_migrations(t.root());
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(versions(*r), (std::vector<std::string>{"1", "9", "10"}));
  EXPECT_EQ((*r)[1].name, "second");
  EXPECT_EQ((*r)[1].down_path, t.path("9_second.down.sql"));
  EXPECT_TRUE((*r)[0].down_path.empty());
}

TEST(ScanMigrations, AVersionAloneIsAName) {
  // Supabase-style "<version>.sql" with no name part.
  TempDir t;
  t.write("20240101000000.sql", "SELECT 1;");
  auto r = scan_migrations(t.root());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].name, "");
}

TEST(ScanMigrations, IgnoresOtherFilesAndSubdirectories) {
  TempDir t;
  t.write("README.md", "notes");
  t.write("1_a.sql", "SELECT 1;");
  t.write("archive/2_old.sql", "SELECT 2;");
  auto r = scan_migrations(t.root());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(versions(*r), (std::vector<std::string>{"1"}));
}

TEST(ScanMigrations, AMisnamedSqlFileIsAnErrorNamingIt) {
  TempDir t;
  t.write("1_a.sql", "");
  t.write("add_users.sql", "");
  auto r = scan_migrations(t.root());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.file, t.path("add_users.sql").string());
  EXPECT_NE(r.error().hint.find("strata db new"), std::string::npos);
}

TEST(ScanMigrations, ADigitPrefixWithoutUnderscoreIsMisnamed) {
  TempDir t;
  t.write("1-a.sql", "");
  EXPECT_FALSE(scan_migrations(t.root()).ok());
}

TEST(ScanMigrations, DuplicateVersionsAreAnErrorNamingBoth) {
  TempDir t;
  t.write("5_a.sql", "");
  t.write("5_b.sql", "");
  auto r = scan_migrations(t.root());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.file, t.path("5_b.sql").string());
  EXPECT_NE(r.error().message.find("5_a.sql"), std::string::npos) << r.error().message;
}

TEST(ScanMigrations, VersionsEqualAsNumbersAreDuplicates) {
  // "5" and "005" are the same version to version_less, so both would be
  // neither applied before nor after the other.
  TempDir t;
  t.write("5_a.sql", "");
  t.write("005_b.sql", "");
  auto r = scan_migrations(t.root());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("duplicate migration version"), std::string::npos)
      << r.error().message;
}

TEST(ScanMigrations, ADownFilePairsWithItsUpFileWhateverTheZeros) {
  TempDir t;
  t.write("007_a.sql", "");
  t.write("7_a.down.sql", "");
  auto r = scan_migrations(t.root());
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ((*r)[0].down_path, t.path("7_a.down.sql"));
  EXPECT_EQ((*r)[0].version, "007");  // kept as written: it is what history records
}

TEST(ScanMigrations, ADownFileWithoutItsUpFileIsAnError) {
  TempDir t;
  t.write("1_a.sql", "");
  t.write("2_b.down.sql", "");
  auto r = scan_migrations(t.root());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().loc.file, t.path("2_b.down.sql").string());
}

TEST(ScanMigrations, LineEndingsAreNormalisedBeforeTheChecksum) {
  TempDir unix_dir, dos_dir;
  unix_dir.write("1_a.sql", "CREATE TABLE t (id int);\nSELECT 1;\n");
  dos_dir.write("1_a.sql", "CREATE TABLE t (id int);\r\nSELECT 1;\r\n");
  auto u = scan_migrations(unix_dir.root());
  auto d = scan_migrations(dos_dir.root());
  ASSERT_TRUE(u.ok() && d.ok());
  EXPECT_EQ((*u)[0].sql, (*d)[0].sql);
  EXPECT_EQ((*u)[0].checksum, (*d)[0].checksum);
  EXPECT_EQ((*u)[0].checksum, sql_checksum((*u)[0].sql));
}

TEST(ScanMigrations, AnyEditChangesTheChecksum) {
  EXPECT_NE(sql_checksum("SELECT 1;"), sql_checksum("SELECT 1; "));
  EXPECT_EQ(sql_checksum("SELECT 1;"), sql_checksum("SELECT 1;"));
}

TEST(ScanMigrations, NoTransactionOnlyAsTheFirstLine) {
  TempDir t;
  t.write("1_a.sql", "-- strata:no-transaction  \r\nCREATE INDEX CONCURRENTLY i ON t (x);\n");
  t.write("2_b.sql", "SELECT 1;\n-- strata:no-transaction\n");
  t.write("3_c.sql", "-- strata:no-transaction-please\nSELECT 1;\n");
  auto r = scan_migrations(t.root());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE((*r)[0].no_transaction);
  EXPECT_FALSE((*r)[1].no_transaction);
  EXPECT_FALSE((*r)[2].no_transaction);
}

TEST(NewMigrationPath, NameIsSluggedToLowercaseWords) {
  TempDir t;
  auto p = new_migration_path(t.root(), "  Add--Users' Email (v2) ");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p->filename().string().ends_with("_add_users_email_v2.sql")) << *p;
}

TEST(NewMigrationPath, ANameWithoutLettersOrDigitsIsRefused) {
  TempDir t;
  auto p = new_migration_path(t.root(), "--- !");
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("letters or digits"), std::string::npos);
}

TEST(NewMigrationPath, CarriesOverWhenTheNewestVersionIsAllNines) {
  TempDir t;
  t.write("99999999999999_last.sql", "");
  auto p = new_migration_path(t.root(), "next");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->filename(), "100000000000000_next.sql");
}

TEST(NewMigrationPath, IsRefusedWhenTheDirectoryIsBroken) {
  TempDir t;
  t.write("oops.sql", "");
  EXPECT_FALSE(new_migration_path(t.root(), "x").ok());
}

TEST(NewMigrationPath, TheNewVersionSortsAfterEveryExistingOne) {
  TempDir t;
  t.write("1_a.sql", "");
  auto p = new_migration_path(t.root(), "b");
  ASSERT_TRUE(p.ok());
  std::string v = p->filename().string().substr(0, p->filename().string().find('_'));
  EXPECT_TRUE(version_less("1", v));
  t.write(p->filename().string(), "");
  auto again = scan_migrations(t.root());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->back().name, "b");
}

}  // namespace
}  // namespace strata::db
