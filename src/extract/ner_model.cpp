// Averaged structured perceptron over BIO tags: hashed features, first-order Viterbi.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>

#include <sys/mman.h>

#include "kabar/core/hash.h"
#include "kabar/extract/ner.h"

namespace kabar::extract {

namespace {

constexpr uint64_t kRows = uint64_t(1) << NerModel::kRowsLog2;
constexpr int kT = kNerTags;
// In memory a weight row is padded to 16 int16 (32 bytes, aligned): one cache line per row read.
constexpr int kStride = 16;
static_assert(kStride >= kT);
constexpr char kMagic[8] = {'K', 'A', 'B', 'A', 'R', 'N', 'E', 'R'};
constexpr uint32_t kVersion = 1;

inline uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t h = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL + (a << 6) + (a >> 2));
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  return h;
}

inline uint32_t row_of(uint64_t h) { return uint32_t(h >> (64 - NerModel::kRowsLog2)); }

inline bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Short word shape: runs of the same class collapsed (Xx, X, d, x-x, X.X.).
uint64_t shape_hash(std::string_view w) {
  char buf[16];
  size_t n = 0;
  char last = 0;
  for (unsigned char c : w) {
    char k = is_upper(c) ? 'X' : is_lower(c) ? 'x' : is_digit(c) ? 'd' : c >= 0x80 ? 'u' : char(c);
    if (k != last && n < sizeof buf) buf[n++] = k;
    last = k;
  }
  return hash64(std::string_view(buf, n), 77);
}

// Templates. The value of case-dependent templates is conjoined with "sentence is cased".
enum Tpl : uint64_t {
  kBias = 1, kWord, kLower, kLowerM1, kLowerM2, kLowerP1, kLowerP2, kBiM1, kBiP1, kPre, kSuf,
  kShape, kShapeM1, kShapeP1, kShape3, kStartCap, kCapPattern, kGaz, kGazM1, kGazP1, kRoleBefore,
  kRoleIn, kLen, kLowerM1Shape, kLowerP1Shape, kGazWord, kRoleBefore2, kClass, kClassM1, kClassP1, kClassLower,
};

inline uint64_t fkey(Tpl t, uint64_t v) { return mix(uint64_t(t) * 0x51ED27ULL + 1, v); }

}  // namespace

template <class T>
T* HugePageAllocator<T>::allocate(size_t n) {
  constexpr size_t kHuge = size_t(2) << 20;
  const size_t bytes = (n * sizeof(T) + kHuge - 1) / kHuge * kHuge;
  void* p = std::aligned_alloc(kHuge, bytes);
  if (!p) throw std::bad_alloc();
  madvise(p, bytes, MADV_HUGEPAGE);  // advice only: without it the table works on small pages
  return static_cast<T*>(p);
}

template <class T>
void HugePageAllocator<T>::deallocate(T* p, size_t) noexcept {
  std::free(p);
}

template struct HugePageAllocator<int16_t>;

const char* ner_tag_name(uint8_t tag) {
  static const char* kNames[] = {"O",      "B-PER", "I-PER",  "B-ORG", "I-ORG",
                                 "B-LOC",  "I-LOC", "B-MISC", "I-MISC"};
  return tag < kT ? kNames[tag] : "?";
}

void NerModel::extract_features(std::span<const std::string_view> words, const NerLexicon& lexicon,
                                 NerDomain domain, NerScratch& s) {
  const size_t n = words.size();
  s.lower_store.resize(std::max(s.lower_store.size(), n));
  s.lower.resize(n);
  s.word_hash.resize(n);
  s.lower_hash.resize(n);
  std::vector<uint64_t>& shape = s.shape_hash;
  shape.resize(n);
  s.flags.resize(n);
  bool cased = false;
  for (size_t i = 0; i < n; ++i) {
    std::string& l = s.lower_store[i];
    l.assign(words[i]);
    uint8_t f = 0;
    for (char& c : l) {
      if (is_upper(static_cast<unsigned char>(c))) {
        c = char(c + 32);
        cased = true;
      }
    }
    if (!words[i].empty() && is_upper(static_cast<unsigned char>(words[i][0]))) f |= 1;
    s.flags[i] = f;
    s.lower[i] = l;
    s.word_hash[i] = hash64(words[i]);
    s.lower_hash[i] = hash64(l);
    shape[i] = shape_hash(words[i]);
  }
  lexicon.gazetteer_marks(s.lower, s.gaz, &s.gaz_matches);
  s.gaz_lexicon = &lexicon;
  s.gaz_tokens = n;
  lexicon.role_marks(s.lower, s.role);
  s.word_class.resize(n);  // looked up once per word, read for the word and its neighbours
  for (size_t i = 0; i < n; ++i) s.word_class[i] = lexicon.word_class(s.lower_hash[i]);

  const uint64_t cz = cased ? 0x1000 : 0x2000;
  const uint64_t kBos = 0xB05, kEos = 0xE05;
  auto lh = [&](ptrdiff_t j) -> uint64_t {
    if (j < 0) return kBos + uint64_t(-j);
    if (size_t(j) >= n) return kEos + uint64_t(j - ptrdiff_t(n));
    return s.lower_hash[size_t(j)];
  };
  auto sh = [&](ptrdiff_t j) -> uint64_t {
    if (j < 0) return kBos;
    if (size_t(j) >= n) return kEos;
    return shape[size_t(j)];
  };
  auto cap = [&](ptrdiff_t j) -> uint64_t {
    if (j < 0 || size_t(j) >= n) return 2;
    return s.flags[size_t(j)] & 1;
  };
  auto gz = [&](ptrdiff_t j) -> uint64_t {
    if (j < 0 || size_t(j) >= n) return 0x100;
    return s.gaz[size_t(j)];
  };

  const uint64_t dom = uint64_t(domain);
  s.feats.clear();
  s.offsets.assign(1, 0);
  uint64_t keys[64];
  for (size_t ii = 0; ii < n; ++ii) {
    const ptrdiff_t i = ptrdiff_t(ii);
    size_t k = 0;
    const std::string_view l = s.lower[ii];
    keys[k++] = fkey(kBias, cz);
    if (cased) keys[k++] = fkey(kWord, s.word_hash[ii]);
    keys[k++] = fkey(kLower, lh(i));
    keys[k++] = fkey(kLowerM1, lh(i - 1));
    keys[k++] = fkey(kLowerM2, lh(i - 2));
    keys[k++] = fkey(kLowerP1, lh(i + 1));
    keys[k++] = fkey(kLowerP2, lh(i + 2));
    keys[k++] = fkey(kBiM1, mix(lh(i - 1), lh(i)));
    keys[k++] = fkey(kBiP1, mix(lh(i), lh(i + 1)));
    for (size_t p = 1; p <= 4 && p <= l.size(); ++p) {
      keys[k++] = fkey(kPre, hash64(l.substr(0, p), p));
      keys[k++] = fkey(kSuf, hash64(l.substr(l.size() - p), p));
    }
    keys[k++] = fkey(kShape, mix(cz, sh(i)));
    keys[k++] = fkey(kShapeM1, mix(cz, sh(i - 1)));
    keys[k++] = fkey(kShapeP1, mix(cz, sh(i + 1)));
    keys[k++] = fkey(kShape3, mix(cz, mix(sh(i - 1), mix(sh(i), sh(i + 1)))));
    if (cased) {
      keys[k++] = fkey(kStartCap, (i == 0 ? 2 : 0) + cap(i));
      keys[k++] = fkey(kCapPattern, cap(i - 1) * 9 + cap(i) * 3 + cap(i + 1));
    }
    keys[k++] = fkey(kLen, std::min<size_t>(l.size(), 12));
    keys[k++] = fkey(kLowerM1Shape, mix(cz, mix(lh(i - 1), sh(i))));
    keys[k++] = fkey(kLowerP1Shape, mix(cz, mix(lh(i + 1), sh(i))));
    const uint64_t wc = s.word_class[ii];
    const uint64_t wcm = i > 0 ? s.word_class[ii - 1] : 0x100;
    const uint64_t wcp = ii + 1 < n ? s.word_class[ii + 1] : 0x100;
    keys[k++] = fkey(kClass, mix(cz, wc));
    keys[k++] = fkey(kClassM1, mix(cz, mix(wcm, wc)));
    keys[k++] = fkey(kClassP1, mix(cz, mix(wc, wcp)));
    keys[k++] = fkey(kClassLower, mix(cz, mix(wc, sh(i))));
    const uint8_t g = s.gaz[ii];
    for (int b = 0; b < 8; ++b) {
      if (g & (1u << b)) keys[k++] = fkey(kGaz, mix(cz, uint64_t(b)));
    }
    if (g) keys[k++] = fkey(kGazWord, mix(g, lh(i)));
    keys[k++] = fkey(kGazM1, mix(gz(i - 1), g));
    keys[k++] = fkey(kGazP1, mix(gz(i + 1), g));
    const uint64_t rb = (i > 0 ? s.role[ii - 1] : 0);
    const uint64_t rb2 = (i > 1 ? s.role[ii - 2] : 0);
    if (rb & 2) keys[k++] = fkey(kRoleBefore, mix(cz, cap(i)));
    if (rb2 & 2) keys[k++] = fkey(kRoleBefore2, mix(cz, cap(i)));
    if (s.role[ii]) keys[k++] = fkey(kRoleIn, s.role[ii]);
    for (size_t j = 0; j < k; ++j) {
      s.feats.push_back(row_of(keys[j]));
      if (dom != 0) s.feats.push_back(row_of(mix(keys[j], dom)));
    }
    s.offsets.push_back(uint32_t(s.feats.size()));
  }
}

void NerModel::viterbi(std::span<const float> emit, size_t n, std::span<const float> trans,
                       NerScratch& s, std::vector<uint8_t>& tags) {
  tags.assign(n, kTagO);
  if (n == 0) return;
  constexpr float kNeg = -1e30f;
  auto allowed = [](int prev, int cur) {
    // I-X only after B-X or I-X; prev == kT is the start state.
    if (cur == 0 || cur % 2 == 1) return true;
    if (prev == kT || prev == 0) return false;
    return (prev - 1) / 2 == (cur - 1) / 2;
  };
  s.delta.resize(n * kT);
  s.back.resize(n * kT);
  for (int t = 0; t < kT; ++t) {
    s.delta[t] = allowed(kT, t) ? emit[t] + trans[kT * kT + t] : kNeg;
    s.back[t] = 0;
  }
  for (size_t i = 1; i < n; ++i) {
    const float* prev = &s.delta[(i - 1) * kT];
    for (int t = 0; t < kT; ++t) {
      float best = kNeg;
      int arg = 0;
      for (int p = 0; p < kT; ++p) {
        if (!allowed(p, t)) continue;
        float v = prev[p] + trans[p * kT + t];
        if (v > best) {
          best = v;
          arg = p;
        }
      }
      s.delta[i * kT + t] = best + emit[i * kT + t];
      s.back[i * kT + t] = uint8_t(arg);
    }
  }
  int best = 0;
  for (int t = 1; t < kT; ++t) {
    if (s.delta[(n - 1) * kT + t] > s.delta[(n - 1) * kT + best]) best = t;
  }
  for (size_t i = n; i-- > 0;) {
    tags[i] = uint8_t(best);
    best = s.back[i * kT + best];
  }
}

namespace {

// Emission scores from float weights.
void emissions(const float* w, const NerScratch& s, size_t n, std::vector<float>& emit) {
  emit.assign(n * kT, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    float* e = &emit[i * kT];
    for (uint32_t j = s.offsets[i]; j < s.offsets[i + 1]; ++j) {
      const float* r = w + size_t(s.feats[j]) * kT;
      for (int t = 0; t < kT; ++t) e[t] += r[t];
    }
  }
}

// splitmix64 sequence: deterministic on every platform (std::shuffle is not).
struct Rng {
  uint64_t x;
  uint64_t next() {
    uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
};

}  // namespace

NerModel NerModel::train(const std::vector<NerSentence>& data, const NerLexicon& lexicon,
                         const NerTrainConfig& config) {
  // Features of every sentence, computed once.
  std::vector<std::vector<uint32_t>> feats(data.size()), offs(data.size());
  NerScratch s;
  std::vector<std::string_view> words;
  for (size_t k = 0; k < data.size(); ++k) {
    words.assign(data[k].words.begin(), data[k].words.end());
    extract_features(words, lexicon,
                     config.domain_features ? data[k].domain : NerDomain::kGeneral, s);
    feats[k] = s.feats;
    offs[k] = s.offsets;
  }
  const size_t nw = kRows * kT, ntr = (kT + 1) * kT;
  std::vector<float> w(nw, 0.0f), tr(ntr, 0.0f);
  std::vector<double> u(nw, 0.0), utr(ntr, 0.0);
  double c = 1;
  std::vector<size_t> order(data.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  Rng rng{config.seed};
  std::vector<float> emit;
  std::vector<uint8_t> pred;
  for (int epoch = 0; epoch < config.epochs; ++epoch) {
    for (size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[rng.next() % k]);
    for (size_t idx : order) {
      const NerSentence& sen = data[idx];
      const size_t n = sen.words.size();
      if (n == 0) continue;
      s.feats = feats[idx];
      s.offsets = offs[idx];
      emissions(w.data(), s, n, emit);
      viterbi(emit, n, tr, s, pred);
      if (pred != sen.tags) {
        for (size_t i = 0; i < n; ++i) {
          const int g = sen.tags[i], p = pred[i];
          const int gp = i == 0 ? kT : sen.tags[i - 1], pp = i == 0 ? kT : pred[i - 1];
          if (g != gp || p != pp || g != p) {
            tr[gp * kT + g] += 1;
            utr[gp * kT + g] += c;
            tr[pp * kT + p] -= 1;
            utr[pp * kT + p] -= c;
          }
          if (g == p) continue;
          for (uint32_t j = s.offsets[i]; j < s.offsets[i + 1]; ++j) {
            const size_t r = size_t(s.feats[j]) * kT;
            w[r + g] += 1;
            u[r + g] += c;
            w[r + p] -= 1;
            u[r + p] -= c;
          }
        }
      }
      c += 1;
    }
  }
  NerModel m;
  m.domain_features_ = config.domain_features;
  // Averaged weights, quantised to int16 exactly as save() stores them.
  float maxabs = 0;
  std::vector<float> avg(nw);
  for (size_t i = 0; i < nw; ++i) {
    avg[i] = float(double(w[i]) - u[i] / c);
    maxabs = std::max(maxabs, std::fabs(avg[i]));
  }
  m.scale_ = maxabs > 0 ? maxabs / 32000.0f : 1.0f;
  m.weights_.assign(kRows * kStride, 0);
  for (size_t i = 0; i < nw; ++i)
    m.weights_[i / kT * kStride + i % kT] = int16_t(std::lround(avg[i] / m.scale_));
  m.trans_.resize(ntr);
  for (size_t i = 0; i < ntr; ++i) m.trans_[i] = float(double(tr[i]) - utr[i] / c);
  return m;
}

void NerModel::tag(std::span<const std::string_view> words, const NerLexicon& lexicon,
                   NerScratch& s, std::vector<uint8_t>& tags, std::vector<float>* confidence,
                   NerDomain domain) const {
  const size_t n = words.size();
  tags.clear();
  if (confidence) confidence->clear();
  if (n == 0) return;
  extract_features(words, lexicon, domain_features_ ? domain : NerDomain::kGeneral, s);
  s.emit.assign(n * kT, 0.0f);
  alignas(32) int32_t acc[kStride];
  // The weight rows are scattered over a table far larger than the caches: fetch the rows of
  // the features kAhead positions on (about four tokens) while summing the current ones. Measured:
  // 16 → 32 → 64 → 128 each faster (a row is 32 bytes, so 128 in flight take 4 KiB of L1).
  constexpr uint32_t kAhead = 128;
  const uint32_t nfeats = uint32_t(s.feats.size());
  for (uint32_t j = 0; j < std::min(kAhead, nfeats); ++j)
    __builtin_prefetch(weights_.data() + size_t(s.feats[j]) * kStride);
  for (size_t i = 0; i < n; ++i) {
    std::fill(acc, acc + kStride, 0);
    for (uint32_t j = s.offsets[i]; j < s.offsets[i + 1]; ++j) {
      if (j + kAhead < nfeats) __builtin_prefetch(weights_.data() + size_t(s.feats[j + kAhead]) * kStride);
      const int16_t* r = weights_.data() + size_t(s.feats[j]) * kStride;
      for (int t = 0; t < kStride; ++t) acc[t] += r[t];  // whole padded row: vectorises
    }
    for (int t = 0; t < kT; ++t) s.emit[i * kT + t] = float(acc[t]) * scale_;
  }
  viterbi(s.emit, n, trans_, s, tags);
  if (confidence) {
    confidence->resize(n);
    for (size_t i = 0; i < n; ++i) {
      const int prev = i == 0 ? kT : tags[i - 1];
      const int cur = tags[i];
      const float mine = s.emit[i * kT + cur] + trans_[prev * kT + cur];
      float other = -std::numeric_limits<float>::infinity();
      for (int t = 0; t < kT; ++t) {
        if (t != cur) other = std::max(other, s.emit[i * kT + t] + trans_[prev * kT + t]);
      }
      (*confidence)[i] = 1.0f / (1.0f + std::exp(-(mine - other) / 4.0f));
    }
  }
}

size_t NerModel::nonzero_rows() const {
  size_t nz = 0;
  for (size_t r = 0; r < kRows; ++r) {
    for (int t = 0; t < kT; ++t) {
      if (weights_[r * kStride + t] != 0) {
        ++nz;
        break;
      }
    }
  }
  return nz;
}

// File: magic, version, rows_log2, tags, flags, scale, transitions (float), nnz rows, then per
// non-zero row: uint32 row id + kT int16 weights. Little-endian.
Status NerModel::save(const std::filesystem::path& file) const {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) return Error{file.string() + ": cannot write the NER model"};
  auto put = [&](const void* p, size_t n) { out.write(static_cast<const char*>(p), std::streamsize(n)); };
  put(kMagic, 8);
  const uint32_t hdr[4] = {kVersion, uint32_t(kRowsLog2), uint32_t(kT), domain_features_ ? 1u : 0u};
  put(hdr, sizeof hdr);
  put(&scale_, sizeof scale_);
  put(trans_.data(), trans_.size() * sizeof(float));
  const uint32_t nnz = uint32_t(nonzero_rows());
  put(&nnz, sizeof nnz);
  for (uint32_t r = 0; r < kRows; ++r) {
    const int16_t* row = &weights_[size_t(r) * kStride];
    bool any = false;
    for (int t = 0; t < kT; ++t) any |= row[t] != 0;
    if (!any) continue;
    put(&r, sizeof r);
    put(row, kT * sizeof(int16_t));
  }
  out.flush();
  if (!out) return Error{file.string() + ": write failed"};
  return Ok{};
}

Result<NerModel> NerModel::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{file.string() + ": cannot open the NER model"};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t pos = 0;
  auto get = [&](void* p, size_t n) {
    if (pos + n > bytes.size()) return false;
    std::memcpy(p, bytes.data() + pos, n);
    pos += n;
    return true;
  };
  char magic[8];
  uint32_t hdr[4];
  NerModel m;
  if (!get(magic, 8) || std::memcmp(magic, kMagic, 8) != 0 || !get(hdr, sizeof hdr)) {
    return Error{file.string() + ": not a kabar NER model"};
  }
  if (hdr[0] != kVersion || hdr[1] != uint32_t(kRowsLog2) || hdr[2] != uint32_t(kT)) {
    return Error{file.string() + ": unsupported NER model version or shape"};
  }
  m.domain_features_ = hdr[3] & 1;
  m.trans_.resize((kT + 1) * kT);
  uint32_t nnz = 0;
  if (!get(&m.scale_, sizeof m.scale_) || !get(m.trans_.data(), m.trans_.size() * sizeof(float)) ||
      !get(&nnz, sizeof nnz)) {
    return Error{file.string() + ": truncated NER model"};
  }
  m.weights_.assign(kRows * kStride, 0);
  for (uint32_t k = 0; k < nnz; ++k) {
    uint32_t r = 0;
    if (!get(&r, sizeof r) || r >= kRows || !get(&m.weights_[size_t(r) * kStride], kT * sizeof(int16_t))) {
      return Error{file.string() + ": truncated or corrupt NER model"};
    }
  }
  if (pos != bytes.size()) return Error{file.string() + ": trailing bytes in NER model"};
  return m;
}

}  // namespace kabar::extract
