// S3 website endpoints: which hosts are website hosts, where redirects go, and the HTML pages.
#include <gtest/gtest.h>

#include "services/s3/website_hosting.hpp"

namespace awsemu::s3 {
namespace {

TEST(S3Website, WebsiteHostForms) {
  EXPECT_TRUE(website::isWebsiteHost("b.s3-website-us-east-1.amazonaws.com"));
  EXPECT_TRUE(website::isWebsiteHost("my.site.s3-website.eu-west-1.amazonaws.com"));
  EXPECT_TRUE(website::isWebsiteHost("b.s3-website.localhost.localstack.cloud:4566"));
  EXPECT_TRUE(website::isWebsiteHost("B.S3-WEBSITE.localhost"));
  EXPECT_FALSE(website::isWebsiteHost("b.s3.us-east-1.amazonaws.com"));
  EXPECT_FALSE(website::isWebsiteHost("s3-website-us-east-1.amazonaws.com"));  // no bucket
  EXPECT_FALSE(website::isWebsiteHost("b.s3-websitex.example"));
}

TEST(S3Website, RedirectAllRequestsKeepsThePath) {
  Json configuration = {{"RedirectAllRequestsTo", {{"HostName", "example.com"}}}};
  auto redirect = website::redirectFor(configuration, "a b/c.html", std::nullopt, "h", "http");
  ASSERT_TRUE(redirect);
  EXPECT_EQ(redirect->status, 301);
  EXPECT_EQ(redirect->location, "http://example.com/a%20b/c.html");
}

TEST(S3Website, RoutingRulesInOrder) {
  Json configuration = Json::parse(R"({"RoutingRules": [
      {"Condition": {"KeyPrefixEquals": "docs/"},
       "Redirect": {"ReplaceKeyPrefixWith": "documents/", "HttpRedirectCode": "302"}},
      {"Condition": {"KeyPrefixEquals": "img/", "HttpErrorCodeReturnedEquals": "404"},
       "Redirect": {"HostName": "cdn.example.com", "Protocol": "https"}},
      {"Condition": {"HttpErrorCodeReturnedEquals": "403"},
       "Redirect": {"ReplaceKeyWith": "denied.html"}}]})");
  auto moved = website::redirectFor(configuration, "docs/a.html", std::nullopt, "site", "http");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->status, 302);
  EXPECT_EQ(moved->location, "http://site/documents/a.html");
  // Error conditions hold only for that error.
  EXPECT_FALSE(website::redirectFor(configuration, "img/x.png", std::nullopt, "site", "http"));
  EXPECT_FALSE(website::redirectFor(configuration, "img/x.png", 500, "site", "http"));
  auto missing = website::redirectFor(configuration, "img/x.png", 404, "site", "http");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->location, "https://cdn.example.com/img/x.png");
  EXPECT_EQ(website::redirectFor(configuration, "any", 403, "site", "http")->location,
            "http://site/denied.html");
}

TEST(S3Website, ErrorPageListsTheErrorAndTheErrorDocumentsOwn) {
  AwsError missing("NoSuchKey", "The specified key does not exist.", 404);
  missing.with("Key", "a<b");
  AwsError denied("AccessDenied", "Access Denied", 403);
  std::string page = website::errorPage(missing, "REQ1", &denied);
  EXPECT_NE(page.find("<title>404 Not Found</title>"), std::string::npos);
  EXPECT_NE(page.find("<li>Code: NoSuchKey</li>"), std::string::npos);
  EXPECT_NE(page.find("<li>Key: a&lt;b</li>"), std::string::npos);
  EXPECT_NE(page.find("<li>RequestId: REQ1</li>"), std::string::npos);
  EXPECT_NE(page.find("<h3>An Error Occurred While Attempting to Retrieve a Custom Error "
                      "Document</h3>\n<ul>\n<li>Code: AccessDenied</li>"),
            std::string::npos);
}

}  // namespace
}  // namespace awsemu::s3
