#include "src/gateway/form_params.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

namespace awsemu::gateway {

std::optional<std::string> findFormParam(std::string_view encoded, std::string_view name) {
  auto parsed = boost::urls::parse_query(encoded);
  if (!parsed) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  boost::urls::params_view params(*parsed, options);
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  auto param = *it;
  return param.has_value ? std::string(param.value) : std::string();
}

}  // namespace awsemu::gateway
