#include "writer/binxml_template.hpp"

namespace evtxdiag::evtx {
namespace {

void append_text(std::string& out, const std::u16string& text) {
  out += std::to_string(text.size());
  out += ':';
  for (char16_t c : text) {
    out += static_cast<char>(c & 0xFF);
    out += static_cast<char>(c >> 8);
  }
}

void append_substitution(std::string& out, const Substitution& sub) {
  out += sub.optional ? 'o' : 'n';
  out += std::to_string(sub.index);
  out += '/';
  out += std::to_string(sub.type);
  out += ';';
}

void append_element(std::string& out, const TemplateElement& element) {
  out += '<';
  append_text(out, element.name);
  out += '#';
  out += std::to_string(element.dependency);
  for (const TemplateAttribute& attribute : element.attributes) {
    out += '@';
    append_text(out, attribute.name);
    if (attribute.substitution) {
      append_substitution(out, *attribute.substitution);
    } else {
      out += 't';
      append_text(out, attribute.text);
    }
  }
  out += '>';
  for (const TemplateElement& child : element.children) append_element(out, child);
  if (!element.text.empty()) {
    out += 't';
    append_text(out, element.text);
  }
  if (element.substitution) append_substitution(out, *element.substitution);
  out += element.close_empty ? "/" : "";
  out += '.';
}

std::uint64_t fnv1a64(const std::string& data, std::uint64_t basis) {
  std::uint64_t h = basis;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

}  // namespace

std::string canonical_key(const TemplateElement& root) {
  std::string out;
  append_element(out, root);
  return out;
}

std::array<std::uint8_t, 16> template_guid(const std::string& key) {
  const std::uint64_t low = fnv1a64(key, 0xCBF29CE484222325ULL);
  const std::uint64_t high = fnv1a64(key, low ^ 0x9E3779B97F4A7C15ULL);
  std::array<std::uint8_t, 16> guid{};
  for (std::size_t k = 0; k < 8; ++k) {
    guid[k] = static_cast<std::uint8_t>(low >> (8 * k));
    guid[8 + k] = static_cast<std::uint8_t>(high >> (8 * k));
  }
  return guid;
}

}  // namespace evtxdiag::evtx
