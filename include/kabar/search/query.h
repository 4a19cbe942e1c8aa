#pragma once
// The user's query syntax, translated to a safe SQLite FTS5 MATCH expression.
#include <functional>
#include <string>
#include <string_view>

#include "kabar/core/result.h"

namespace kabar::search {

/// Decides whether a word or phrase yields any index terms (`prefix`: typed as "word*").
/// Words that yield none (punctuation, a lone "-") are dropped from the query.
using HasTerms = std::function<bool(std::string_view text, bool prefix)>;

/// Translates `user` to an FTS5 expression. Syntax: words (AND-ed), "quoted phrases",
/// word* (prefix), OR, AND, NOT word / -word (excluded), parentheses. Every word and phrase
/// becomes an FTS5 quoted string (so FTS5 keywords, column names and special characters in
/// the input are plain text), and groups are fully parenthesised. Fails with a message naming
/// the problem on unbalanced quotes or parentheses, a dangling OR/NOT, a group of only
/// excluded words, nothing searchable, or a query too long or too deeply nested.
kabar::Result<std::string> to_fts5(std::string_view user, const HasTerms& has_terms);

}  // namespace kabar::search
