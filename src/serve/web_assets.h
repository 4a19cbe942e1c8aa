#pragma once
// Private to the serve module: the web page's files, compiled in from web/ (see CMakeLists.txt).
#include <string_view>
#include <vector>

namespace kabar::serve {

struct WebAsset {
  std::string_view path;  ///< URL path, e.g. "/app.js"
  std::string_view content_type;
  std::string_view body;
};

/// Every file of web/, in build order.
const std::vector<WebAsset>& web_assets();

}  // namespace kabar::serve
