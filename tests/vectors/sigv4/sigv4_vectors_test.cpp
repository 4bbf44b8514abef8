// The AWS SigV4 test suite (shared/testdata/sigv4, every case folder holding a .req): for each case
// the canonical request (.creq), string to sign (.sts) and Authorization header (.authz) computed
// from the unsigned request (.req), and the signed request (.sreq) passing the verifier (and
// failing once one signature character changes). Cases that cannot pass are listed with their
// reason in known_failures.txt beside this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "awsemu/auth/canonical_request.hpp"
#include "awsemu/auth/signature.hpp"
#include "awsemu/auth/sigv4_verifier.hpp"
#include "awsemu/core/encoding.hpp"
#include "tests/unit/auth/auth_test_support.hpp"

namespace awsemu::auth {
namespace {

namespace fs = std::filesystem;
using testing::FixedClock;
using testing::MapStore;

constexpr std::string_view kAccessKey = "AKIDEXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kAmzDate = "20150830T123600Z";
constexpr std::string_view kScope = "20150830/us-east-1/service/aws4_request";

fs::path suiteDir() { return fs::path(AWSEMU_SHARED_DIR) / "testdata" / "sigv4"; }

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct VectorCase {
  std::string name;  // folder path relative to the suite, e.g. "normalize-path/get-slash"
  fs::path dir;
  std::string file(std::string_view extension) const {
    return readFile(dir / (dir.filename().string() + std::string(extension)));
  }
  friend void PrintTo(const VectorCase& vector, std::ostream* out) { *out << vector.name; }
};

std::vector<VectorCase> discoverCases() {
  std::vector<VectorCase> cases;
  if (!fs::exists(suiteDir())) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(suiteDir())) {
    if (!entry.is_directory()) continue;
    auto req = entry.path() / (entry.path().filename().string() + ".req");
    if (fs::exists(req))
      cases.push_back({fs::relative(entry.path(), suiteDir()).generic_string(), entry.path()});
  }
  std::sort(cases.begin(), cases.end(),
            [](const VectorCase& a, const VectorCase& b) { return a.name < b.name; });
  return cases;
}

// "case-name: reason" lines.
std::map<std::string, std::string> knownFailures() {
  std::map<std::string, std::string> out;
  std::istringstream lines(
      readFile(fs::path(AWSEMU_SOURCE_DIR) / "tests/vectors/sigv4/known_failures.txt"));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon != std::string::npos) out[line.substr(0, colon)] = line.substr(colon + 1);
  }
  return out;
}

// The suite's HTTP files: request line, headers (continuation lines start with white space and
// are kept with their line break, which canonicalisation folds), blank line, body.
HttpRequest parseHttpFile(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    start = end + 1;
  }
  HttpRequest request;
  const std::string& first = lines.at(0);
  auto space = first.find(' ');
  auto version = first.rfind(" HTTP/");
  request.method = first.substr(0, space);
  request.setTarget(first.substr(space + 1, version - space - 1));
  std::size_t i = 1;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const std::string& line = lines[i];
    if ((line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      request.headers.back().second += "\n" + line;
      continue;
    }
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
    request.headers.emplace_back(name, line.substr(colon + 1));
  }
  std::string body;
  for (std::size_t j = i + 1; j < lines.size(); ++j) body += (j > i + 1 ? "\n" : "") + lines[j];
  request.body.memory = body;
  request.body.size = body.size();
  return request;
}

std::string signedHeaderNames(const HttpRequest& request) {
  std::set<std::string> names;
  for (const auto& [name, value] : request.headers) names.insert(name);
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ";") + name;
  return out;
}

std::string trimNewline(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

class SigV4Vectors : public ::testing::TestWithParam<VectorCase> {
 protected:
  void SetUp() override {
    auto known = knownFailures();
    if (auto it = known.find(GetParam().name); it != known.end())
      GTEST_SKIP() << "known failure:" << it->second;
  }
};

TEST_P(SigV4Vectors, CanonicalRequestStringToSignAndAuthorization) {
  const VectorCase& vector = GetParam();
  HttpRequest request = parseHttpFile(vector.file(".req"));
  std::string signed_headers = signedHeaderNames(request);
  std::string payload_hash = encoding::sha256Hex(request.body.memory);
  CanonicalInput input{request.method,   request.path,   request.query,
                       &request.headers, signed_headers, payload_hash};
  std::string canonical = canonicalRequest(input);
  EXPECT_EQ(canonical, trimNewline(vector.file(".creq")));

  std::string to_sign = stringToSign(kAmzDate, kScope, canonical);
  EXPECT_EQ(to_sign, trimNewline(vector.file(".sts")));

  SigningKey key = deriveSigningKey(kSecret, "20150830", "us-east-1", "service");
  std::string authorization = "AWS4-HMAC-SHA256 Credential=" + std::string(kAccessKey) + "/" +
                              std::string(kScope) + ", SignedHeaders=" + signed_headers +
                              ", Signature=" + signatureHex(key, to_sign);
  EXPECT_EQ(authorization, trimNewline(vector.file(".authz")));
}

// Verifies the signed request; the session token (if any) is the one "issued" with the key.
Caller verifySigned(const HttpRequest& request, VerifyMode mode = VerifyMode::Strict) {
  MapStore store;
  Credential credential;
  credential.access_key_id = kAccessKey;
  credential.secret_access_key = kSecret;
  credential.account_id = "111122223333";
  credential.arn = "arn:aws:iam::111122223333:user/example";
  credential.user_id = "AIDAEXAMPLE";
  if (const auto* token = request.header("x-amz-security-token")) credential.session_token = *token;
  store.add(credential);
  FixedClock clock(kAmzDate);
  SigV4Verifier verifier(store, mode, clock);
  return testing::authenticateFully(verifier, request);
}

TEST_P(SigV4Vectors, SignedRequestVerifies) {
  HttpRequest request = parseHttpFile(GetParam().file(".sreq"));
  SignatureInfo signature = parseSignature(request);
  EXPECT_EQ(signature.kind, SignatureInfo::Kind::Header);
  EXPECT_EQ(signature.access_key_id, kAccessKey);
  EXPECT_EQ(signature.region, "us-east-1");
  EXPECT_EQ(signature.service, "service");
  EXPECT_EQ(signature.amz_date, kAmzDate);
  Caller caller = verifySigned(request);
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_FALSE(caller.body_hash_required);
  EXPECT_EQ(caller.account_id, "111122223333");
  EXPECT_EQ(caller.arn, "arn:aws:iam::111122223333:user/example");
}

TEST_P(SigV4Vectors, OneChangedSignatureCharacterFails) {
  HttpRequest request = parseHttpFile(GetParam().file(".sreq"));
  for (auto& [name, value] : request.headers) {
    if (name != "authorization") continue;
    char& last = value.back();
    last = last == '0' ? '1' : '0';
  }
  testing::expectAwsError([&] { verifySigned(request); }, "SignatureDoesNotMatch", 403);
}

std::string caseName(const ::testing::TestParamInfo<VectorCase>& info) {
  std::string name = info.param.name;
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(AwsSuite, SigV4Vectors, ::testing::ValuesIn(discoverCases()), caseName);

// The consistent part of the defective get-vanilla-with-session-token case (known_failures.txt).
TEST(SigV4VectorSuite, SessionTokenCaseWithAuthzSignature) {
  VectorCase vector{"get-vanilla-with-session-token",
                    suiteDir() / "get-vanilla-with-session-token"};
  if (!fs::exists(vector.dir)) GTEST_SKIP() << "suite not present";
  HttpRequest request = parseHttpFile(vector.file(".sreq"));
  std::erase_if(request.headers,
                [](const auto& header) { return header.first == "authorization"; });
  std::string signed_headers = signedHeaderNames(request);
  std::string payload_hash = encoding::sha256Hex("");
  CanonicalInput input{request.method,   request.path,   request.query,
                       &request.headers, signed_headers, payload_hash};
  EXPECT_EQ(canonicalRequest(input), trimNewline(vector.file(".creq")));
  request.headers.emplace_back("authorization", trimNewline(vector.file(".authz")));
  Caller caller = verifySigned(request);
  EXPECT_TRUE(caller.signature_verified);
  EXPECT_EQ(caller.session_token,
            "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267");
}

TEST(SigV4VectorSuite, EveryCaseFolderIsCovered) {
  // 28 case folders at the top level and inside post-sts-token/, plus normalize-path/*.
  EXPECT_GE(discoverCases().size(), 28u);
}

}  // namespace
}  // namespace awsemu::auth
