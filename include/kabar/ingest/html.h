#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kabar/core/document.h"

namespace kabar::ingest {

/// The main text and metadata of one HTML page.
struct HtmlArticle {
  std::string text;   ///< paragraphs separated by one "\n"; not yet normalised
  DocumentMeta meta;  ///< title, url, outlet, author, published as found in the page
  std::vector<std::string> warnings;  ///< e.g. markup nested too deeply: tags stripped instead
};

/// Extracts the article body of `html` (valid UTF-8; malformed markup is tolerated): the
/// <article>, itemprop="articleBody" or article/content-like element, else <body>, without
/// navigation, scripts, styles, headers, footers, asides, forms, comments and link-dense blocks
/// such as menus and "Baca juga" lists. Meta comes from Open Graph, meta tags, JSON-LD, <title>.
/// Markup nested more than a few thousand levels deep (hostile input that makes HTML parsers slow
/// or overflow the stack) is not parsed: its tags are stripped, with a warning.
HtmlArticle extract_html(std::string_view html);

}  // namespace kabar::ingest
